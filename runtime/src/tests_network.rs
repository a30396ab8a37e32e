//! Runtime tests of the validator set (NPoS) and the fee market: a newcomer is elected by
//! the stake behind it, the attacks on finality are priced by out-backing honest seats,
//! stake stays held and slashable until its offences can no longer be reported, an
//! equivocation is reported, slashed (or the slash cancelled by governance) and
//! disabled, no parameter value stops the chain, a fifth of each fee reaches the block
//! author and the rest is burned, and fees rise as blocks fill with weight or bytes.

use super::*;
use crate::{
	configs::{BondingDuration, SessionLength, SessionsPerEra},
	genesis_config_presets::{local_testnet_genesis, ENDOWMENT, VALIDATOR_SELF_STAKE},
	tests::ext_from_patch,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchClass,
	traits::{fungible::InspectHold, Get, Hooks, KeyOwnerProofSystem},
	weights::Weight,
};
use pallet_transaction_payment::Multiplier;
use sp_consensus_babe::digests::{CompatibleDigestItem, PreDigest, SecondaryPlainPreDigest};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Dispatchable, Header as _},
	Digest, DigestItem, FixedPointNumber, Perbill,
};

/// Slots in a session, sessions in an era, and eras of unbonding in these tests.
const SESSION: u32 = 10;
const ERA_SESSIONS: u32 = 1;
const BONDING: u32 = 3;

/// A local testnet of `validators` development validators (100,000 WORK of self-stake
/// each, as many seats as validators), with short sessions and eras, and a keystore in
/// which newcomers generate their keys.
fn new_ext(validators: usize) -> sp_io::TestExternalities {
	let mut ext = ext_from_patch(local_testnet_genesis(validators));
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| {
		SessionLength::set(&SESSION);
		SessionsPerEra::set(&ERA_SESSIONS);
		BondingDuration::set(&BONDING);
		System::set_block_number(0);
		go_to_block(1, 1);
	});
	ext
}

/// Ends the current block and starts block `n` in BABE slot `slot`, authored in a
/// secondary slot by the session's validator `slot % validators`, or the next one that
/// is not disabled, as BABE would pick.
fn go_to_block(n: BlockNumber, slot: u64) {
	let now = System::block_number();
	Babe::on_finalize(now);
	Grandpa::on_finalize(now);
	Authorship::on_finalize(now);
	let parent_hash = if now > 1 { System::finalize().hash() } else { System::parent_hash() };
	let validators = pallet_session::Validators::<Runtime>::get().len().max(1) as u32;
	let disabled = Session::disabled_validators();
	let authority_index = (0..validators)
		.map(|i| ((slot % u64::from(validators)) as u32 + i) % validators)
		.find(|i| !disabled.contains(i))
		.unwrap_or_default();
	let pre_digest =
		PreDigest::SecondaryPlain(SecondaryPlainPreDigest { authority_index, slot: slot.into() });
	let digest = Digest { logs: vec![DigestItem::babe_pre_digest(pre_digest)] };
	System::reset_events();
	System::initialize(&n, &parent_hash, &digest);
	pallet_timestamp::Now::<Runtime>::put(slot * SLOT_DURATION);
	Babe::on_initialize(n);
	Authorship::on_initialize(n);
	Session::on_initialize(n);
	Staking::on_initialize(n);
	FinalityRecovery::on_initialize(n);
}

/// One block per slot up to block `n`.
fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let slot = *pallet_babe::CurrentSlot::<Runtime>::get() + 1;
		go_to_block(System::block_number() + 1, slot);
	}
}

/// Runs until session `index` has started.
fn run_to_session(index: u32) {
	let bound = System::block_number() + 3 * (index + 1) * SESSION;
	while Session::current_index() < index {
		assert!(System::block_number() < bound, "session {index} does not come");
		run_to(System::block_number() + 1);
	}
}

fn active_era() -> u32 {
	pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or_default()
}

fn run_to_era(era: u32) {
	let bound = System::block_number() + 3 * (era + 1) * ERA_SESSIONS * SESSION;
	while active_era() < era {
		assert!(System::block_number() < bound, "era {era} does not come");
		run_to(System::block_number() + 1);
	}
}

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(k))
}

/// README's steps for a newcomer: bond `stake`, set keys generated in its node's
/// keystore with the proof that it owns them (`author_rotateKeysWithOwner`), validate.
/// Returns its keys.
fn join(who: Sr25519Keyring, stake: Balance) -> SessionKeys {
	let stash = account(who);
	assert_ok!(Staking::bond(signed(who), stake, pallet_staking::RewardDestination::Staked));
	let generated = SessionKeys::generate(&stash.encode(), None);
	assert_ok!(Session::set_keys(signed(who), generated.keys.clone(), generated.proof.encode()));
	assert_ok!(Staking::validate(signed(who), Default::default()));
	generated.keys
}

fn validators() -> Vec<AccountId> {
	pallet_session::Validators::<Runtime>::get()
}

