//! Runtime tests of the permissionless validator set and the fee market: a newcomer
//! joins by bond and is kicked when it stops authoring, GRANDPA changes its set only
//! when the set changes, fees and tips reach the block authors, and fees rise as blocks
//! fill.

use super::*;
use crate::{
	configs::SessionLength,
	genesis_config_presets::{CANDIDACY_BOND, ENDOWMENT},
	tests::ext_from_preset,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchClass,
	traits::{fungible::InspectHold, Hooks},
	weights::Weight,
};
use pallet_transaction_payment::Multiplier;
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::Dispatchable;
use sp_runtime::{
	traits::{Header as _, OpaqueKeys},
	FixedPointNumber, RuntimeAppPublic,
};

const SESSION: BlockNumber = 10;

/// The development chain with 10-block sessions and a keystore to generate keys in.
fn new_ext() -> sp_io::TestExternalities {
	let mut ext = ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| SessionLength::set(&SESSION));
	ext
}

/// Runs the hooks that move sessions and GRANDPA's set from the current block to `n`.
fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Session::on_initialize(b);
		Grandpa::on_finalize(b);
	}
}

/// New session keys for `who` from the keystore, and the proof that `who` owns them:
/// what `author_rotateKeysWithOwner` returns.
fn new_keys(who: &AccountId) -> (SessionKeys, Vec<u8>) {
	let generated = SessionKeys::generate(&who.encode(), None);
	(generated.keys, generated.proof.encode())
}

fn aura_keys() -> Vec<sp_consensus_aura::sr25519::AuthorityId> {
	pallet_aura::Authorities::<Runtime>::get().into_inner()
}

fn grandpa_keys() -> Vec<sp_consensus_grandpa::AuthorityId> {
	Grandpa::grandpa_authorities().into_iter().map(|(k, _)| k).collect()
}

#[test]
fn anyone_joins_by_bond_and_is_kicked_when_it_stops_authoring() {
	new_ext().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let (keys, proof) = new_keys(&bob);

		// Without session keys there is no candidacy; keys need their owner's proof.
		assert_noop!(
			CollatorSelection::register_as_candidate(RuntimeOrigin::signed(bob.clone())),
			pallet_collator_selection::Error::<Runtime>::ValidatorNotRegistered
		);
		let (_, charlies_proof) = new_keys(&Sr25519Keyring::Charlie.to_account_id());
		assert!(Session::set_keys(
			RuntimeOrigin::signed(bob.clone()),
			keys.clone(),
			charlies_proof
		)
		.is_err());
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(bob.clone()), keys.clone(), proof));
		assert_eq!(
			Balances::balance_on_hold(
				&RuntimeHoldReason::Session(pallet_session::HoldReason::Keys),
				&bob
			),
			configs::SessionKeyDeposit::get()
		);
		assert_ok!(CollatorSelection::register_as_candidate(RuntimeOrigin::signed(bob.clone())));
		let key_deposit = configs::SessionKeyDeposit::get();
		// Holds count as reserved in pallet-balances: the bond and the key deposit.
		assert_eq!(Balances::reserved_balance(&bob), CANDIDACY_BOND + key_deposit);

		// Session 1 (blocks 10..19) was planned at genesis: Alice alone.
		run_to(SESSION * 2 - 1);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(Grandpa::current_set_id(), 0);

		// Session 2 (planned at block 10, when Bob was a candidate): Alice and Bob, in
		// Aura and in GRANDPA alike, and GRANDPA's set id moves once.
		run_to(SESSION * 2);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone(), bob.clone()]);
		let bobs_aura = keys.get(sp_consensus_aura::sr25519::AuthorityId::ID).expect("aura key");
		let bobs_grandpa = keys.get(sp_consensus_grandpa::KEY_TYPE).expect("grandpa key");
		assert_eq!(aura_keys()[1], bobs_aura);
		assert_eq!(grandpa_keys()[1], bobs_grandpa);
		assert_eq!(aura_keys().len(), grandpa_keys().len());
		assert_eq!(Grandpa::current_set_id(), 1);

		// Bob authors in session 2; session 3 has the same set, so GRANDPA keeps its set.
		System::set_block_number(SESSION * 2 + 5);
		<CollatorSelection as pallet_authorship::EventHandler<_, _>>::note_author(bob.clone());
		run_to(SESSION * 3);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone(), bob.clone()]);
		assert_eq!(Grandpa::current_set_id(), 1);

		// Bob stops authoring. At block 50 two whole sessions have passed since his last
		// block: he is kicked (his bond is returned), and session 6 is Alice's alone again.
		run_to(SESSION * 5 - 1);
		assert_eq!(pallet_collator_selection::CandidateList::<Runtime>::get().len(), 1);
		run_to(SESSION * 5);
		assert!(pallet_collator_selection::CandidateList::<Runtime>::get().is_empty());
		assert_eq!(Balances::reserved_balance(&bob), key_deposit);
		run_to(SESSION * 6);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(grandpa_keys().len(), 1);
		assert_eq!(aura_keys().len(), 1);
		assert_eq!(Grandpa::current_set_id(), 2);

		// Purging keys releases their deposit.
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(bob.clone())));
		assert_eq!(Balances::total_balance_on_hold(&bob), 0);
		assert_eq!(Balances::free_balance(&bob), ENDOWMENT);
	});
}

