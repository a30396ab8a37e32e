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
			// Written in version 2's layout, which version 3 translates in turn.
			let ids: alloc::vec::Vec<_> = RewardPools::<T>::iter_keys().collect();
			for id in ids {
				let key = RewardPools::<T>::hashed_key_for(id);
				let Some(old) = frame_support::storage::unhashed::get::<OldPoolsOf<T>>(&key) else {
					continue;
				};
				translated += 1;
				let pools = old.into_iter().map(|p| super::v3::OldRewardPool {
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
				let pools = super::v3::OldPoolsOf::<T>::truncate_from(pools.collect());
				frame_support::storage::unhashed::put(&key, &pools);
			}
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
			let pools = RewardPools::<T>::iter_keys().count();
			let decoded = RewardPools::<T>::iter_keys()
				.filter(|id| {
					let key = RewardPools::<T>::hashed_key_for(id);
					frame_support::storage::unhashed::get::<super::v3::OldPoolsOf<T>>(&key)
						.is_some()
				})
				.count();
			frame_support::ensure!(
				pools == decoded,
				"a reward pool does not decode after the upgrade to storage version 2"
			);
			frame_support::ensure!(
				Holders::<T>::iter_keys().count() == Holders::<T>::iter_values().count(),
				"a holder record does not decode after the upgrade to storage version 2"
			);
			super::try_state_if_current::<T>()
		}
	}

	/// For tests: rewrite every ITO, pool and holder record in version 1's layout, as a
	/// chain on spec version 202 or earlier stores them (what the new fields hold is
	/// dropped).
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn write_v1_layout<T: Config>() {
		use frame_support::storage::unhashed;
		super::v3::write_v2_itos::<T>();
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

/// Version 3: authority by economic value (issue 21).
///
/// - [`crate::ItoInfo`] gains `quorum` (the runtime's default), `validation_quorum` (zero:
///   as before, any validation decides the producer pool), `value` (the open block's
///   economic value; for the block open at the upgrade, its eligible tokens plus its
///   validation weight, which leaves out only what was refunded in it), `next_proposal` and
///   no open `proposals`.
/// - [`crate::RewardPool`] gains `accepting` (true).
/// - Joiners now reference their block's closing record in either mode (a proposal may
///   change `approval_required`). In an ITO with `approval_required`, whose joiners took no
///   reference before: tokens bought in a closed block are merged into the holder's eligible
///   tokens (what its next settlement would have done, earning nothing), and each holder of
///   tokens bought in the open block adds a reference to it.
pub mod v3 {
	use super::*;
	use crate::{
		AssetIdOf, BalanceOf, Holders, ItoSettingsOf, Itos, RewardAsset, RewardPools,
		WorkBlockIndex,
	};
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{pallet_prelude::*, BoundedVec};
	use frame_system::pallet_prelude::BlockNumberFor;
	use scale_info::TypeInfo;
	use sp_runtime::{
		traits::{Saturating, Zero},
		Perbill,
	};

	/// A reward pool as version 2 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct OldRewardPool<AssetId, Balance> {
		pub asset: RewardAsset<AssetId>,
		pub pool: Balance,
		pub owed: Balance,
		pub acc: u128,
		pub dust: u128,
		pub seed: Balance,
		pub generation: u32,
		pub gone: bool,
	}

	pub(crate) type OldPoolsOf<T> = BoundedVec<
		OldRewardPool<AssetIdOf<T>, BalanceOf<T>>,
		<T as crate::Config>::MaxRewardAssets,
	>;

	/// An ITO record as versions 0 to 2 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	#[scale_info(skip_type_params(T))]
	pub struct OldItoInfo<T: crate::Config> {
		pub creator: T::AccountId,
		pub account: T::AccountId,
		pub name: BoundedVec<u8, T::MaxNameLength>,
		pub token: AssetIdOf<T>,
		pub settings: ItoSettingsOf<T>,
		pub start: BlockNumberFor<T>,
		pub deposit: BalanceOf<T>,
		pub seed: BalanceOf<T>,
		pub minted: BalanceOf<T>,
		pub available: BalanceOf<T>,
		pub current: WorkBlockIndex,
		pub eligible: BalanceOf<T>,
		pub joining: BalanceOf<T>,
		pub approved: BalanceOf<T>,
		pub producer_pool: BalanceOf<T>,
		pub producer_owed: BalanceOf<T>,
		pub producer_dust: u128,
		pub validation_weight: BalanceOf<T>,
		pub work_items: u32,
		pub next_work_item: crate::WorkItemId,
		pub pending_refs: u32,
	}

	/// The first fields of an ITO record, the same in every layout.
	#[derive(Encode, Decode)]
	pub struct ItoHead<T: crate::Config> {
		pub creator: T::AccountId,
		pub account: T::AccountId,
		pub name: BoundedVec<u8, T::MaxNameLength>,
		pub token: AssetIdOf<T>,
	}

	/// The step from version 2 to 3, unversioned: use [`MigrateV2ToV3`].
	pub struct UncheckedMigrateV2ToV3<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			let mut approval = alloc::vec::Vec::new();
			Itos::<T>::translate::<OldItoInfo<T>, _>(|id, old| {
				reads += 1;
				writes += 1;
				if old.settings.approval_required {
					approval.push((id, old.current));
				}
				Some(crate::ItoInfo {
					value: old.eligible.saturating_add(old.validation_weight),
					creator: old.creator,
					account: old.account,
					name: old.name,
					token: old.token,
					settings: old.settings,
					start: old.start,
					deposit: old.deposit,
					seed: old.seed,
					minted: old.minted,
					available: old.available,
					current: old.current,
					eligible: old.eligible,
					joining: old.joining,
					approved: old.approved,
					producer_pool: old.producer_pool,
					producer_owed: old.producer_owed,
					producer_dust: old.producer_dust,
					validation_weight: old.validation_weight,
					work_items: old.work_items,
					next_work_item: old.next_work_item,
					pending_refs: old.pending_refs,
					quorum: T::DefaultQuorum::get(),
					validation_quorum: Perbill::zero(),
					next_proposal: 0,
					proposals: BoundedVec::new(),
				})
			});
			RewardPools::<T>::translate::<OldPoolsOf<T>, _>(|_, old| {
				reads += 1;
				writes += 1;
				let pools = old.into_iter().map(|p| crate::RewardPool {
					asset: p.asset,
					pool: p.pool,
					owed: p.owed,
					acc: p.acc,
					dust: p.dust,
					seed: p.seed,
					generation: p.generation,
					gone: p.gone,
					accepting: true,
				});
				Some(BoundedVec::truncate_from(pools.collect()))
			});
			for (id, current) in approval {
				let mut joiners = 0u32;
				let holders: alloc::vec::Vec<_> = Holders::<T>::iter_prefix(id).collect();
				for (who, mut holder) in holders {
					reads += 1;
					match holder.pending_block {
						Some(k) if k == current => joiners = joiners.saturating_add(1),
						Some(_) => {
							holder.eligible = holder.eligible.saturating_add(holder.pending);
							holder.pending = Zero::zero();
							holder.pending_block = None;
							Holders::<T>::insert(id, &who, holder);
							writes += 1;
						}
						None => {}
					}
				}
				if joiners > 0 {
					Itos::<T>::mutate(id, |ito| {
						if let Some(ito) = ito {
							ito.pending_refs = ito.pending_refs.saturating_add(joiners);
						}
					});
					reads += 1;
					writes += 1;
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(super::snapshot::<T>().balances.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(before: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(
				super::snapshot::<T>().balances.encode() == before,
				"a balance changed in the upgrade to storage version 3"
			);
			frame_support::ensure!(
				Itos::<T>::iter_keys().count() == Itos::<T>::iter_values().count(),
				"an ITO record does not decode after the upgrade to storage version 3"
			);
			frame_support::ensure!(
				RewardPools::<T>::iter_keys().count() == RewardPools::<T>::iter_values().count(),
				"a reward pool does not decode after the upgrade to storage version 3"
			);
			super::try_state_if_current::<T>()
		}
	}

	/// For tests: rewrite every ITO record and pool in version 2's layout.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn write_v2_layout<T: Config>() {
		use frame_support::storage::unhashed;
		write_v2_itos::<T>();
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
					generation: p.generation,
					gone: p.gone,
				})
				.collect();
			unhashed::put(&RewardPools::<T>::hashed_key_for(id), &old);
		}
	}

	/// For tests: rewrite every ITO record in the layout of versions 0 to 2.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn write_v2_itos<T: Config>() {
		let itos: alloc::vec::Vec<_> = Itos::<T>::iter().collect();
		for (id, i) in itos {
			let old = OldItoInfo::<T> {
				creator: i.creator,
				account: i.account,
				name: i.name,
				token: i.token,
				settings: i.settings,
				start: i.start,
				deposit: i.deposit,
				seed: i.seed,
				minted: i.minted,
				available: i.available,
				current: i.current,
				eligible: i.eligible,
				joining: i.joining,
				approved: i.approved,
				producer_pool: i.producer_pool,
				producer_owed: i.producer_owed,
				producer_dust: i.producer_dust,
				validation_weight: i.validation_weight,
				work_items: i.work_items,
				next_work_item: i.next_work_item,
				pending_refs: i.pending_refs,
			};
			frame_support::storage::unhashed::put(&Itos::<T>::hashed_key_for(id), &old);
		}
	}

	/// Version 2 to 3, run once: [`UncheckedMigrateV2ToV3`] and the version set to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		UncheckedMigrateV2ToV3<T>,
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
	let on_chain = Pallet::<T>::on_chain_storage_version();
	// The fields read here begin every layout of the ITO record.
	let itos = Itos::<T>::iter_keys().filter_map(|id| {
		let key = Itos::<T>::hashed_key_for(id);
		frame_support::storage::unhashed::get::<v3::ItoHead<T>>(&key).map(|ito| (id, ito))
	});
	for (id, ito) in itos {
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
			} else if on_chain < 3 {
				let key = RewardPools::<T>::hashed_key_for(id);
				frame_support::storage::unhashed::get::<v3::OldPoolsOf<T>>(&key)
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