fn grandpa_keys() -> Vec<sp_consensus_grandpa::AuthorityId> {
	Grandpa::grandpa_authorities().into_iter().map(|(k, _)| k).collect()
}

fn babe_keys() -> Vec<sp_consensus_babe::AuthorityId> {
	pallet_babe::Authorities::<Runtime>::get().into_iter().map(|(k, _)| k).collect()
}

/// What `who` has on hold for staking.
fn staked(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&pallet_staking::HoldReason::Staking.into(), who)
}

#[test]
fn a_newcomer_is_elected_at_the_next_era_when_its_backing_outbids_a_seat() {
	new_ext(3).execute_with(|| {
		let dave = account(Sr25519Keyring::Dave);
		assert_eq!(validators().len(), 3);

		// Below the minimum bond nobody may validate.
		assert_ok!(Staking::bond(
			signed(Sr25519Keyring::Ferdie),
			genesis_config_presets::MIN_VALIDATOR_BOND - 1,
			pallet_staking::RewardDestination::Staked
		));
		assert_noop!(
			Staking::validate(signed(Sr25519Keyring::Ferdie), Default::default()),
			pallet_staking::Error::<Runtime>::InsufficientBond
		);

		// Dave bonds the minimum and validates; the three seats are taken by 100,000 WORK
		// each, so a refundable minimum bond no longer buys a seat.
		let keys = join(Sr25519Keyring::Dave, genesis_config_presets::MIN_VALIDATOR_BOND);
		run_to_session(Session::current_index() + 4);
		assert!(!validators().contains(&dave), "elected without out-backing a seat");

		// Eve nominates dave: 1,000 + 100,000 WORK out-back the weakest 100,000.
		assert_ok!(Staking::bond(
			signed(Sr25519Keyring::Eve),
			VALIDATOR_SELF_STAKE,
			pallet_staking::RewardDestination::Staked
		));
		assert_ok!(Staking::nominate(
			signed(Sr25519Keyring::Eve),
			vec![MultiAddress::Id(dave.clone())]
		));
		let nominated_in = Session::current_index();
		let era = active_era();
		run_to_era(era + 1);
		run_to_session(Session::current_index() + 1);
		assert!(validators().contains(&dave), "not elected");
		assert!(Session::current_index() - nominated_in <= 3);
		// The seats did not grow: one genesis validator left.
		assert_eq!(validators().len(), 3);
		let overview = pallet_staking::ErasStakersOverview::<Runtime>::get(active_era(), &dave)
			.expect("dave is exposed in the active era");
		assert_eq!(overview.own, genesis_config_presets::MIN_VALIDATOR_BOND);
		assert_eq!(
			overview.total,
			genesis_config_presets::MIN_VALIDATOR_BOND + VALIDATOR_SELF_STAKE
		);

		// BABE authors with dave's key, and GRANDPA's set has it once the change is enacted.
		assert!(babe_keys().contains(&keys.babe));
		run_to(System::block_number() + 2);
		assert!(grandpa_keys().contains(&keys.grandpa));
		assert_eq!(grandpa_keys().len(), 3);
	});
}

/// The cost of halting finality (more than a third of the seats) with validators that
/// never vote: each attacker seat must out-back the weakest honest seat, and the stake
/// stays held and slashable. The old attack, two refundable bonds, buys nothing.
#[test]
fn halting_finality_costs_out_backing_a_third_of_the_seats() {
	new_ext(4).execute_with(|| {
		let seats = pallet_staking::ValidatorCount::<Runtime>::get();
		assert_eq!(seats, 4);
		// GRANDPA finalizes with more than two thirds of the voters: idle voters halt it
		// once they hold more than a third of the seats.
		let to_halt = seats / 3 + 1;
		assert_eq!(to_halt, 2);
		let weakest = VALIDATOR_SELF_STAKE;
		let attackers = [Sr25519Keyring::Eve, Sr25519Keyring::Ferdie];

		// One planck of stake short of the weakest honest seat: nothing.
		for k in attackers {
			join(k, weakest - UNIT);
		}
		let era = active_era();
		run_to_era(era + 2);
		assert!(attackers.iter().all(|k| !validators().contains(&account(*k))));

		// Out-backing it: both seats, enough to halt finality.
		for k in attackers {
			assert_ok!(Staking::bond_extra(signed(k), 2 * UNIT));
		}
		let era = active_era();
		run_to_era(era + 2);
		let taken = attackers.iter().filter(|k| validators().contains(&account(**k))).count();
		assert_eq!(taken as u32, to_halt);
		let price: Balance = attackers.iter().map(|k| staked(&account(*k))).sum();
		assert_eq!(price, u128::from(to_halt) * (weakest + UNIT));
		// At the development presets' 100,000 WORK a seat: 200,002 WORK, held.
		assert_eq!(price, 200_002 * UNIT);

		// Leaving at once does not give it back: the stake stays held for the bonding
		// duration, through the eras whose offences can still be reported.
		let left_in = active_era();
		for k in attackers {
			assert_ok!(Staking::chill(signed(k)));
			assert_ok!(Staking::unbond(signed(k), weakest + UNIT));
		}
		for _ in 0..BONDING {
			for k in attackers {
				assert_ok!(Staking::withdraw_unbonded(signed(k), 0));
				assert_eq!(
					staked(&account(k)),
					weakest + UNIT,
					"withdrawn in era {}",
					active_era()
				);
			}
			run_to_era(active_era() + 1);
		}
		assert_eq!(active_era(), left_in + BONDING);
		for k in attackers {
			assert_ok!(Staking::withdraw_unbonded(signed(k), 0));
			assert_eq!(staked(&account(k)), 0);
		}
	});
}

