//! The custom origins that referenda tracks other than `root` dispatch with.

pub use pallet_custom_origins::*;

#[frame_support::pallet]
pub mod pallet_custom_origins {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// An origin that only a passed referendum of its track can have.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// The `staking_admin` track: staking's `AdminOrigin` (cancelling a deferred
		/// slash, the minimum commission, ledger repairs; `manual_slash` is filtered to
		/// Root); never who validates.
		StakingAdmin,
		/// The `finality_recovery` track: `finality_recovery.recover` only.
		FinalityRecovery,
		/// The `referendum_canceller` track: `referenda.cancel`.
		ReferendumCanceller,
		/// The `referendum_killer` track: `referenda.kill`.
		ReferendumKiller,
	}

	/// An `EnsureOrigin` for one variant of [`Origin`].
	macro_rules! ensure_variant {
		($(#[$doc:meta])* $name:ident) => {
			$(#[$doc])*
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();

				fn try_origin(o: O) -> Result<Self::Success, O> {
					if matches!(o.caller().try_into(), Ok(Origin::$name)) {
						Ok(())
					} else {
						Err(o)
					}
				}

				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$name))
				}
			}
		};
	}

	ensure_variant!(
		/// Ensures the [`Origin::StakingAdmin`] origin.
		StakingAdmin
	);
	ensure_variant!(
		/// Ensures the [`Origin::FinalityRecovery`] origin.
		FinalityRecovery
	);
	ensure_variant!(
		/// Ensures the [`Origin::ReferendumCanceller`] origin.
		ReferendumCanceller
	);
	ensure_variant!(
		/// Ensures the [`Origin::ReferendumKiller`] origin.
		ReferendumKiller
	);
}
