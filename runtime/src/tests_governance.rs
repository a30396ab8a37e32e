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
	submit_as(Sr25519Keyring::Alice, call, origin, DispatchTime::After(0), votes)
}

/// `who` submits `call` on the track of `origin`, to be enacted at `enactment`, and places
/// its decision deposit; then the votes, as in [`submit_and_vote`].
fn submit_as(
	who: Sr25519Keyring,
	call: RuntimeCall,
	origin: OriginCaller,
	enactment: DispatchTime<BlockNumber>,
	votes: &[(Sr25519Keyring, bool)],
) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let proposal = <Preimage as StorePreimage>::bound(call).expect("bounded");
	assert_ok!(Referenda::submit(signed(who), Box::new(origin), proposal, enactment));
	assert_ok!(Referenda::place_decision_deposit(signed(who), index));
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

// ---------------------------------------------------------------- attacks on governance

/// The most tasks the scheduler's agenda holds for one block.
fn agenda_capacity() -> u32 {
	<<Runtime as pallet_scheduler::Config>::MaxScheduledPerBlock as frame_support::traits::Get<
		u32,
	>>::get()
}

/// Ferdie submits `n` root referenda and never places their decision deposits: each sets a
/// timeout alarm exactly `UndecidingTimeout` ahead. 10 WORK each, lost when they time out.
fn submit_fillers(n: u32) {
	for _ in 0..n {
		let proposal = <Preimage as StorePreimage>::bound(set_test_key_to_10()).expect("bounded");
		assert_ok!(Referenda::submit(
			signed(Sr25519Keyring::Ferdie),
			Box::new(frame_system::RawOrigin::Root.into()),
			proposal,
			DispatchTime::After(0),
		));
	}
}

fn info(index: u32) -> Option<pallet_referenda::ReferendumInfoOf<Runtime, ()>> {
	pallet_referenda::ReferendumInfoFor::<Runtime>::get(index)
}

fn deciding_since(index: u32) -> Option<BlockNumber> {
	match info(index) {
		Some(ReferendumInfo::Ongoing(status)) => status.deciding.map(|d| d.since),
		_ => None,
	}
}

fn tasks_at(block: BlockNumber) -> usize {
	pallet_scheduler::Agenda::<Runtime>::get(block).iter().filter(|t| t.is_some()).count()
}

/// G4: 50 submissions (500 WORK) fill the agenda of the block after the attacker's own junk
/// root referendum ends, so the alarm that frees root's only deciding seat is lost. Root's
/// deciding count then stays at 1 with nothing deciding, and no root referendum is ever
/// decided again. With the reserve, the alarm lands, the fillers' alarms slide, and an
/// honest referendum passes after the attack.
#[test]
fn stuffed_agendas_cannot_jam_the_root_track() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = track(tracks::ROOT);
		let fillers_at = System::block_number();
		let target = fillers_at + crate::configs::UndecidingTimeout::get();
		submit_fillers(agenda_capacity());

		// The junk ends (rejected: nobody votes) at `target - 1`, so the seat-freeing alarm is
		// asked for `target`.
		let junk_at = target - 1 - root.prepare_period - root.decision_period;
		run_to(junk_at);
		let junk = submit_as(
			Sr25519Keyring::Ferdie,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::After(0),
			&[],
		);
		run_to(junk_at + root.prepare_period);
		assert_eq!(deciding_since(junk), Some(junk_at + root.prepare_period));
		assert_eq!(pallet_referenda::DecidingCount::<Runtime>::get(tracks::ROOT), 1);

		run_to(target - 1);
		assert!(matches!(info(junk), Some(ReferendumInfo::Rejected(..))));
		let at_target = tasks_at(target);
		run_to(target);
		assert_eq!(
			pallet_referenda::DecidingCount::<Runtime>::get(tracks::ROOT),
			0,
			"root's deciding seat is freed"
		);
		// The fillers held no more than their share of `target`'s agenda, and the
		// seat-freeing alarm was in it.
		let share = agenda_capacity() - crate::governance::scheduler::reserve();
		assert_eq!(at_target, share as usize + 1);
		// Every filler's alarm slid, none was lost: all of them time out.
		run_to(target + crate::governance::scheduler::SLIDE);
		for filler in 0..agenda_capacity() {
			assert!(matches!(info(filler), Some(ReferendumInfo::TimedOut(..))), "{filler}");
		}

		// An honest root referendum passes after the attack.
		use Sr25519Keyring::*;
		let votes = [(Alice, true), (Bob, true), (Charlie, true), (Dave, true), (Eve, true)];
		let honest =
			submit_and_vote(set_test_key_to_10(), frame_system::RawOrigin::Root.into(), &votes);
		let start = System::block_number();
		run_to(start + root.prepare_period + root.confirm_period + root.min_enactment_period + 2);
		assert!(matches!(info(honest), Some(ReferendumInfo::Approved(..))));
		assert_eq!(test_value(), Some(10));
	});
}

