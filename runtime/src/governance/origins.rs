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
		/// The `validator_admin` track: collator-selection's settings.
		ValidatorAdmin,
	}

	/// Ensures the [`Origin::ValidatorAdmin`] origin.
	pub struct ValidatorAdmin;
	impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for ValidatorAdmin
	where
		for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
	{
		type Success = ();

		fn try_origin(o: O) -> Result<Self::Success, O> {
			if matches!(o.caller().try_into(), Ok(Origin::ValidatorAdmin)) {
				Ok(())
			} else {
				Err(o)
			}
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			Ok(O::from(Origin::ValidatorAdmin))
		}
	}
}
