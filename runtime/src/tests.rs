//! Runtime tests: the genesis presets build, and pallet-ito dispatches through
//! `RuntimeCall` with the runtime's real pallets.

use super::*;
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungibles::Inspect as _, Get},
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, BuildStorage};

pub(crate) fn ext_from_preset(id: &str) -> sp_io::TestExternalities {
	let json = genesis_config_presets::get_preset(&id.into()).expect("preset exists");
	ext_from_patch(serde_json::from_slice(&json).expect("valid JSON"))
}

pub(crate) fn ext_from_patch(patch: serde_json::Value) -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("valid config");
	let mut ext = sp_io::TestExternalities::new(config.build_storage().expect("genesis builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// `create_ito` by `who`: 2 WORK a token, purchases of 1 to 1,000 WORK, work blocks of 10
/// chain blocks, accepting `assets`.
pub(crate) fn open_ito(
	who: &AccountId,
	name: &[u8],
	assets: Vec<AssetId>,
) -> frame_support::dispatch::DispatchResult {
	Ito::create_ito(
		RuntimeOrigin::signed(who.clone()),
		name.to_vec(),
		2 * UNIT,
		UNIT,
		1_000 * UNIT,
		Some(10),
		None,
		None,
		false,
		assets,
		None,
		None,
	)
}

#[test]
fn presets_are_listed() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), 2);
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn development_genesis_builds() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		// Alice's self-stake is held by staking, not spent.
		assert_eq!(
			Balances::free_balance(&alice),
			genesis_config_presets::ENDOWMENT - genesis_config_presets::VALIDATOR_SELF_STAKE
		);
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&alice),
			genesis_config_presets::ENDOWMENT
		);
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		// Alice is the one bonded validator and the session's one validator; her
		// self-stake is held, not spent.
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert!(pallet_staking::Validators::<Runtime>::contains_key(&alice));
		assert_eq!(
			pallet_staking::Ledger::<Runtime>::get(&alice).map(|l| l.active),
			Some(genesis_config_presets::VALIDATOR_SELF_STAKE)
		);
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 1);
		assert_eq!(pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index), Some(0));
		assert_eq!(pallet_babe::EpochConfig::<Runtime>::get(), Some(BABE_GENESIS_EPOCH_CONFIG));
		assert_eq!(Assets::balance(1, &alice), genesis_config_presets::ASSET_ENDOWMENT);
	});
}

#[test]
fn the_runtime_has_no_sudo() {
	use frame_support::traits::PalletsInfoAccess;
	let names: Vec<&str> = AllPalletsWithSystem::infos().iter().map(|p| p.name).collect();
	assert!(names.contains(&"Referenda") && names.contains(&"Staking"), "{names:?}");
	assert!(!names.contains(&"Sudo"), "{names:?}");
	// Nor does any preset mention a sudo key.
	for name in genesis_config_presets::preset_names() {
		let json = genesis_config_presets::get_preset(&name).expect("listed presets exist");
		assert!(!String::from_utf8_lossy(&json).to_lowercase().contains("sudo"));
	}
}

#[test]
fn local_testnet_genesis_has_three_validators() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 3);
		assert_eq!(Grandpa::grandpa_authorities().len(), 3);
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 3);
	});
}

#[test]
fn local_testnet_genesis_takes_the_first_n_dev_validators() {
	use sp_keyring::Ed25519Keyring;
	// The `local-4` chain of the node: one validator can be down while GRANDPA finalizes.
	ext_from_patch(genesis_config_presets::local_testnet_genesis(4)).execute_with(|| {
		let mut babe: Vec<_> =
			pallet_babe::Authorities::<Runtime>::get().into_iter().map(|(id, _)| id).collect();
		babe.sort();
		let mut expected: Vec<sp_consensus_babe::AuthorityId> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.iter()
		.map(|k| k.public().into())
		.collect();
		expected.sort();
		assert_eq!(babe, expected);
		let grandpa = Grandpa::grandpa_authorities();
		assert_eq!(grandpa.len(), 4);
		assert!(grandpa.contains(&(Ed25519Keyring::Dave.public().into(), 1)));
		assert!(grandpa.iter().all(|(_, weight)| *weight == 1));
	});
	// Out-of-range counts are clamped to 1..=6.
	ext_from_patch(genesis_config_presets::local_testnet_genesis(0)).execute_with(|| {
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
	});
	ext_from_patch(genesis_config_presets::local_testnet_genesis(99)).execute_with(|| {
		assert_eq!(
			Grandpa::grandpa_authorities().len(),
			genesis_config_presets::MAX_LOCAL_VALIDATORS
		);
	});
}