#[test]
fn a_candidate_leaves_and_the_set_shrinks_back() {
	new_ext().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let (keys, proof) = new_keys(&bob);
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(bob.clone()), keys, proof));
		assert_ok!(CollatorSelection::register_as_candidate(RuntimeOrigin::signed(bob.clone())));
		run_to(SESSION * 2);
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 2);

		assert_ok!(CollatorSelection::leave_intent(RuntimeOrigin::signed(bob.clone())));
		// The bond is back; the session keys' deposit stays until `purge_keys`.
		assert_eq!(Balances::reserved_balance(&bob), configs::SessionKeyDeposit::get());
		// The set planned at block 20 still has Bob; the one planned at 30 does not.
		run_to(SESSION * 3);
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 2);
		run_to(SESSION * 4);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(grandpa_keys().len(), 1);

		// The last eligible validator cannot leave: an invulnerable is not a candidate,
		// and governance cannot remove the last one.
		assert_noop!(
			CollatorSelection::leave_intent(RuntimeOrigin::signed(alice.clone())),
			pallet_collator_selection::Error::<Runtime>::TooFewEligibleCollators
		);
		assert_noop!(
			CollatorSelection::remove_invulnerable(RuntimeOrigin::root(), alice),
			pallet_collator_selection::Error::<Runtime>::TooFewEligibleCollators
		);
	});
}

#[test]
fn only_governance_changes_the_invulnerables_and_bonds() {
	new_ext().execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		for call in [
			pallet_collator_selection::Call::<Runtime>::set_invulnerables {
				new: vec![bob.clone()],
			},
			pallet_collator_selection::Call::<Runtime>::set_candidacy_bond { bond: 1 },
			pallet_collator_selection::Call::<Runtime>::set_desired_candidates { max: 1 },
		] {
			let call = RuntimeCall::CollatorSelection(call);
			assert!(call.clone().dispatch(RuntimeOrigin::signed(bob.clone())).is_err());
			// What a `validator_admin` referendum dispatches with.
			let admin: RuntimeOrigin = governance::origins::Origin::ValidatorAdmin.into();
			assert_ok!(call.dispatch(admin));
		}
		assert_eq!(pallet_collator_selection::CandidacyBond::<Runtime>::get(), 1);
	});
}

/// A signed transfer with a tip, as a wallet sends it.
fn signed_transfer(
	from: Sr25519Keyring,
	to: &AccountId,
	amount: Balance,
	tip: Balance,
) -> UncheckedExtrinsic {
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: MultiAddress::Id(to.clone()),
		value: amount,
	});
	let nonce = System::account_nonce(from.to_account_id());
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(tip),
		frame_system::WeightReclaim::new(),
	);
	let payload = SignedPayload::new(call.clone(), tx_ext.clone()).expect("valid extensions");
	let signature = payload.using_encoded(|p| from.sign(p));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(from.to_account_id()),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