/// G3: a passed referendum's enactment block is known as soon as it is submitted; 50
/// submissions 14 days before fill that block's agenda, and the enactment was dropped.
#[test]
fn stuffed_agendas_cannot_drop_a_passed_referendum() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = track(tracks::ROOT);
		let enactment = System::block_number() + crate::configs::UndecidingTimeout::get();
		submit_fillers(agenda_capacity());

		run_to(enactment - 3 * DAYS);
		use Sr25519Keyring::*;
		let votes = [(Alice, true), (Bob, true), (Charlie, true), (Dave, true), (Eve, true)];
		let honest = submit_as(
			Alice,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::At(enactment),
			&votes,
		);
		run_to(enactment - 3 * DAYS + root.prepare_period + root.confirm_period + 1);
		assert!(matches!(info(honest), Some(ReferendumInfo::Approved(..))));
		run_to(enactment - 1);
		assert_eq!(test_value(), None);
		run_to(enactment);
		assert_eq!(test_value(), Some(10), "enacted at the block it asked for");
	});
}

/// G1: root decides one referendum at a time, and only Root could cancel: a junk root
/// referendum (1,000 WORK, refunded) held the only seat for its whole 7-day decision
/// period. Holders now cancel it in about an hour (`referendum_canceller`), or kill it and
/// burn its deposits (`referendum_killer`).
#[test]
fn a_junk_root_referendum_is_cancelled_in_hours_or_killed_with_its_deposits() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		use Sr25519Keyring::*;
		let root = track(tracks::ROOT);
		let votes = [(Alice, true), (Bob, true), (Charlie, true), (Dave, true), (Eve, true)];
		let junk = submit_as(
			Ferdie,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::After(0),
			&[],
		);
		run_to(System::block_number() + root.prepare_period);
		assert!(deciding_since(junk).is_some());
		// The honest referendum waits for the seat.
		let honest =
			submit_and_vote(set_test_key_to_10(), frame_system::RawOrigin::Root.into(), &votes);
		run_to(System::block_number() + root.prepare_period + 1);
		assert_eq!(deciding_since(honest), None);

		// Cancelling takes a referendum; nobody may cancel directly.
		assert!(Referenda::cancel(signed(Alice), junk).is_err());
		let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index: junk });
		let asked = System::block_number();
		submit_and_vote(cancel, origins::Origin::ReferendumCanceller.into(), &votes);
		let canceller = track(tracks::REFERENDUM_CANCELLER);
		let done = asked
			+ canceller.prepare_period
			+ canceller.confirm_period
			+ canceller.min_enactment_period
			+ 2;
		assert!(done - asked < 2 * HOURS, "cancelled in hours");
		run_to(done);
		assert!(matches!(info(junk), Some(ReferendumInfo::Cancelled(..))));
		// The junk's deposits come back (a cancel is not a punishment); the seat is free.
		assert_ok!(Referenda::refund_decision_deposit(signed(Ferdie), junk));
		assert!(deciding_since(honest).is_some_and(|since| since > asked && since <= done));
		run_to(done + root.confirm_period + root.min_enactment_period + 2);
		assert_eq!(test_value(), Some(10), "passed days before the junk's decision period ends");
		assert!(System::block_number() < asked + root.decision_period);

		// A second junk is killed: its submission and decision deposits are burned.
		let junk = submit_as(
			Ferdie,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::After(0),
			&[],
		);
		let held = Balances::reserved_balance(Ferdie.to_account_id());
		let issuance = Balances::total_issuance();
		let deposits = crate::configs::SubmissionDeposit::get() + root.decision_deposit;
		let kill = RuntimeCall::Referenda(pallet_referenda::Call::kill { index: junk });
		let killer = track(tracks::REFERENDUM_KILLER);
		let asked = System::block_number();
		submit_and_vote(kill, origins::Origin::ReferendumKiller.into(), &votes);
		run_to(
			asked + killer.prepare_period + killer.confirm_period + killer.min_enactment_period + 2,
		);
		assert!(matches!(info(junk), Some(ReferendumInfo::Killed(..))));
		assert_eq!(Balances::reserved_balance(Ferdie.to_account_id()), held - deposits);
		assert_eq!(Balances::total_issuance(), issuance - deposits);
	});
}

