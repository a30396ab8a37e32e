//! Storage migrations of pallet-ito, one module per step of its storage version, each a
//! [`VersionedMigration`]: it runs only on the version it migrates from, sets the next
//! version, and is a no-op (one read) on a chain that has already run it.
//!
//! Every step's try-runtime checks compare a [`snapshot`] taken before the upgrade with
//! one taken after it (every ITO record and every balance that an ITO accounts for), then
//! run [`Pallet::do_try_state`]. A step that changes a layout compares what its layout
//! change must preserve instead.

use crate::{Config, Pallet};
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade, weights::Weight,
};

/// Version 1: the layout of Workchain's spec version 201, which is version 0's.
///
/// pallet-ito's layout changed several times during development while its storage version
/// stayed 0; version 0 *is* the layout of spec version 201, the last release before
/// versioning, and no earlier development layout ran on a network that upgrades. Version
/// 1 changes nothing and translates nothing: it starts the versioning that every later
/// layout change goes through.
pub mod v1 {
	use super::*;

	/// The step from version 0 to 1, unversioned: use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			Weight::zero()
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok(super::snapshot::<T>().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(before: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Encode;
			frame_support::ensure!(
				super::snapshot::<T>().encode() == before,
				"an ITO record or balance changed in the upgrade to storage version 1"
			);
			// The invariants are checked in the code's layout, after the last step.
			super::try_state_if_current::<T>()
		}
	}

	/// Version 0 to 1, run once: [`UncheckedMigrateV0ToV1`] and the version set to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		UncheckedMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2: pallet-ito's second adversarial round (issue 20).
///
/// - [`crate::HolderInfo`] gains `remainders`: each holder keeps what it earned below one
///   unit (before, the remainder went to the pool's dust at every settlement). Old records
///   start with none: what they lost to rounding before the upgrade is in the pools' dust.
/// - [`crate::RewardPool`] gains `generation` (of the asset it accepted, see
///   [`crate::AssetGeneration`]) and `gone` (the pool was written off). Existing pools take
///   their asset's current generation (0: nothing counted destructions before) and none is
///   gone. An asset destroyed before the upgrade and created again under its id cannot be
///   told from the one accepted; as before the upgrade, its pool pays from it.
///
/// Accumulators keep their values: wrapping arithmetic reads the same differences.
pub mod v2 {
	use super::*;
	use crate::{AssetIdOf, BalanceOf, Holders, RewardAsset, RewardPools};
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{pallet_prelude::*, BoundedVec};
	use scale_info::TypeInfo;

	/// A reward pool as version 1 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct OldRewardPool<AssetId, Balance> {
		pub asset: RewardAsset<AssetId>,
		pub pool: Balance,
		pub owed: Balance,
		pub acc: u128,
		pub dust: u128,
		pub seed: Balance,
	}

	/// A holder record as version 1 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	#[scale_info(skip_type_params(MaxAssets))]
	pub struct OldHolderInfo<AssetId, Balance, MaxAssets: Get<u32>> {
		pub eligible: Balance,
		pub pending: Balance,
		pub pending_block: Option<crate::WorkBlockIndex>,
		pub approved_block: Option<crate::WorkBlockIndex>,
		pub purchased_block: crate::WorkBlockIndex,
		pub purchased: Balance,
		pub snapshots: BoundedVec<(RewardAsset<AssetId>, u128), MaxAssets>,
		pub owed: BoundedVec<(RewardAsset<AssetId>, Balance), MaxAssets>,
		pub deposit: Balance,
	}

	pub(crate) type OldPoolsOf<T> = BoundedVec<
		OldRewardPool<AssetIdOf<T>, BalanceOf<T>>,
		<T as crate::Config>::MaxRewardAssets,
	>;
	type OldHolderOf<T> =
		OldHolderInfo<AssetIdOf<T>, BalanceOf<T>, <T as crate::Config>::MaxRewardAssets>;

	/// The step from version 1 to 2, unversioned: use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut translated = 0u64;
			RewardPools::<T>::translate::<OldPoolsOf<T>, _>(|_, old| {
				translated += 1;
				let pools = old.into_iter().map(|p| crate::RewardPool {
					asset: p.asset,
					pool: p.pool,
					owed: p.owed,
					acc: p.acc,
					dust: p.dust,
					seed: p.seed,
					generation: match p.asset {
						RewardAsset::Native => 0,
						RewardAsset::Asset(id) => {
							// Its destructions are counted from now on.
							let generation = crate::AssetGeneration::<T>::get(id);
							crate::AssetGeneration::<T>::insert(id, generation);
							generation
						}
					},
					gone: false,
				});
				// Same bound, same length.
				Some(BoundedVec::truncate_from(pools.collect()))
			});
			Holders::<T>::translate::<OldHolderOf<T>, _>(|_, _, old| {
				translated += 1;
				Some(crate::HolderInfo {
					eligible: old.eligible,
					pending: old.pending,
					pending_block: old.pending_block,
					approved_block: old.approved_block,
					purchased_block: old.purchased_block,
					purchased: old.purchased,
					snapshots: old.snapshots,
					owed: old.owed,
					remainders: BoundedVec::new(),
					deposit: old.deposit,
				})
			});
			T::DbWeight::get().reads_writes(translated, translated)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(super::snapshot::<T>().balances.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(before: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			// Every balance an ITO accounts for is unchanged; every record decodes.
			frame_support::ensure!(
				super::snapshot::<T>().balances.encode() == before,
				"a balance changed in the upgrade to storage version 2"
			);
			frame_support::ensure!(
				RewardPools::<T>::iter_keys().count() == RewardPools::<T>::iter_values().count(),
				"a reward pool does not decode after the upgrade to storage version 2"
			);
			frame_support::ensure!(
				Holders::<T>::iter_keys().count() == Holders::<T>::iter_values().count(),
				"a holder record does not decode after the upgrade to storage version 2"
			);
			super::try_state_if_current::<T>()
		}
	}