#[test]
fn create_ito_and_buy_dispatch_through_runtime_call() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let call = RuntimeCall::Ito(pallet_ito::Call::create_ito {
			name: b"Workchain test".to_vec(),
			price: 2 * UNIT,
			min_purchase: UNIT,
			max_purchase: 1_000 * UNIT,
			work_block_length: Some(10),
			min_validation: None,
			supply_cap: None,
			approval_required: false,
			reward_assets: vec![1, 2],
			quorum: None,
			validation_quorum: None,
		});
		assert!(call.get_dispatch_info().call_weight.ref_time() > 0);
		assert_ok!(call.dispatch(RuntimeOrigin::signed(bob.clone())));
		let ito = pallet_ito::Itos::<Runtime>::get(0).expect("created");
		assert_eq!(ito.token, configs::ITO_ASSET_ID_OFFSET);
		assert!(Assets::asset_exists(configs::ITO_ASSET_ID_OFFSET));
		// The ITO deposit (the ITO account's reward-asset accounts took consumer references:
		// nobody had used them up, so no account deposit was needed).
		assert_eq!(
			Balances::reserved_balance(&bob),
			<Runtime as pallet_ito::Config>::ItoDeposit::get()
		);

		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let buy = RuntimeCall::Ito(pallet_ito::Call::buy { ito: 0, amount: 100 * UNIT });
		assert_ok!(buy.dispatch(RuntimeOrigin::signed(charlie.clone())));
		assert_eq!(Assets::balance(configs::ITO_ASSET_ID_OFFSET, &charlie), 50 * UNIT);
		// The ITO token is frozen: the asset pallet refuses a transfer.
		let transfer = RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: configs::ITO_ASSET_ID_OFFSET.into(),
			target: MultiAddress::Id(bob),
			amount: UNIT,
		});
		assert!(transfer.dispatch(RuntimeOrigin::signed(charlie)).is_err());
		pallet_ito::Pallet::<Runtime>::do_try_state().expect("invariants hold");
	});
}

#[test]
fn users_cannot_create_assets_in_the_ito_range() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let create = |id: AssetId| {
			RuntimeCall::Assets(pallet_assets::Call::create {
				id: id.into(),
				admin: MultiAddress::Id(bob.clone()),
				min_balance: 1,
			})
		};
		assert!(create(configs::ITO_ASSET_ID_OFFSET)
			.dispatch(RuntimeOrigin::signed(bob.clone()))
			.is_err());
		assert_ok!(create(77).dispatch(RuntimeOrigin::signed(bob.clone())));
	});
}

/// Issue 20, defect 4: an ITO keeps `HistoryLength` work-block summaries, about 30 times the
/// rest of it, and the deposit was not resized. Every deposit pallet-ito holds pays for the
/// largest encoding of what it keeps, at the storage byte price.
#[test]
fn every_ito_deposit_pays_for_every_byte_it_keeps() {
	use codec::MaxEncodedLen;
	use configs::STORAGE_BYTE_DEPOSIT;
	type C = Runtime;
	let byte = |n: usize| n as Balance * STORAGE_BYTE_DEPOSIT;
	let history = <C as pallet_ito::Config>::HistoryLength::get() as usize
		* pallet_ito::WorkBlockSummaryOf::<C>::max_encoded_len();
	let ito = pallet_ito::ItoInfoOf::<C>::max_encoded_len()
		+ pallet_ito::RewardPoolsOf::<C>::max_encoded_len()
		+ history;
	assert!(<C as pallet_ito::Config>::ItoDeposit::get() > byte(ito));
	assert!(
		<C as pallet_ito::Config>::HolderDeposit::get()
			> byte(pallet_ito::HolderInfoOf::<C>::max_encoded_len())
	);
	assert!(
		<C as pallet_ito::Config>::WorkItemDeposit::get()
			> byte(pallet_ito::WorkItemOf::<C>::max_encoded_len())
	);
	assert!(
		<C as pallet_ito::Config>::ProducerDeposit::get()
			> byte(pallet_ito::ProducerInfoOf::<C>::max_encoded_len())
	);
	// What it comes to, as README says: about 47 WORK an ITO, 0.7 WORK a holder record.
	let ito_deposit = <C as pallet_ito::Config>::ItoDeposit::get();
	assert!(ito_deposit > 46 * UNIT && ito_deposit < 48 * UNIT, "{ito_deposit}");
	let holder_deposit = <C as pallet_ito::Config>::HolderDeposit::get();
	assert!(holder_deposit > UNIT / 2 && holder_deposit < UNIT * 8 / 10, "{holder_deposit}");
	// A proposal (at its largest, a `Signal` with the longest URI) and a voter record.
	let proposal = <C as pallet_ito::Config>::ProposalDeposit::get();
	assert!(proposal > byte(pallet_ito::ProposalInfoOf::<C>::max_encoded_len()));
	let voter = <C as pallet_ito::Config>::VoterDeposit::get();
	assert!(voter > byte(pallet_ito::VoterInfoOf::<C>::max_encoded_len()));
	println!("ITO {ito_deposit}, proposal {proposal}, voter {voter}");
	// As README says: about 0.57 WORK a proposal, 0.2 WORK a voter record.
	assert!(proposal > UNIT * 55 / 100 && proposal < UNIT * 65 / 100, "{proposal}");
	assert!(voter > UNIT * 15 / 100 && voter < UNIT * 25 / 100, "{voter}");
}