/// Two headers for the same slot, both sealed by `offender`'s BABE key: the proof that
/// any node that sees both builds.
fn babe_equivocation(
	offender: Sr25519Keyring,
	index: u32,
) -> sp_consensus_babe::EquivocationProof<Header> {
	let slot = pallet_babe::CurrentSlot::<Runtime>::get();
	let pre_digest =
		PreDigest::SecondaryPlain(SecondaryPlainPreDigest { authority_index: index, slot });
	let header = |extrinsics_root: Hash| {
		let mut header = Header::new(
			System::block_number(),
			extrinsics_root,
			Default::default(),
			System::parent_hash(),
			Digest { logs: vec![DigestItem::babe_pre_digest(pre_digest.clone())] },
		);
		let signature = offender.sign(header.hash().as_ref());
		header.digest_mut().push(DigestItem::babe_seal(signature.into()));
		header
	};
	sp_consensus_babe::EquivocationProof {
		offender: offender.public().into(),
		slot,
		first_header: header(Hash::repeat_byte(1)),
		second_header: header(Hash::repeat_byte(2)),
	}
}

/// Reports `offender`'s BABE equivocation as a node does (an unsigned transaction with a
/// key-ownership proof from the session's history); returns the era of the offence.
fn report_babe_equivocation(offender: Sr25519Keyring) -> u32 {
	// Reported in a block of another validator's: an offender's own block that disabled
	// it would be invalid.
	for _ in 0..10 {
		if pallet_authorship::Pallet::<Runtime>::author() != Some(account(offender)) {
			break;
		}
		run_to(System::block_number() + 1);
	}
	let key: sp_consensus_babe::AuthorityId = offender.public().into();
	let index =
		validators().iter().position(|v| *v == account(offender)).expect("a validator") as u32;
	let proof = babe_equivocation(offender, index);
	let key_owner_proof =
		Historical::prove((sp_consensus_babe::KEY_TYPE, key)).expect("the key is in the session");
	assert_ok!(Babe::report_equivocation_unsigned(
		RuntimeOrigin::none(),
		Box::new(proof.clone()),
		key_owner_proof.clone()
	));
	// The same offence cannot be reported twice.
	assert!(Babe::report_equivocation_unsigned(
		RuntimeOrigin::none(),
		Box::new(proof),
		key_owner_proof
	)
	.is_err());
	active_era()
}

#[test]
fn an_equivocating_validator_is_disabled_and_slashed_after_the_deferral() {
	new_ext(4).execute_with(|| {
		run_to_era(1);
		let bob = account(Sr25519Keyring::Bob);
		let bob_index = validators().iter().position(|v| *v == bob).expect("bob validates") as u32;
		let before = staked(&bob);
		let offence_era = report_babe_equivocation(Sr25519Keyring::Bob);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Offences(pallet_offences::Event::Offence { .. })
		)));
		// (3 offenders / 4 validators)^2 of bob's stake.
		let fraction = Perbill::from_rational(3u32, 4).square();
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Staking(pallet_staking::Event::SlashReported {
				validator: bob.clone(),
				fraction,
				slash_era: offence_era,
			})));
		// Disabled at once: BABE and GRANDPA ignore it for the rest of the era.
		assert_eq!(Session::disabled_validators(), vec![bob_index]);

		// Nothing is taken while the slash is deferred (`BONDING - 1` eras); it is
		// applied as the era after them starts, the era in which stake unbonded in the
		// offence's era could first leave.
		run_to_era(offence_era + BONDING - 1);
		assert_eq!(staked(&bob), before);
		assert_eq!(
			pallet_staking::UnappliedSlashes::<Runtime>::get(offence_era + BONDING).len(),
			1
		);
		run_to_era(offence_era + BONDING);
		assert_eq!(staked(&bob), before - fraction * before);
		// Bob is not chilled (pallet-staking no longer chills on a slash): his lighter
		// backing competes at the next election like anyone's, and his nominators may
		// leave him. Here the four seats still take all four candidates.
		assert!(pallet_staking::Validators::<Runtime>::contains_key(&bob));
	});
}

