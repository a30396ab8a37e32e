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
			Pallet::<T>::do_try_state()
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

/// What an upgrade must leave as it found it: every key and value of pallet-ito's storage
/// but its version, and for every ITO its account's native balance, its token's issuance,
/// every holder's token balance and the account's balance of every reward asset. For
/// try-runtime checks and tests: it reads all of an ITO's records.
#[cfg(any(feature = "try-runtime", test))]
pub fn snapshot<T: Config>() -> Snapshot {
	use crate::{Holders, Itos, RewardAsset, RewardPools};
	use codec::Encode;
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
		for (who, _) in Holders::<T>::iter_prefix(id) {
			of_ito.push((who.clone(), T::Assets::balance(ito.token, &who)).encode());
		}
		for pool in RewardPools::<T>::get(id) {
			if let RewardAsset::Asset(asset) = pool.asset {
				of_ito.push((asset, T::Assets::balance(asset, &ito.account)).encode());
			}
		}
		balances.push((id, of_ito));
	}
	Snapshot { storage, balances }
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