/// ITO tokens are frozen: an approval or an empty account of one serves nobody and would
/// keep it from being destroyed when its ITO is dissolved. The runtime refuses them.
#[test]
fn ito_tokens_cannot_be_approved_or_touched() {
	use frame_support::traits::Contains;
	let token: codec::Compact<AssetId> = configs::ITO_ASSET_ID_OFFSET.into();
	let bob = MultiAddress::Id(Sr25519Keyring::Bob.to_account_id());
	let refused = [
		RuntimeCall::Assets(pallet_assets::Call::approve_transfer {
			id: token,
			delegate: bob.clone(),
			amount: 1,
		}),
		RuntimeCall::Assets(pallet_assets::Call::touch { id: token }),
		RuntimeCall::Assets(pallet_assets::Call::touch_other { id: token, who: bob.clone() }),
	];
	for call in refused {
		assert!(!configs::BaseFilter::contains(&call), "{call:?}");
	}
	// Other assets are not concerned.
	let other: codec::Compact<AssetId> = 1.into();
	assert!(configs::BaseFilter::contains(&RuntimeCall::Assets(pallet_assets::Call::touch {
		id: other
	})));
	assert!(configs::BaseFilter::contains(&RuntimeCall::Assets(
		pallet_assets::Call::approve_transfer { id: other, delegate: bob, amount: 1 }
	)));
}

/// A whole life through the runtime: an ITO is created, bought, refunded and dissolved, and
/// the creator gets back everything it gave (deposits, seeds, the metadata deposit).
#[test]
fn an_ito_nobody_holds_is_dissolved_and_its_creator_made_whole() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let (bob, charlie) =
			(Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Charlie.to_account_id());
		let native = <Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&bob);
		let reserved = Balances::reserved_balance(&bob);
		let asset = Assets::balance(1, &bob);
		assert_ok!(open_ito(&bob, b"Short-lived", vec![1]));
		assert!(
			<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&bob) < native
		);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(charlie.clone()), 0, 10 * UNIT));
		assert_ok!(Ito::refund(RuntimeOrigin::signed(charlie.clone()), 0, 5 * UNIT));
		// The purchase's block closes; the claim then removes charlie's empty record.
		System::set_block_number(System::block_number() + 10);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(charlie.clone()), 0, charlie.clone()));
		assert_ok!(Ito::dissolve(RuntimeOrigin::signed(charlie), 0));
		assert!(pallet_ito::Itos::<Runtime>::get(0).is_none());
		assert!(!Assets::asset_exists(configs::ITO_ASSET_ID_OFFSET));
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&bob),
			native
		);
		assert_eq!(Balances::reserved_balance(&bob), reserved);
		assert_eq!(Assets::balance(1, &bob), asset);
		// The accepted asset's destructions are counted from its acceptance on; the
		// token's, an id no ITO accepts, are not.
		assert!(pallet_ito::AssetGeneration::<Runtime>::contains_key(1));
		assert!(!pallet_ito::AssetGeneration::<Runtime>::contains_key(
			configs::ITO_ASSET_ID_OFFSET
		));
		pallet_ito::Pallet::<Runtime>::do_try_state().expect("invariants hold");
	});
}

/// pallet-assets' `CallbackHandle` is pallet-ito's: destroying an asset that an ITO accepted
/// moves its generation on, so that a new asset under its id is never taken for it.
#[test]
fn destroying_an_accepted_asset_is_counted() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let signed = || RuntimeOrigin::signed(bob.clone());
		assert_ok!(Assets::create(signed(), 77.into(), MultiAddress::Id(bob.clone()), 1));
		assert_ok!(Assets::mint(signed(), 77.into(), MultiAddress::Id(bob.clone()), 1_000));
		assert_ok!(open_ito(&bob, b"Counted", vec![77]));
		assert_eq!(pallet_ito::AssetGeneration::<Runtime>::get(77), 0);
		assert_ok!(Assets::start_destroy(signed(), 77.into()));
		assert_ok!(Assets::destroy_accounts(signed(), 77.into()));
		assert_ok!(Assets::destroy_approvals(signed(), 77.into()));
		assert_ok!(Assets::finish_destroy(signed(), 77.into()));
		assert_eq!(pallet_ito::AssetGeneration::<Runtime>::get(77), 1);
		pallet_ito::Pallet::<Runtime>::do_try_state().expect("invariants hold");
	});
}