/// The `staking_admin` track has staking's `AdminOrigin`, but may not slash anyone by
/// hand: the call filter leaves `manual_slash` to Root.
#[test]
fn only_root_slashes_by_hand() {
	new_ext(4).execute_with(|| {
		run_to_era(1);
		let bob = account(Sr25519Keyring::Bob);
		let slash = RuntimeCall::Staking(pallet_staking::Call::manual_slash {
			validator_stash: bob.clone(),
			era: 1,
			slash_fraction: Perbill::from_percent(100),
		});
		let admin: RuntimeOrigin = governance::origins::Origin::StakingAdmin.into();
		assert_eq!(
			slash.clone().dispatch(admin).map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		assert_ok!(slash.dispatch(RuntimeOrigin::root()));
	});
}

/// Every candidate is read by the election (it reads candidates in storage order, by
/// account hash: a cap above its bound would let cheap candidates whose hashes sort first
/// keep honest ones out), and no bonding duration outlives the exposures that slash it.
#[test]
fn the_election_reads_every_candidate_and_slashes_outlive_no_bond() {
	new_ext(3).execute_with(|| {
		let cap = pallet_staking::MaxValidatorsCount::<Runtime>::get().expect("a cap");
		assert!(cap <= configs::MAX_ELECTABLE_TARGETS, "{cap}");
		assert!(configs::MAX_BONDING_DURATION <= configs::HistoryDepth::get());
		// The cap holds: one more candidate than it allows cannot validate.
		pallet_staking::MaxValidatorsCount::<Runtime>::put(3);
		assert_ok!(Staking::bond(
			signed(Sr25519Keyring::Dave),
			genesis_config_presets::MIN_VALIDATOR_BOND,
			pallet_staking::RewardDestination::Staked
		));
		assert_noop!(
			Staking::validate(signed(Sr25519Keyring::Dave), Default::default()),
			pallet_staking::Error::<Runtime>::TooManyValidators
		);
	});
}

#[test]
fn governance_cancels_a_deferred_slash() {
	new_ext(4).execute_with(|| {
		run_to_era(1);
		let bob = account(Sr25519Keyring::Bob);
		let before = staked(&bob);
		let offence_era = report_babe_equivocation(Sr25519Keyring::Bob);
		let applied_in = offence_era + BONDING;
		assert_eq!(pallet_staking::UnappliedSlashes::<Runtime>::get(applied_in).len(), 1);
		// Nobody but Root or the staking_admin track cancels it.
		assert!(Staking::cancel_deferred_slash(signed(Sr25519Keyring::Alice), applied_in, vec![0])
			.is_err());
		let admin: RuntimeOrigin = governance::origins::Origin::StakingAdmin.into();
		assert_ok!(Staking::cancel_deferred_slash(admin, applied_in, vec![0]));
		run_to_era(applied_in + 1);
		assert_eq!(staked(&bob), before);
	});
}

/// Stake cannot leave before the session it voted in has passed and its offences can no
/// longer be reported: a validator that unbonds in the era it validates is still slashed
/// for an equivocation of that era.
#[test]
fn stake_that_voted_stays_slashable_after_unbonding() {
	new_ext(4).execute_with(|| {
		run_to_era(1);
		let bob = account(Sr25519Keyring::Bob);
		let before = staked(&bob);
		let free_before = Balances::free_balance(&bob);
		assert_ok!(Staking::chill(signed(Sr25519Keyring::Bob)));
		assert_ok!(Staking::unbond(signed(Sr25519Keyring::Bob), before));
		// It still validates in this era: the set was fixed when it was planned.
		assert!(validators().contains(&bob));
		let offence_era = report_babe_equivocation(Sr25519Keyring::Bob);
		assert_ok!(Staking::withdraw_unbonded(signed(Sr25519Keyring::Bob), 0));
		assert_eq!(staked(&bob), before);
		run_to_era(offence_era + BONDING);
		let fraction = Perbill::from_rational(3u32, 4).square();
		// Withdrawing everything after a slash names the stash's slashing spans (as
		// polkadot.js does), so that their records go with the ledger.
		let spans =
			pallet_staking::SlashingSpans::<Runtime>::get(&bob).map_or(0, |s| s.prior.len() + 1);
		assert!(spans >= 1, "a slash opens a span");
		assert_ok!(Staking::withdraw_unbonded(signed(Sr25519Keyring::Bob), spans as u32));
		// What comes back is what was left after the slash.
		assert_eq!(Balances::free_balance(&bob), free_before + before - fraction * before);
		assert_eq!(staked(&bob), 0);
	});
}

/// No value of the consensus parameters stops the chain: each is read within its bounds
/// (a session length of 0 made every later block panic in `now % 0`).
#[test]
fn no_parameter_value_stops_the_chain() {
	new_ext(1).execute_with(|| {
		SessionLength::set(&0);
		SessionsPerEra::set(&0);
		BondingDuration::set(&0);
		let session = Session::current_index();
		run_to(System::block_number() + 4 * configs::MIN_SESSION_LENGTH);
		assert!(Session::current_index() >= session + 3);
		assert_eq!(configs::UnbondingEras::get(), configs::MIN_BONDING_DURATION);
		assert_eq!(configs::EraSessions::get(), configs::MIN_SESSIONS_PER_ERA);

		SessionLength::set(&u32::MAX);
		SessionsPerEra::set(&u32::MAX);
		BondingDuration::set(&u32::MAX);
		assert_eq!(configs::SessionSlots::get(), configs::MAX_SESSION_LENGTH);
		assert_eq!(configs::EraSessions::get(), configs::MAX_SESSIONS_PER_ERA);
		assert_eq!(configs::UnbondingEras::get(), configs::MAX_BONDING_DURATION);
		assert_eq!(configs::SlashDeferDuration::get(), configs::MAX_BONDING_DURATION - 1);
		run_to(System::block_number() + 10);
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
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
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

/// The fee and tip `TransactionFeePaid` reports for the last transaction applied.
fn last_fee_paid() -> (Balance, Balance) {
	System::events()
		.iter()
		.rev()
		.find_map(|r| match &r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, tip, .. },
			) => Some((*actual_fee - *tip, *tip)),
			_ => None,
		})
		.expect("a fee was paid")
}

/// E1: every fee went to the block's author, so a validator flooded its own blocks for free
/// while everyone else's fees rose. Now the author keeps a fifth of each fee and every tip,
/// and the rest of the fee is burned: a validator pays 80% of the fee for its own
/// transactions, in its own blocks.
#[test]
fn a_validator_pays_for_a_flood_in_its_own_blocks() {
	new_ext(3).execute_with(|| {
		let ferdie = account(Sr25519Keyring::Ferdie);
		let dave = account(Sr25519Keyring::Dave);
		// The next block is in a slot of the second validator of the set of 3.
		let slot = *pallet_babe::CurrentSlot::<Runtime>::get() + 3;
		let slot = slot - slot % 3 + 1;
		go_to_block(System::block_number() + 1, slot);
		let author = pallet_authorship::Pallet::<Runtime>::author().expect("an author");
		assert_eq!(author, validators()[1]);
		let validator = Sr25519Keyring::iter()
			.find(|k| k.to_account_id() == author)
			.expect("a development validator");
		let author_before = Balances::free_balance(&author);
		let issuance = Balances::total_issuance();

		// Dave's transfer with a tip: a fifth of the fee and the whole tip to the author.
		let tip = 7 * MILLI_UNIT;
		let xt = signed_transfer(Sr25519Keyring::Dave, &ferdie, UNIT, tip);
		assert_ok!(Executive::apply_extrinsic(xt).expect("valid transaction"));
		let (fee, paid_tip) = last_fee_paid();
		assert_eq!(paid_tip, tip);
		assert!(fee > 0);
		let burned = fee - fee * 20 / 100;
		assert_eq!(Balances::free_balance(&dave), ENDOWMENT - UNIT - fee - tip);
		assert_eq!(Balances::free_balance(&author), author_before + fee * 20 / 100 + tip);
		assert_eq!(Balances::total_issuance(), issuance - burned);

		// The validator's own transfers in its own block each cost it 80% of their fee.
		for _ in 0..3 {
			let before = Balances::free_balance(&author);
			let issuance = Balances::total_issuance();
			let xt = signed_transfer(validator, &ferdie, UNIT, 0);
			assert_ok!(Executive::apply_extrinsic(xt).expect("valid transaction"));
			let (fee, _) = last_fee_paid();
			let burned = fee - fee * 20 / 100;
			assert!(burned > 0);
			assert_eq!(Balances::free_balance(&author), before - UNIT - burned);
			assert_eq!(Balances::total_issuance(), issuance - burned);
		}
	});
}

/// Steps the fee multiplier through one block of `weight` and `length`.
fn fee_step(weight: Weight, length: u32) {
	let b = System::block_number() + 1;
	System::set_block_number(b);
	System::set_block_consumed_resources(weight, length as usize);
	TransactionPayment::on_finalize(b);
}

fn normal_weight() -> Weight {
	configs::RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.unwrap_or(Weight::MAX)
}

fn normal_length() -> u32 {
	*configs::RuntimeBlockLength::get().max.get(DispatchClass::Normal)
}

/// L1: a block full of bytes cost 0.004 WORK. Now it costs at least a block full of weight,
/// at any multiplier.
#[test]
fn a_block_of_bytes_costs_more_than_a_block_of_weight_at_any_multiplier() {
	new_ext(1).execute_with(|| {
		let extremes = [
			configs::MinimumMultiplier::get(),
			Multiplier::from(1u128),
			Multiplier::from(1_000u128),
		];
		for multiplier in extremes {
			pallet_transaction_payment::NextFeeMultiplier::<Runtime>::put(multiplier);
			let weight_fee =
				multiplier.saturating_mul_int(TransactionPayment::weight_to_fee(normal_weight()));
			let length_fee = TransactionPayment::length_to_fee(normal_length());
			assert!(length_fee >= weight_fee, "{multiplier:?}: {length_fee} < {weight_fee}");
		}
	});
}

/// L1: the multiplier looked only at weight, so fees *fell* during a flood of bytes. Now a
/// block full of bytes raises fees as a block full of weight does.
#[test]
fn fees_rise_in_a_flood_of_bytes_as_in_a_flood_of_weight() {
	new_ext(1).execute_with(|| {
		let multiplier = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get;
		let mut last = multiplier();
		for _ in 0..100 {
			fee_step(Weight::zero(), normal_length());
			assert!(multiplier() > last, "fees rise in a flood of bytes");
			last = multiplier();
		}
		let by_bytes = last;
		pallet_transaction_payment::NextFeeMultiplier::<Runtime>::put(Multiplier::from(1u128));
		for _ in 0..100 {
			fee_step(normal_weight(), 0);
		}
		// The two adjustments agree to a billionth.
		let by_weight = multiplier();
		let diff = if by_bytes > by_weight { by_bytes - by_weight } else { by_weight - by_bytes };
		assert!(
			diff < Multiplier::saturating_from_rational(1, 1_000_000_000),
			"{by_bytes:?} {by_weight:?}"
		);
		// Half-full blocks of each sit above the target: still rising.
		last = multiplier();
		fee_step(normal_weight() / 2, normal_length() / 2);
		assert!(multiplier() > last);
	});
}

/// L1: what a block full of transfers and a block full of bytes cost, at the start and after
/// 100 full blocks (`cargo test -p workchain-runtime what_a_flood_costs -- --nocapture`). A
/// block of bytes costs at least as much as a block of transfers, at any multiplier.
#[test]
fn what_a_flood_costs() {
	new_ext(1).execute_with(|| {
		use frame_support::dispatch::GetDispatchInfo;
		let ferdie = account(Sr25519Keyring::Ferdie);
		let transfer = signed_transfer(Sr25519Keyring::Dave, &ferdie, UNIT, 0);
		let transfer_len = transfer.encoded_size() as u32;
		let transfer_info = transfer.get_dispatch_info();
		let base = configs::RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
		let per_block = (normal_weight().ref_time()
			/ (transfer_info.total_weight() + base).ref_time())
		.min(u64::from(normal_length() / transfer_len));
		// A remark as long as a block's normal length allows.
		let remark = RuntimeCall::System(frame_system::Call::remark {
			remark: vec![0; normal_length() as usize - 200],
		});
		let remark_info = remark.get_dispatch_info();
		let cost = || {
			let transfers = TransactionPayment::compute_fee(transfer_len, &transfer_info, 0)
				* Balance::from(per_block);
			let bytes = TransactionPayment::compute_fee(normal_length(), &remark_info, 0);
			(transfers, bytes)
		};
		let whole =
			|planck: Balance| format!("{}.{:03} WORK", planck / UNIT, planck % UNIT / MILLI_UNIT);
		let (transfers, bytes) = cost();
		println!(
			"at the start: a block of {per_block} transfers costs {}, a block of {} bytes {}",
			whole(transfers),
			normal_length(),
			whole(bytes)
		);
		assert!(bytes >= transfers);
		for _ in 0..100 {
			fee_step(normal_weight(), normal_length());
		}
		let (transfers_after, bytes_after) = cost();
		println!(
			"after 100 full blocks: transfers {}, bytes {}",
			whole(transfers_after),
			whole(bytes_after)
		);
		assert!(bytes_after >= transfers_after);
		assert!(transfers_after > transfers && bytes_after > bytes);
	});
}

#[test]
fn fees_rise_while_blocks_are_full_and_fall_while_they_are_empty() {
	new_ext(1).execute_with(|| {
		let normal = normal_weight();
		let multiplier = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get;
		assert_eq!(multiplier(), Multiplier::from(1u128));
		let step = |filled: Weight| fee_step(filled, 0);

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
fn the_scripts_set_the_parameters_under_their_storage_keys() {
	let testnet = include_str!("../../scripts/testnet.sh");
	for (name, key) in [
		("SESSION_LENGTH_KEY", SessionLength::key()),
		("SESSIONS_PER_ERA_KEY", SessionsPerEra::key()),
		("BONDING_DURATION_KEY", BondingDuration::key()),
		("GOVERNANCE_DIVISOR_KEY", governance::tracks::GovernanceTimeDivisor::key()),
	] {
		let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
		assert!(testnet.contains(&format!("{name}=0x{key}\n")), "{name}=0x{key}");
	}
	// The value is a SCALE u32, as testnet.sh writes it.
	new_ext(1).execute_with(|| {
		sp_io::storage::set(&SessionLength::key(), &0x0102_0304u32.encode());
		assert_eq!(SessionLength::get(), 0x0102_0304);
	});
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
	v.sort();
	v
}

/// The stashes of `keys`.
fn accounts(keys: &[Sr25519Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| account(*k)).collect()
}

/// `finality_recovery.recover` from Root.
fn recover(
	silent: &[Sr25519Keyring],
	best_finalized: BlockNumber,
	set_id: u64,
) -> sp_runtime::DispatchResult {
	FinalityRecovery::recover(
		RuntimeOrigin::root(),
		accounts(silent).try_into().expect("within MaxSilent"),
		best_finalized,
		set_id,
	)
}

#[test]
fn a_finality_stall_is_recovered_by_a_forced_change_to_a_set_without_the_silent() {
	use Sr25519Keyring::*;
	new_ext(4).execute_with(|| {
		// Finality stalls at set 1: the session that began it started at block `stall`, and
		// the nodes finalized up to `stall + 2`; then charlie and dave stop voting. The
		// runtime goes on signalling a standard change at every era (one session each),
		// which the nodes cannot apply without finality.
		run_to_era(1);
		let set = Grandpa::current_set_id();
		let stall = System::block_number();
		let finalized = stall + 2;
		run_to_era(3);
		assert!(Grandpa::current_set_id() >= set + 2, "the runtime counts unapplied sets");
		assert_eq!(sorted(validators()), sorted(accounts(&[Alice, Bob, Charlie, Dave])));
		// The set's GRANDPA keys are in the order of its validators.
		let honest_keys: Vec<_> = sorted(
			validators()
				.iter()
				.zip(grandpa_keys())
				.filter(|(v, _)| accounts(&[Alice, Bob]).contains(v))
				.map(|(_, k)| k)
				.collect(),
		);

		// Only Root or the finality_recovery track may call it.
		let silent: frame_support::BoundedVec<AccountId, _> =
			accounts(&[Charlie, Dave]).try_into().expect("bounded");
		for origin in [signed(Alice), governance::origins::Origin::StakingAdmin.into()] {
			assert_noop!(
				FinalityRecovery::recover(origin, silent.clone(), finalized, set),
				sp_runtime::DispatchError::BadOrigin
			);
		}
		assert_ok!(FinalityRecovery::recover(
			governance::origins::Origin::FinalityRecovery.into(),
			silent,
			finalized,
			set,
		));
		let session = Session::current_index();
		// They are chilled now, and a new era is forced; they still validate this session.
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(account(Charlie)));
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(account(Dave)));
		assert_eq!(pallet_staking::ForceEra::<Runtime>::get(), pallet_staking::Forcing::ForceNew);
		assert_eq!(validators().len(), 4);

		// Charlie comes back at once: benched, he is chilled again before the election.
		assert_ok!(Staking::validate(signed(Charlie), Default::default()));
		run_to_session(session + 1);
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(account(Charlie)));
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::FinalityRecovery(finality_recovery::Event::BenchedChilled { stash })
				if *stash == account(Charlie)
		)));
		// The current session still has them: no forced change to that set.
		assert_eq!(validators().len(), 4);
		assert_eq!(pallet_grandpa::PendingChange::<Runtime>::get().and_then(|c| c.forced), None);
		assert!(finality_recovery::Pending::<Runtime>::get().is_some());

		// The next session's set is alice and bob: its change is forced, resuming from the
		// finalized block, and the set ids are back in step with the nodes (set + 1).
		run_to_session(session + 2);
		assert_eq!(sorted(validators()), sorted(accounts(&[Alice, Bob])));
		let change = pallet_grandpa::PendingChange::<Runtime>::get().expect("a forced change");
		assert_eq!(change.forced, Some(finalized));
		assert_eq!(change.delay, 1);
		assert_eq!(
			sorted(change.next_authorities.iter().map(|(k, _)| k.clone()).collect()),
			honest_keys
		);
		assert_eq!(Grandpa::current_set_id(), set + 1);
		assert!(finality_recovery::Pending::<Runtime>::get().is_none());
		let at = System::block_number();
		// The forced set's span starts at the block it resumes from, and the same recovery
		// cannot be enacted again (a duplicate referendum would force a second change).
		assert_eq!(finality_recovery::SetStarts::<Runtime>::get(set + 1), Some(finalized));
		assert_noop!(
			recover(&[Charlie], finalized, set),
			finality_recovery::Error::<Runtime>::SetIdBeforeLastRecovery
		);
		run_to(at + 2);
		assert_eq!(sorted(grandpa_keys()), honest_keys);
		assert_eq!(babe_keys().len(), 2);

		// Their stake was not touched, and after the bench (the bonding duration) they may
		// validate and be elected again.
		assert_eq!(staked(&account(Charlie)), VALIDATOR_SELF_STAKE);
		let era = active_era();
		run_to_era(era + BONDING + 1);
		assert!(finality_recovery::Benched::<Runtime>::get().is_empty());
		assert_ok!(Staking::validate(signed(Charlie), Default::default()));
		run_to_era(active_era() + 2);
		assert!(validators().contains(&account(Charlie)));
	});
}

