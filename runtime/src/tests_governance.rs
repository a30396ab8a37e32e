//! Runtime tests of governance: Root and `StakingAdmin` are reached only by a
//! referendum that passes its track's periods; a referendum that fails enacts nothing.

use super::*;
use crate::{
	genesis_config_presets::ENDOWMENT,
	governance::{origins, tracks},
	tests::ext_from_preset,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_ok,
	traits::{schedule::DispatchTime, Hooks, StorePreimage},
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_referenda::{ReferendumInfo, TracksInfo as _};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, Perbill};

fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Scheduler::on_initialize(b);
	}
}

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// A storage key that nothing in the runtime reads.
const TEST_KEY: &[u8] = b":workchain:governance-test:";

/// The proposal: `system.set_storage` of [`TEST_KEY`] to 10, a call only Root may make.
/// (Not a consensus parameter: writing BABE's epoch length on a running chain would halt
/// it; see `configs::consensus::SessionLength`.)
fn set_test_key_to_10() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(TEST_KEY.to_vec(), 10u32.encode())],
	})
}

/// What the proposal wrote, if it was enacted.
fn test_value() -> Option<u32> {
	sp_io::storage::get(TEST_KEY).and_then(|v| u32::decode(&mut &v[..]).ok())
}

/// Alice submits `call` on the track of `origin` and places its decision deposit; each
/// voter votes 90% of its endowment (`aye` or nay) with 1x conviction.
fn submit_and_vote(
	call: RuntimeCall,
	origin: OriginCaller,
	votes: &[(Sr25519Keyring, bool)],
) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let proposal = <Preimage as StorePreimage>::bound(call).expect("bounded");
	assert_ok!(Referenda::submit(
		signed(Sr25519Keyring::Alice),
		Box::new(origin),
		proposal,
		DispatchTime::After(0),
	));
	assert_ok!(Referenda::place_decision_deposit(signed(Sr25519Keyring::Alice), index));
	for (who, aye) in votes {
		let vote = AccountVote::Standard {
			vote: Vote { aye: *aye, conviction: Conviction::Locked1x },
			balance: ENDOWMENT / 10 * 9,
		};
		assert_ok!(ConvictionVoting::vote(signed(*who), index, vote));
	}
	index
}

fn track(id: tracks::TrackId) -> pallet_referenda::TrackInfo<Balance, BlockNumber> {
	tracks::TracksInfo::info(id).expect("track exists").into_owned()
}

/// Nothing is left in the scheduler's agenda: no enactment is pending.
fn agenda_is_empty() -> bool {
	pallet_scheduler::Agenda::<Runtime>::iter()
		.all(|(_, agenda)| agenda.iter().all(Option::is_none))
}

/// Run past root referendum `index`'s whole decision period and enactment delay: it ended
/// `Rejected`, nothing is scheduled and the session length is unchanged.
fn assert_rejected_and_nothing_enacted(index: u32) {
	let root = track(tracks::ROOT);
	let start = System::block_number();
	run_to(start + root.prepare_period + root.decision_period + root.min_enactment_period + 10);
	assert!(matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Rejected(..))
	));
	assert!(agenda_is_empty());
	assert_eq!(test_value(), None);
}

#[test]
fn a_root_referendum_passes_and_enacts_after_its_periods() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		// Nobody can make the call directly.
		assert!(set_test_key_to_10().dispatch(signed(Sr25519Keyring::Alice)).is_err());

		use Sr25519Keyring::*;
		let votes = [(Alice, true), (Bob, true), (Charlie, true), (Dave, true), (Eve, true)];
		let index =
			submit_and_vote(set_test_key_to_10(), frame_system::RawOrigin::Root.into(), &votes);
		let root = track(tracks::ROOT);
		let start = System::block_number();

		// Through the prepare period, the confirm period and the enactment delay nothing
		// is enacted.
		let confirmed = start + root.prepare_period + root.confirm_period;
		run_to(confirmed - 1);
		assert_eq!(test_value(), None);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Ongoing(_))
		));
		run_to(confirmed + 1);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Approved(..))
		));
		assert_eq!(test_value(), None, "enactment waits for the enactment period");

		assert!(!agenda_is_empty());
		run_to(confirmed + root.min_enactment_period + 1);
		assert_eq!(test_value(), Some(10));
		assert!(agenda_is_empty());
	});
}

#[test]
fn a_staking_admin_referendum_sets_the_minimum_commission() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		use Sr25519Keyring::*;
		let call = RuntimeCall::Staking(pallet_staking::Call::set_min_commission {
			new: Perbill::from_percent(5),
		});
		assert!(call.clone().dispatch(signed(Alice)).is_err());
		let votes = [(Alice, true), (Bob, true)];
		let index = submit_and_vote(call, origins::Origin::StakingAdmin.into(), &votes);
		assert_eq!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index).and_then(
				|info| match info {
					ReferendumInfo::Ongoing(status) => Some(status.track),
					_ => None,
				}
			),
			Some(tracks::STAKING_ADMIN)
		);
		let admin = track(tracks::STAKING_ADMIN);
		let start = System::block_number();
		run_to(
			start + admin.prepare_period + admin.confirm_period + admin.min_enactment_period + 1,
		);
		assert_eq!(pallet_staking::MinCommission::<Runtime>::get(), Perbill::from_percent(5));
	});
}

