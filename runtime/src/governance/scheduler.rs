//! The scheduler as pallet-referenda sees it: agenda room held back for the alarms that
//! must not be lost, and a short slide to the next block with room.
//!
//! pallet-referenda (stable2609) puts every alarm and enactment in `pallet-scheduler`'s
//! agenda, which holds [`MaxScheduledPerBlock`](crate::configs) tasks per block, and it
//! does not handle a full agenda: an alarm that cannot be placed is simply not set, and an
//! enactment that cannot be placed is dropped. Every submission sets a timeout alarm
//! exactly `UndecidingTimeout` ahead, so anyone can fill the agenda of a block they choose
//! with 10 WORK submissions. Two attacks follow (runtime tests in `tests_governance`):
//! - **the root track jammed for good**: the `one_fewer_deciding` alarm that frees a
//!   deciding seat the block after a referendum ends is lost, the track's deciding count
//!   never falls again, and no referendum of that track is ever decided;
//! - **a passed referendum dropped**: its enactment, at a block known in advance, is lost.
//!
//! The upstream fix (polkadot-sdk PR #12854, a priority reserve in the scheduler) is not
//! in stable2609. This adapter does the same from outside the pallets:
//! - *Critical* tasks may use the whole agenda of a block (`MaxScheduledPerBlock`, 100):
//!   the `one_fewer_deciding` alarms, the enactments (the named tasks), and the alarms of
//!   referenda that hold a deciding seat (else a vote, which moves a referendum's alarm to
//!   the next block, could leave a deciding referendum without one). A block gets at most
//!   [`reserve`] of them (twice the sum of the tracks' `max_deciding`: one seat-freeing
//!   alarm per deciding referendum that ends, one alarm per deciding referendum).
//! - Every other alarm (a submission's timeout, a preparing or queued referendum's nudge)
//!   may fill a block only up to `MaxScheduledPerBlock - reserve()`, so the reserve is
//!   always there for the critical ones.
//! - A task whose block is full (for its kind) goes to the next block with room, at most
//!   [`SLIDE`] blocks later. An alarm that fires a few blocks late is harmless: the
//!   referendum is serviced with the block number of then. An ordinary alarm that finds no
//!   room is not set, as before; it belongs to a referendum without a seat, which anyone's
//!   next vote services again.
//! - Agendas filled before this runtime (spec 201 let timeouts fill all 50 places) still
//!   hold at most 50 tasks: the agenda grew to 100 with this adapter, so those blocks keep
//!   50 places for critical tasks.
//!
//! Weight: each block tried reads one agenda, and a nudge's referendum is read once; the
//! reads beyond the one that `pallet-scheduler`'s benchmarked `schedule` makes are
//! registered as extra block weight (they are not in pallet-referenda's benchmarks).

use crate::{BlockNumber, OriginCaller, Runtime, RuntimeCall};
use codec::Decode;
use frame_support::traits::{
	schedule::{
		v3::{Anon, Named, TaskName},
		DispatchTime, Period, Priority,
	},
	Bounded, Get,
};
use sp_runtime::{traits::BlakeTwo256, DispatchError};

type Scheduler = pallet_scheduler::Pallet<Runtime>;
type Address = pallet_scheduler::TaskAddress<BlockNumber>;
type Call = Bounded<RuntimeCall, BlakeTwo256>;

/// The most blocks a task slides past the one it asked for.
pub const SLIDE: BlockNumber = 4;

/// Agenda room per block held for critical tasks: two per deciding seat of every track.
pub const fn reserve() -> u32 {
	crate::governance::tracks::deciding_seats().saturating_mul(2)
}

/// How many tasks of this kind a block's agenda may hold.
fn room_for(critical: bool) -> u32 {
	let max = <Runtime as pallet_scheduler::Config>::MaxScheduledPerBlock::get();
	if critical {
		max
	} else {
		max.saturating_sub(reserve())
	}
}

/// Counts this call's storage reads beyond the benchmarked ones.
fn extra_reads(reads: u64) {
	let weight = <Runtime as frame_system::Config>::DbWeight::get().reads(reads);
	frame_system::Pallet::<Runtime>::register_extra_weight_unchecked(
		weight,
		frame_support::dispatch::DispatchClass::Mandatory,
	);
}

