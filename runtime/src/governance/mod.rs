//! Governance: OpenGov without sudo.
//!
//! Root, and the narrower [`origins::Origin::StakingAdmin`], are reached only by a
//! referendum of `pallet-referenda` that token holders decide with `pallet-conviction-voting`;
//! `pallet-scheduler` enacts what passed and `pallet-preimage` stores the proposals.
//! Nobody, not even whoever launched the network, holds a key over the chain.
//!
//! Two tracks ([`tracks::TracksInfo`]):
//! - `root` (0): any call with the Root origin, a runtime upgrade (`system.set_code`)
//!   among them. Long periods and a high bar.
//! - `staking_admin` (1): pallet-staking's `AdminOrigin` through the `StakingAdmin`
//!   origin: cancelling a deferred slash (`cancel_deferred_slash`), the minimum
//!   commission, ledger repairs. `manual_slash` is Root's only (the runtime's call
//!   filter), and so are the number of seats, the minimum bonds and forced eras. No track
//!   chooses who validates: only stake does.
//! - `finality_recovery` (2): `finality_recovery.recover` only, through the
//!   `FinalityRecovery` origin: the way out of a GRANDPA stall
//!   ([`crate::finality_recovery`]). It benches the named silent validators (they may not
//!   come back for a while) but cannot choose who replaces them: the election does, by
//!   stake. Fast (hours) and with a higher bar than root's.
//! - `referendum_canceller` (3) and `referendum_killer` (4): `referenda.cancel` (deposits
//!   refunded) and `referenda.kill` (deposits burned), so that a junk referendum that holds
//!   a deciding seat is removed in hours, not at the end of its decision period.
//!
//! pallet-referenda schedules through [`scheduler::ReservingScheduler`], which keeps agenda
//! room for the alarms that free deciding seats and for enactments, so that no number of
//! submissions can jam a track or drop a passed referendum.

pub mod origins;
pub mod scheduler;
pub mod tracks;

use frame_support::traits::EitherOfDiverse;
use frame_system::EnsureRoot;

use crate::AccountId;

/// Root, or a referendum of the `staking_admin` track.
pub type EnsureStakingAdmin = EitherOfDiverse<EnsureRoot<AccountId>, origins::StakingAdmin>;
/// Root, or a referendum of the `referendum_canceller` track.
pub type EnsureReferendumCanceller =
	EitherOfDiverse<EnsureRoot<AccountId>, origins::ReferendumCanceller>;
/// Root, or a referendum of the `referendum_killer` track.
pub type EnsureReferendumKiller = EitherOfDiverse<EnsureRoot<AccountId>, origins::ReferendumKiller>;
/// Root, or a referendum of the `finality_recovery` track.
pub type EnsureFinalityRecovery = EitherOfDiverse<EnsureRoot<AccountId>, origins::FinalityRecovery>;