	/// For tests: rewrite every pool and holder record in version 1's layout, as a chain
	/// on spec version 202 or earlier stores them (what the new fields hold is dropped).
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn write_v1_layout<T: Config>() {
		use frame_support::storage::unhashed;
		let pools: alloc::vec::Vec<_> = RewardPools::<T>::iter().collect();
		for (id, pools) in pools {
			let old: alloc::vec::Vec<OldRewardPool<AssetIdOf<T>, BalanceOf<T>>> = pools
				.into_iter()
				.map(|p| OldRewardPool {
					asset: p.asset,
					pool: p.pool,
					owed: p.owed,
					acc: p.acc,
					dust: p.dust,
					seed: p.seed,
				})
				.collect();
			unhashed::put(&RewardPools::<T>::hashed_key_for(id), &old);
		}
		let holders: alloc::vec::Vec<_> = Holders::<T>::iter().collect();
		for (id, who, h) in holders {
			let old: OldHolderOf<T> = OldHolderInfo {
				eligible: h.eligible,
				pending: h.pending,
				pending_block: h.pending_block,
				approved_block: h.approved_block,
				purchased_block: h.purchased_block,
				purchased: h.purchased,
				snapshots: h.snapshots,
				owed: h.owed,
				deposit: h.deposit,
			};
			unhashed::put(&Holders::<T>::hashed_key_for(id, &who), &old);
		}
	}

	/// Version 1 to 2, run once: [`UncheckedMigrateV1ToV2`] and the version set to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// What an upgrade must leave as it found it: every key and value of pallet-ito's storage
/// but its version, and for every ITO its account's native balance, its token's issuance,
/// every holder's token balance and the account's balance of every reward asset. For
/// try-runtime checks and tests: it reads all of an ITO's records.
#[cfg(any(feature = "try-runtime", test))]
pub fn snapshot<T: Config>() -> Snapshot {
	use crate::{Holders, Itos, RewardAsset, RewardPools};
	use codec::Encode;
	use frame_support::traits::GetStorageVersion;
	use frame_support::traits::{
		fungible::Inspect as _, fungibles::Inspect as _, PalletInfoAccess,
	};

	let prefix = Pallet::<T>::name_hash();
	let version = frame_support::traits::StorageVersion::storage_key::<Pallet<T>>();
	let keys = frame_support::storage::KeyPrefixIterator::new(
		prefix.to_vec(),
		prefix.to_vec(),
		|suffix: &[u8]| Ok(suffix.to_vec()),
	);
	let storage = keys
		.map(|suffix| [&prefix[..], &suffix[..]].concat())
		.filter(|key| key[..] != version[..])
		.map(|key| {
			let value = frame_support::storage::unhashed::get_raw(&key).unwrap_or_default();
			(key, value)
		})
		.collect();

	let mut balances = alloc::vec::Vec::new();
	for (id, ito) in Itos::<T>::iter() {
		let mut of_ito = alloc::vec![
			T::Currency::total_balance(&ito.account).encode(),
			T::Assets::total_issuance(ito.token).encode(),
		];
		// Keys only: a holder record of an older layout does not decode as the code's.
		for who in Holders::<T>::iter_key_prefix(id) {
			of_ito.push((who.clone(), T::Assets::balance(ito.token, &who)).encode());
		}
		// The pools' assets, read in the layout the storage version says.
		let assets: alloc::vec::Vec<RewardAsset<crate::AssetIdOf<T>>> =
			if Pallet::<T>::on_chain_storage_version() < 2 {
				let key = RewardPools::<T>::hashed_key_for(id);
				frame_support::storage::unhashed::get::<v2::OldPoolsOf<T>>(&key)
					.unwrap_or_default()
					.into_iter()
					.map(|p| p.asset)
					.collect()
			} else {
				RewardPools::<T>::get(id).into_iter().map(|p| p.asset).collect()
			};
		for asset in assets {
			if let RewardAsset::Asset(asset) = asset {
				of_ito.push((asset, T::Assets::balance(asset, &ito.account)).encode());
			}
		}
		balances.push((id, of_ito));
	}
	Snapshot { storage, balances }
}

/// The pallet's invariants, checked once its storage is in the code's layout (an upgrade
/// that runs several steps checks them after the last one).
#[cfg(feature = "try-runtime")]
fn try_state_if_current<T: Config>() -> Result<(), sp_runtime::TryRuntimeError> {
	use frame_support::traits::GetStorageVersion;
	if Pallet::<T>::on_chain_storage_version() == Pallet::<T>::in_code_storage_version() {
		Pallet::<T>::do_try_state()
	} else {
		Ok(())
	}
}

/// See [`snapshot`].
#[cfg(any(feature = "try-runtime", test))]
#[derive(codec::Encode, PartialEq, Eq, Debug)]
pub struct Snapshot {
	/// Every key of pallet-ito's storage (but the version) and its value, in key order.
	pub storage: alloc::vec::Vec<(alloc::vec::Vec<u8>, alloc::vec::Vec<u8>)>,
	/// Per ITO: the balances it accounts for, each SCALE-encoded.
	pub balances: alloc::vec::Vec<(crate::ItoId, alloc::vec::Vec<alloc::vec::Vec<u8>>)>,
}