/// Is `call` an alarm that must not be lost: one that frees a deciding seat, or the nudge
/// of a referendum that holds one? (Alarms are always inline: a few bytes.)
fn is_critical(call: &Call) -> bool {
	let Bounded::Inline(bytes) = call else { return false };
	match RuntimeCall::decode(&mut &bytes[..]) {
		Ok(RuntimeCall::Referenda(pallet_referenda::Call::one_fewer_deciding { .. })) => true,
		Ok(RuntimeCall::Referenda(pallet_referenda::Call::nudge_referendum { index })) => {
			extra_reads(1);
			matches!(
				pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
				Some(pallet_referenda::ReferendumInfo::Ongoing(status)) if status.deciding.is_some()
			)
		}
		_ => false,
	}
}

/// The first block from `when` on, within [`SLIDE`] blocks, whose agenda has fewer than
/// `room` tasks; the scheduler's own error for a time in the past.
fn block_with_room(
	when: DispatchTime<BlockNumber>,
	room: u32,
) -> Result<BlockNumber, DispatchError> {
	let now = frame_system::Pallet::<Runtime>::block_number();
	let first = match when {
		DispatchTime::At(at) => at,
		DispatchTime::After(after) => now.saturating_add(after).saturating_add(1),
	};
	if first <= now {
		return Err(pallet_scheduler::Error::<Runtime>::TargetBlockNumberInPast.into());
	}
	let mut tried = 0u64;
	let found = (first..=first.saturating_add(SLIDE)).find(|at| {
		tried += 1;
		let tasks = pallet_scheduler::Agenda::<Runtime>::get(at);
		(tasks.iter().filter(|task| task.is_some()).count() as u32) < room
	});
	extra_reads(tried.saturating_sub(1));
	found.ok_or(DispatchError::Exhausted)
}

/// pallet-scheduler, as pallet-referenda's `Scheduler`: see the module docs.
pub struct ReservingScheduler;

impl Anon<BlockNumber, RuntimeCall, OriginCaller> for ReservingScheduler {
	type Address = Address;
	type Hasher = BlakeTwo256;

	fn schedule(
		when: DispatchTime<BlockNumber>,
		maybe_periodic: Option<Period<BlockNumber>>,
		priority: Priority,
		origin: OriginCaller,
		call: Call,
	) -> Result<Address, DispatchError> {
		let at = block_with_room(when, room_for(is_critical(&call)))?;
		<Scheduler as Anon<_, _, _>>::schedule(
			DispatchTime::At(at),
			maybe_periodic,
			priority,
			origin,
			call,
		)
	}

	fn cancel(address: Address) -> Result<(), DispatchError> {
		<Scheduler as Anon<_, _, _>>::cancel(address)
	}

	fn reschedule(
		address: Address,
		when: DispatchTime<BlockNumber>,
	) -> Result<Address, DispatchError> {
		<Scheduler as Anon<_, _, _>>::reschedule(address, when)
	}

	fn next_dispatch_time(address: Address) -> Result<BlockNumber, DispatchError> {
		<Scheduler as Anon<_, _, _>>::next_dispatch_time(address)
	}
}

/// Named tasks are pallet-referenda's enactments: critical.
impl Named<BlockNumber, RuntimeCall, OriginCaller> for ReservingScheduler {
	type Address = Address;
	type Hasher = BlakeTwo256;

	fn schedule_named(
		id: TaskName,
		when: DispatchTime<BlockNumber>,
		maybe_periodic: Option<Period<BlockNumber>>,
		priority: Priority,
		origin: OriginCaller,
		call: Call,
	) -> Result<Address, DispatchError> {
		let at = block_with_room(when, room_for(true))?;
		<Scheduler as Named<_, _, _>>::schedule_named(
			id,
			DispatchTime::At(at),
			maybe_periodic,
			priority,
			origin,
			call,
		)
	}

	fn cancel_named(id: TaskName) -> Result<(), DispatchError> {
		<Scheduler as Named<_, _, _>>::cancel_named(id)
	}

	fn reschedule_named(
		id: TaskName,
		when: DispatchTime<BlockNumber>,
	) -> Result<Address, DispatchError> {
		<Scheduler as Named<_, _, _>>::reschedule_named(id, when)
	}

	fn next_dispatch_time(id: TaskName) -> Result<BlockNumber, DispatchError> {
		<Scheduler as Named<_, _, _>>::next_dispatch_time(id)
	}
}