#[test]
fn a_recovery_that_would_halt_the_chain_or_name_too_many_is_refused() {
	use Sr25519Keyring::*;
	new_ext(4).execute_with(|| {
		// Three sessions an era: a GRANDPA set spans three sessions, and the finalized
		// block may lie in any of them.
		SessionsPerEra::set(&3);
		run_to_era(2);
		let set = Grandpa::current_set_id();
		let set_start = System::block_number();
		run_to_session(Session::current_index() + 1);
		let in_second_session = System::block_number();
		run_to_era(3);
		let next_start = System::block_number();
		assert_eq!(Grandpa::current_set_id(), set + 1);
		assert_eq!(finality_recovery::SetStarts::<Runtime>::get(set), Some(set_start));
		assert_eq!(finality_recovery::SetStarts::<Runtime>::get(set + 1), Some(next_start));
		run_to(next_start + 3);
		type E = finality_recovery::Error<Runtime>;
		// A finalized block at or after the next set's change would make every node refuse
		// the forced change's block: the chain would halt for good.
		assert_noop!(recover(&[Charlie, Dave], next_start, set), E::FinalizedOutsideSet);
		// One before the set began is impossible too; so is the set id read at the best
		// block (set + 1) for a block finalized in set `set`.
		assert_noop!(recover(&[Charlie, Dave], set_start - 1, set), E::FinalizedOutsideSet);
		assert_noop!(recover(&[Charlie, Dave], in_second_session, set + 1), E::FinalizedOutsideSet);
		// Not yet a block, a set that never was, nobody, twice, not a stash, more than half
		// of the set.
		let now = System::block_number();
		assert_noop!(recover(&[Charlie], now, set + 1), E::FinalizedInFuture);
		assert_noop!(recover(&[Charlie], now - 1, set + 2), E::SetIdInFuture);
		assert_noop!(recover(&[], now - 1, set + 1), E::NoneNamed);
		assert_noop!(recover(&[Charlie, Charlie], now - 1, set + 1), E::Duplicate);
		assert_noop!(recover(&[Eve], now - 1, set + 1), E::NotAStash);
		assert_noop!(recover(&[Bob, Charlie, Dave], now - 1, set + 1), E::TooManyNamed);
		// Nothing to cancel yet.
		assert_noop!(FinalityRecovery::cancel(RuntimeOrigin::root()), E::NothingPending);
		// Within the set's span, in any of its sessions, it is accepted.
		assert_ok!(recover(&[Charlie, Dave], set_start, set));
		assert_ok!(recover(&[Charlie, Dave], in_second_session, set));
		assert_ok!(recover(&[Charlie, Dave], next_start - 1, set));
		assert_ok!(recover(&[Charlie, Dave], now - 1, set + 1));
		// And it can be withdrawn before it is signalled: no forced change follows.
		assert_ok!(FinalityRecovery::cancel(RuntimeOrigin::root()));
		let session = Session::current_index();
		run_to_session(session + 3);
		assert!(finality_recovery::Pending::<Runtime>::get().is_none());
		assert!(!System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::FinalityRecovery(finality_recovery::Event::ForcedChangeSignalled { .. })
		)));
	});
}