/// G2: the old `validator_admin` track set the whole validator set at 1% support. No track
/// below root may choose who validates, how many seats there are, or force an era: each
/// such call, passed on every other track, is refused when enacted.
#[test]
fn no_track_below_root_chooses_the_validator_set() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let seats = pallet_staking::ValidatorCount::<Runtime>::get();
		let calls = [
			RuntimeCall::Staking(pallet_staking::Call::set_validator_count { new: 1 }),
			RuntimeCall::Staking(pallet_staking::Call::force_new_era {}),
			RuntimeCall::Staking(pallet_staking::Call::set_invulnerables {
				invulnerables: vec![Sr25519Keyring::Ferdie.to_account_id()],
			}),
		];
		let tracks_below_root = [
			(origins::Origin::StakingAdmin, tracks::STAKING_ADMIN),
			(origins::Origin::FinalityRecovery, tracks::FINALITY_RECOVERY),
			(origins::Origin::ReferendumCanceller, tracks::REFERENDUM_CANCELLER),
			(origins::Origin::ReferendumKiller, tracks::REFERENDUM_KILLER),
		];
		for (origin, id) in tracks_below_root {
			for call in calls.clone() {
				System::reset_events();
				pass(call, origin.clone().into(), id);
				assert_eq!(dispatched(), vec![Err(sp_runtime::DispatchError::BadOrigin)]);
			}
		}
		// `manual_slash`, which staking's admin origin could make, is Root's only.
		System::reset_events();
		pass(
			RuntimeCall::Staking(pallet_staking::Call::manual_slash {
				validator_stash: Sr25519Keyring::Alice.to_account_id(),
				era: 0,
				slash_fraction: Perbill::one(),
			}),
			origins::Origin::StakingAdmin.into(),
			tracks::STAKING_ADMIN,
		);
		assert_eq!(dispatched(), vec![Err(frame_system::Error::<Runtime>::CallFiltered.into())]);
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), seats);
		assert_eq!(pallet_staking::Invulnerables::<Runtime>::get(), Vec::<AccountId>::new());
	});
}

/// Fills the agenda of each block in `blocks` with `n` tasks placed straight into
/// pallet-scheduler, as spec 201 (no reserve) let 50 timeouts fill a block.
fn fill_agendas(blocks: core::ops::RangeInclusive<BlockNumber>, n: u32) {
	use frame_support::traits::schedule::v3::Anon;
	for block in blocks {
		for _ in 0..n {
			let call = <Preimage as StorePreimage>::bound(RuntimeCall::System(
				frame_system::Call::remark { remark: vec![] },
			))
			.expect("bounded");
			assert_ok!(<Scheduler as Anon<_, _, _>>::schedule(
				DispatchTime::At(block),
				None,
				128,
				frame_system::RawOrigin::Root.into(),
				call,
			));
		}
	}
}

fn has_alarm(index: u32) -> bool {
	matches!(info(index), Some(ReferendumInfo::Ongoing(status)) if status.alarm.is_some())
}

/// Agendas that spec 201 let fill to 50 before the upgrade (its scheduler had no reserve):
/// five full blocks where a junk root referendum's seat-freeing alarm falls. The agenda now
/// holds 100, so the alarm lands and the seat is freed.
#[test]
fn agendas_filled_before_the_upgrade_still_free_the_seat() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = track(tracks::ROOT);
		let junk_at = System::block_number();
		let target = junk_at + root.prepare_period + root.decision_period + 1;
		fill_agendas(target..=target + crate::governance::scheduler::SLIDE, 50);
		let junk = submit_as(
			Sr25519Keyring::Ferdie,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::After(0),
			&[],
		);
		run_to(target);
		assert!(matches!(info(junk), Some(ReferendumInfo::Rejected(..))));
		assert_eq!(pallet_referenda::DecidingCount::<Runtime>::get(tracks::ROOT), 0);
	});
}

/// A vote moves its referendum's alarm to the next block. With the next blocks' ordinary
/// room full, a dust vote could leave a deciding referendum without any alarm (its seat held
/// until someone votes again); a deciding referendum's alarm is critical, so it keeps one.
#[test]
fn a_vote_cannot_leave_a_deciding_referendum_without_an_alarm() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		use Sr25519Keyring::*;
		let root = track(tracks::ROOT);
		let index = submit_as(
			Alice,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::After(0),
			&[],
		);
		run_to(System::block_number() + root.prepare_period);
		assert!(deciding_since(index).is_some() && has_alarm(index));
		let next = System::block_number() + 1;
		let ordinary = agenda_capacity() - crate::governance::scheduler::reserve();
		fill_agendas(next..=next + crate::governance::scheduler::SLIDE, ordinary);
		let dust = AccountVote::Standard {
			vote: Vote { aye: false, conviction: Conviction::None },
			balance: UNIT,
		};
		assert_ok!(ConvictionVoting::vote(signed(Ferdie), index, dust));
		assert!(has_alarm(index), "the deciding referendum kept an alarm");
		// A referendum without a seat (preparing) gets no room there: its alarm waits for the
		// next vote, as before.
		let waiting = submit_as(
			Bob,
			set_test_key_to_10(),
			frame_system::RawOrigin::Root.into(),
			DispatchTime::After(0),
			&[],
		);
		assert_ok!(ConvictionVoting::vote(signed(Ferdie), waiting, dust));
		assert!(!has_alarm(waiting));
	});
}

/// The agenda room held for critical alarms leaves room for the other alarms.
#[test]
fn the_reserve_fits_in_the_agenda() {
	let reserve = crate::governance::scheduler::reserve();
	assert_eq!(reserve, 68);
	assert!(agenda_capacity() - reserve >= 32);
	sp_io::TestExternalities::default().execute_with(|| {
		let seats: u32 = tracks::TracksInfo::tracks().map(|t| t.info.max_deciding).sum();
		assert_eq!(reserve, 2 * seats);
	});
}