#[test]
fn fees_and_tips_go_to_the_authors_not_burned() {
	new_ext().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let pot = CollatorSelection::account_id();
		let issuance = Balances::total_issuance();
		let header = Header::new(
			System::block_number() + 1,
			Default::default(),
			Default::default(),
			System::parent_hash(),
			Default::default(),
		);
		Executive::initialize_block(&header);

		let tip = 7 * MILLI_UNIT;
		let xt = signed_transfer(Sr25519Keyring::Bob, &charlie, UNIT, tip);
		assert_ok!(Executive::apply_extrinsic(xt).expect("valid transaction"));
		let paid = System::events()
			.iter()
			.find_map(|r| match &r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						actual_fee, tip, ..
					},
				) => Some((*actual_fee, *tip)),
				_ => None,
			})
			.expect("a fee was paid");
		assert_eq!(paid.1, tip);
		assert!(paid.0 > tip, "the fee includes the tip and a base fee");
		assert_eq!(Balances::free_balance(&bob), ENDOWMENT - UNIT - paid.0);
		// Every planck of fee and tip is in the pot; nothing was burned.
		assert_eq!(Balances::free_balance(&pot), EXISTENTIAL_DEPOSIT + paid.0);
		assert_eq!(Balances::total_issuance(), issuance);

		// The next block's author gets half of what the pot holds above the existential
		// deposit.
		<CollatorSelection as pallet_authorship::EventHandler<_, _>>::note_author(alice.clone());
		assert_eq!(Balances::free_balance(&alice), ENDOWMENT + paid.0 / 2);
		assert_eq!(Balances::free_balance(&pot), EXISTENTIAL_DEPOSIT + paid.0 - paid.0 / 2);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn fees_rise_while_blocks_are_full_and_fall_while_they_are_empty() {
	new_ext().execute_with(|| {
		let normal = configs::RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.unwrap_or(Weight::MAX);
		let multiplier = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get;
		assert_eq!(multiplier(), Multiplier::from(1u128));
		let step = |filled: Weight| {
			let b = System::block_number() + 1;
			System::set_block_number(b);
			System::set_block_consumed_resources(filled, 0);
			TransactionPayment::on_finalize(b);
		};

		// A flood: full blocks make every next block's fees higher.
		let mut last = multiplier();
		for _ in 0..100 {
			step(normal);
			assert!(multiplier() > last, "fees rise in a flood");
			last = multiplier();
		}
		// Polkadot's slow adjustment: 100 full blocks raise fees by about 0.56%.
		assert!(last > Multiplier::saturating_from_rational(1005, 1000), "{last:?}");
		assert!(last < Multiplier::saturating_from_rational(1007, 1000), "{last:?}");

		// Blocks at the 25% target keep fees where they are (up to rounding).
		step(normal / 4);
		let at_target = multiplier();
		assert!(at_target <= last, "{at_target:?} > {last:?}");
		assert!(at_target > last * Multiplier::saturating_from_rational(9999, 10000));

		// Empty blocks make fees fall, never below a tenth of the base fee.
		for _ in 0..100 {
			last = multiplier();
			step(Weight::zero());
			assert!(multiplier() < last, "fees fall on an idle chain");
		}
		for _ in 0..200_000 {
			step(Weight::zero());
		}
		assert_eq!(multiplier(), Multiplier::saturating_from_rational(1, 10));
	});
}

#[test]
fn the_scripts_set_the_session_length_under_its_storage_key() {
	let key: String = SessionLength::key().iter().map(|b| format!("{b:02x}")).collect();
	let testnet = include_str!("../../scripts/testnet.sh");
	assert!(testnet.contains(&format!("SESSION_LENGTH_KEY=0x{key}\n")), "0x{key}");
	// The value is a SCALE u32, as testnet.sh writes it.
	new_ext().execute_with(|| {
		sp_io::storage::set(&SessionLength::key(), &0x0102_0304u32.encode());
		assert_eq!(SessionLength::get(), 0x0102_0304);
	});
}