#[test]
fn a_benched_stash_cannot_come_back_by_validating_or_nominating() {
	use Sr25519Keyring::*;
	new_ext(4).execute_with(|| {
		run_to_era(1);
		let set = Grandpa::current_set_id();
		let finalized = System::block_number();
		run_to(finalized + 2);
		assert_ok!(recover(&[Charlie, Dave], finalized, set));
		// Charlie validates again; dave moves his stake behind a fresh stash (eve).
		assert_ok!(Staking::validate(signed(Charlie), Default::default()));
		join(Eve, crate::genesis_config_presets::MIN_VALIDATOR_BOND);
		assert_ok!(Staking::nominate(signed(Dave), vec![account(Eve).into()]));
		let session = Session::current_index();
		run_to_session(session + 2);
		// Both were chilled again before the election: eve won a seat on her own bond only.
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(account(Charlie)));
		assert!(!pallet_staking::Nominators::<Runtime>::contains_key(account(Dave)));
		let era = active_era();
		let exposure = pallet_staking::ErasStakersOverview::<Runtime>::get(era, account(Eve))
			.map(|e| e.total)
			.unwrap_or_default();
		assert_eq!(exposure, crate::genesis_config_presets::MIN_VALIDATOR_BOND);
		assert!(!validators().contains(&account(Charlie)));
		assert!(!validators().contains(&account(Dave)));
	});
}

#[test]
fn a_named_stash_that_already_left_the_set_is_benched_all_the_same() {
	use Sr25519Keyring::*;
	new_ext(4).execute_with(|| {
		run_to_era(1);
		// Dave chills himself and leaves the set at the next era (a front-run of the
		// referendum that names him); the recovery still passes and benches him.
		assert_ok!(Staking::chill(signed(Dave)));
		// (Era 2's set was elected as era 1 began.)
		run_to_era(3);
		assert!(!validators().contains(&account(Dave)));
		let set = Grandpa::current_set_id();
		let finalized = System::block_number();
		run_to(finalized + 2);
		// (Every name counts against half of the set, in it or not: two of three is too many.)
		assert_noop!(
			recover(&[Charlie, Dave], finalized, set),
			finality_recovery::Error::<Runtime>::TooManyNamed
		);
		assert_ok!(recover(&[Dave], finalized, set));
		let benched: Vec<_> =
			finality_recovery::Benched::<Runtime>::get().into_iter().map(|(s, _)| s).collect();
		assert_eq!(benched, accounts(&[Dave]));
	});
}
