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
/// The `finality_recovery` track.
pub const FINALITY_RECOVERY: TrackId = 2;
/// The `referendum_canceller` track.
pub const REFERENDUM_CANCELLER: TrackId = 3;
/// The `referendum_killer` track.
pub const REFERENDUM_KILLER: TrackId = 4;

frame_support::parameter_types! {
	/// Test networks only: every track's periods (prepare, decision, confirm, minimum
	/// enactment) are divided by this, down to one block each, so that a live test passes a
	/// referendum in minutes (`scripts/testnet.sh` sets it with `GOVERNANCE_DIVISOR`, as it
	/// sets the session length). 1 unless a chain spec says otherwise; at most
	/// [`MAX_GOVERNANCE_TIME_DIVISOR`]. Like the session length it is a storage parameter
	/// (`twox_128(":GovernanceTimeDivisor:")`) rather than a second, `fast-runtime` build of
	/// the runtime: the tests run the very Wasm that a live network runs. Only Root may
	/// change it later, and Root may change anything.
	pub storage GovernanceTimeDivisor: u32 = 1;
}

/// The largest [`GovernanceTimeDivisor`] that takes effect.
pub const MAX_GOVERNANCE_TIME_DIVISOR: u32 = 100_000;

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

static TRACKS: [Track<TrackId, Balance, BlockNumber>; 5] = [
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
	Track {
		id: FINALITY_RECOVERY,
		info: TrackInfo {
			name: name("finality_recovery"),
			// `finality_recovery.recover` and `cancel` only (`crate::finality_recovery`):
			// chill and bench the validators that stalled finality and force a GRANDPA change
			// to the set elected without them. Finality is stalled while this is decided, so
			// it is fast: hours, not root's nine days. It benches validators, so it asks
			// more than root does: 60% of the votes at the end of the decision period (all
			// of them at its start), 15% of the active issuance at least, and two hours of
			// confirmation. Eight may be decided at once, so that junk referenda (each
			// 5,000 WORK, refunded) must take eight seats to hold a recovery up.
			max_deciding: 8,
			decision_deposit: 5_000 * UNIT,
			prepare_period: 5 * MINUTES,
			decision_period: 2 * DAYS,
			confirm_period: 2 * HOURS,
			min_enactment_period: MINUTES,
			min_approval: linear(60, 100),
			min_support: linear(15, 30),
		},
	},
	Track {
		id: REFERENDUM_CANCELLER,
		info: TrackInfo {
			name: name("referendum_canceller"),
			// `referenda.cancel` only: an ongoing referendum ends and its deposits are
			// refunded. Root decides one referendum at a time, so a junk root referendum
			// (1,000 WORK, refunded) would otherwise hold the only seat for its whole 7-day
			// decision period. Polkadot's canceller track, sized for this chain: the decision
			// deposit is root's, so that cancelling costs what the junk did; a cancel with a
			// quarter of the issuance behind it passes in about 1 h 10 min. A cancel also
			// takes a majority, so that the proposer of an honest referendum can vote a
			// hostile cancel down, and 5% support at the end of its 2 days at least. Ten at
			// once, so that junk cancels (each as costly as a root referendum) must fill ten
			// seats to hold a real one up.
			max_deciding: 10,
			decision_deposit: 1_000 * UNIT,
			prepare_period: 10 * MINUTES,
			decision_period: 2 * DAYS,
			confirm_period: HOURS,
			min_enactment_period: MINUTES,
			min_approval: linear(50, 100),
			min_support: linear(5, 25),
		},
	},
	Track {
		id: REFERENDUM_KILLER,
		info: TrackInfo {
			name: name("referendum_killer"),
			// `referenda.kill` only: an ongoing referendum ends and its deposits are slashed
			// (burned), for referenda made to jam or to cost others. It takes what the
			// submitter paid, so it asks more than a cancel: 5,000 WORK, two hours of
			// confirmation and 10% support at least.
			max_deciding: 10,
			decision_deposit: 5_000 * UNIT,
			prepare_period: 10 * MINUTES,
			decision_period: 2 * DAYS,
			confirm_period: 2 * HOURS,
			min_enactment_period: MINUTES,
			min_approval: linear(50, 100),
			min_support: linear(10, 30),
		},
	},
];

/// The deciding seats of all tracks together (no divisor scales them, so no storage is read).
pub const fn deciding_seats() -> u32 {
	let mut seats = 0u32;
	let mut i = 0;
	while i < TRACKS.len() {
		seats = seats.saturating_add(TRACKS[i].info.max_deciding);
		i += 1;
	}
	seats
}

/// `track` with its periods divided by [`GovernanceTimeDivisor`] (each at least one block).
fn scaled(
	track: &'static Track<TrackId, Balance, BlockNumber>,
) -> Cow<'static, Track<TrackId, Balance, BlockNumber>> {
	let divisor = GovernanceTimeDivisor::get().clamp(1, MAX_GOVERNANCE_TIME_DIVISOR);
	if divisor == 1 {
		return Cow::Borrowed(track);
	}
	let scale = |period: BlockNumber| (period / divisor).max(1);
	let mut track = track.clone();
	track.info.prepare_period = scale(track.info.prepare_period);
	track.info.decision_period = scale(track.info.decision_period);
	track.info.confirm_period = scale(track.info.confirm_period);
	track.info.min_enactment_period = scale(track.info.min_enactment_period);
	Cow::Owned(track)
}

/// The tracks, and which origin each one dispatches with.
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = TrackId;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<TrackId, Balance, BlockNumber>>> {
		TRACKS.iter().map(scaled)
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
				origins::Origin::FinalityRecovery => Ok(FINALITY_RECOVERY),
				origins::Origin::ReferendumCanceller => Ok(REFERENDUM_CANCELLER),
				origins::Origin::ReferendumKiller => Ok(REFERENDUM_KILLER),
			}
		} else {
			Err(())
		}
	}
}