#[test]
fn a_rejected_referendum_enacts_nothing() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		use Sr25519Keyring::*;
		// Alice wants it; Bob, Charlie and Dave vote against.
		let votes = [(Alice, true), (Bob, false), (Charlie, false), (Dave, false)];
		let index =
			submit_and_vote(set_test_key_to_10(), frame_system::RawOrigin::Root.into(), &votes);
		assert_rejected_and_nothing_enacted(index);
	});
}

#[test]
fn a_referendum_without_support_times_out_and_enacts_nothing() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		// Only Alice votes, with a tenth of her endowment: all ayes, but under 2% of the
		// issuance, below the root track's support floor of 5%.
		let index =
			submit_and_vote(set_test_key_to_10(), frame_system::RawOrigin::Root.into(), &[]);
		let vote = AccountVote::Standard {
			vote: Vote { aye: true, conviction: Conviction::Locked6x },
			balance: ENDOWMENT / 10,
		};
		assert_ok!(ConvictionVoting::vote(signed(Sr25519Keyring::Alice), index, vote));
		assert_rejected_and_nothing_enacted(index);
	});
}

/// The `Scheduler::Dispatched` results that failed, in order (the referenda's own alarms
/// succeed).
fn dispatched() -> Vec<sp_runtime::DispatchResult> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { result, .. })
				if result.is_err() =>
			{
				Some(result)
			}
			_ => None,
		})
		.collect()
}

/// Pass a referendum of `origin`'s track for `call` (five voters, all aye) and run past its
/// enactment.
fn pass(call: RuntimeCall, origin: OriginCaller, track_id: tracks::TrackId) {
	use Sr25519Keyring::*;
	let votes = [(Alice, true), (Bob, true), (Charlie, true), (Dave, true), (Eve, true)];
	let index = submit_and_vote(call, origin, &votes);
	assert_eq!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index).and_then(|info| match info {
			ReferendumInfo::Ongoing(status) => Some(status.track),
			_ => None,
		}),
		Some(track_id)
	);
	let t = track(track_id);
	let start = System::block_number();
	run_to(start + t.prepare_period + t.confirm_period + t.min_enactment_period + 2);
	assert!(matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Approved(..))
	));
}

#[test]
fn the_finality_recovery_track_reaches_the_recovery_call_and_nothing_else() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let recovery = track(tracks::FINALITY_RECOVERY);
		// Hours, not root's days; a higher bar than root's.
		assert!(recovery.prepare_period + recovery.confirm_period < 3 * HOURS);
		let root = track(tracks::ROOT);
		for end in [Perbill::zero(), Perbill::one()] {
			assert!(recovery.min_approval.threshold(end) >= root.min_approval.threshold(end));
		}
		assert!(
			recovery.min_support.threshold(Perbill::one())
				> root.min_support.threshold(Perbill::one())
		);

		// A recovery that names nobody reaches the call (which refuses it), not BadOrigin.
		let recover = RuntimeCall::FinalityRecovery(crate::finality_recovery::Call::recover {
			silent: Default::default(),
			best_finalized: 0,
			set_id: 0,
		});
		assert!(recover.clone().dispatch(signed(Sr25519Keyring::Alice)).is_err());
		pass(recover, origins::Origin::FinalityRecovery.into(), tracks::FINALITY_RECOVERY);
		assert_eq!(
			dispatched(),
			vec![Err(crate::finality_recovery::Error::<Runtime>::NoneNamed.into())]
		);

		// A root call on this track is passed, and refused when enacted.
		System::reset_events();
		pass(
			set_test_key_to_10(),
			origins::Origin::FinalityRecovery.into(),
			tracks::FINALITY_RECOVERY,
		);
		assert_eq!(dispatched(), vec![Err(sp_runtime::DispatchError::BadOrigin)]);
		assert_eq!(test_value(), None);
	});
}

#[test]
fn a_test_chain_divides_governance_periods_within_bounds() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = track(tracks::ROOT);
		assert_eq!(root.decision_period, 7 * DAYS);
		tracks::GovernanceTimeDivisor::set(&600);
		let fast = track(tracks::ROOT);
		assert_eq!(fast.decision_period, 7 * DAYS / 600);
		assert_eq!(fast.prepare_period, HOURS / 600);
		// Never below one block, whatever the divisor; thresholds and deposits unchanged.
		tracks::GovernanceTimeDivisor::set(&u32::MAX);
		let fastest = track(tracks::ROOT);
		assert_eq!(fastest.prepare_period, 1);
		assert_eq!(fastest.decision_period, 7 * DAYS / tracks::MAX_GOVERNANCE_TIME_DIVISOR);
		assert_eq!(fastest.decision_deposit, root.decision_deposit);
		// 0 is 1.
		tracks::GovernanceTimeDivisor::set(&0);
		assert_eq!(track(tracks::ROOT).decision_period, 7 * DAYS);
		// A referendum passes in the divided periods.
		tracks::GovernanceTimeDivisor::set(&600);
		pass(set_test_key_to_10(), frame_system::RawOrigin::Root.into(), tracks::ROOT);
		assert_eq!(test_value(), Some(10));
	});
}
