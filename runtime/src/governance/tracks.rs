//! The referenda tracks of Workchain.

use super::origins;
use crate::{Balance, BlockNumber, RuntimeOrigin, DAYS, HOURS, MINUTES, UNIT};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};

/// The length of a track name (pallet-referenda's default).
const NAME_LEN: usize = 25;
use sp_runtime::Perbill;

/// A track id.
pub type TrackId = u16;

/// The `root` track.
pub const ROOT: TrackId = 0;
/// The `staking_admin` track.
pub const STAKING_ADMIN: TrackId = 1;

/// A track name as the fixed-length, zero-padded bytes pallet-referenda stores.
const fn name(s: &str) -> [u8; NAME_LEN] {
	let bytes = s.as_bytes();
	let mut out = [0u8; NAME_LEN];
	let mut i = 0;
	while i < bytes.len() && i < NAME_LEN {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

/// A threshold that falls linearly from `ceil` at the start of the decision period to
/// `floor` at its end.
const fn linear(floor: u32, ceil: u32) -> Curve {
	Curve::LinearDecreasing {
		length: Perbill::from_percent(100),
		floor: Perbill::from_percent(floor),
		ceil: Perbill::from_percent(ceil),
	}
}

static TRACKS: [Track<TrackId, Balance, BlockNumber>; 2] = [
	Track {
		id: ROOT,
		info: TrackInfo {
			name: name("root"),
			// One root referendum is decided at a time.
			max_deciding: 1,
			decision_deposit: 1_000 * UNIT,
			prepare_period: HOURS,
			decision_period: 7 * DAYS,
			confirm_period: DAYS,
			min_enactment_period: DAYS,
			// Approval: from 100% of the votes cast down to 50%.
			min_approval: linear(50, 100),
			// Support (ayes as a share of the active issuance): from 50% down to 5%.
			min_support: linear(5, 50),
		},
	},
	Track {
		id: STAKING_ADMIN,
		info: TrackInfo {
			name: name("staking_admin"),
			max_deciding: 5,
			// It may spare a slashed validator (`cancel_deferred_slash`) or set the minimum
			// commission (`manual_slash` is filtered to Root): priced and timed like root.
			decision_deposit: 1_000 * UNIT,
			prepare_period: 10 * MINUTES,
			decision_period: 7 * DAYS,
			confirm_period: DAYS,
			min_enactment_period: 10 * MINUTES,
			min_approval: linear(50, 100),
			// Support from 25% down to 10% of the active issuance, never the 1% at which
			// the old validator_admin track could choose the set.
			min_support: linear(10, 25),
		},
	},
];

/// The tracks, and which origin each one dispatches with.
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = TrackId;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<TrackId, Balance, BlockNumber>>> {
		TRACKS.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		if let Ok(system_origin) = frame_system::RawOrigin::try_from(origin.clone()) {
			match system_origin {
				frame_system::RawOrigin::Root => Ok(ROOT),
				_ => Err(()),
			}
		} else if let Ok(custom) = origins::Origin::try_from(origin.clone()) {
			match custom {
				origins::Origin::StakingAdmin => Ok(STAKING_ADMIN),
			}
		} else {
			Err(())
		}
	}
}
