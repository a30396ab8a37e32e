//! Governance: OpenGov without sudo.
//!
//! Root, and the narrower [`origins::Origin::ValidatorAdmin`], are reached only by a
//! referendum of `pallet-referenda` that token holders decide with `pallet-conviction-voting`;
//! `pallet-scheduler` enacts what passed and `pallet-preimage` stores the proposals.
//! Nobody, not even whoever launched the network, holds a key over the chain.
//!
//! Two tracks ([`tracks::TracksInfo`]):
//! - `root` (0): any call with the Root origin, a runtime upgrade (`system.set_code`)
//!   among them. Long periods and a high bar.
//! - `validator_admin` (1): collator-selection's settings (invulnerables, desired
//!   candidates, candidacy bond) through the `ValidatorAdmin` origin.

pub mod origins;
pub mod tracks;

use frame_support::traits::EitherOfDiverse;
use frame_system::EnsureRoot;

use crate::AccountId;

/// Root, or a referendum of the `validator_admin` track.
pub type EnsureValidatorAdmin = EitherOfDiverse<EnsureRoot<AccountId>, origins::ValidatorAdmin>;
