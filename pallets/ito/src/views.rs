//! Reads for users: the types returned by the view functions, the runtime API and the
//! `ito_*` RPC, and the functions that build them. Every read rolls the ITO in memory to
//! the current chain block first, so closed blocks show as closed without any call.

use crate::{blocks::ItoCtx, *};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::traits::fungibles::Inspect as _;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::traits::Zero;

/// Most work items one read returns.
pub const MAX_WORK_ITEMS_PER_READ: u32 = 256;

/// An ITO as users see it.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ItoView<AccountId, Balance, BlockNumber, AssetId> {
	/// The ITO id.
	pub id: ItoId,
	/// Who opened it.
	pub creator: AccountId,
	/// Its name.
	pub name: Vec<u8>,
	/// The asset id of its token.
	pub token: AssetId,
	/// Its keyless account, which holds every pool.
	pub account: AccountId,
	/// Its fixed settings.
	pub settings: ItoSettings<Balance, BlockNumber>,
	/// The chain block where work block 0 started.
	pub start: BlockNumber,
	/// Token units ever minted.
	pub minted: Balance,
	/// Token units held by the ITO account for sale.
	pub available: Balance,
	/// Token units held by holders (`minted - available`).
	pub circulating: Balance,
	/// The open work block.
	pub current_block: WorkBlockIndex,
	/// The chain block at which the open work block ends.
	pub current_block_end: BlockNumber,
}

/// One holder pool of the open work block.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct PoolView<AssetId, Balance> {
	/// The asset.
	pub asset: RewardAsset<AssetId>,
	/// Pooled for the open block (with rolled-over remainders).
	pub pool: Balance,
	/// Owed to holders for closed blocks and not yet claimed.
	pub owed: Balance,
}

/// The open work block of an ITO.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct WorkBlockView<Balance, BlockNumber, AssetId> {
	/// Index of the open block.
	pub index: WorkBlockIndex,
	/// First chain block of it.
	pub start: BlockNumber,
	/// Chain block at which it closes.
	pub end: BlockNumber,
	/// Native paid in by buyers (and rolled over), for producers.
	pub producer_pool: Balance,
	/// Native owed to producers for closed blocks, not yet claimed.
	pub producer_owed: Balance,
	/// Validation weight so far.
	pub validation_weight: Balance,
	/// Token units earning holder rewards in this block.
	pub eligible: Balance,
	/// Token units bought in this block, earning from the next.
	pub joining: Balance,
	/// With `approval_required`: eligible units of holders who validated in this block.
	pub approved: Balance,
	/// Work items submitted in this block.
	pub work_items: u32,
	/// The holder pools, per asset.
	pub holder_pools: Vec<PoolView<AssetId, Balance>>,
}

/// Whether a work item can still be validated.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo)]
pub enum WorkItemStatus {
	/// Its block is open: it can be validated.
	Open,
	/// Its block has closed.
	Closed,
}

/// A work item.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct WorkItemView<AccountId, Balance> {
	/// Its id.
	pub id: WorkItemId,
	/// Who submitted it.
	pub producer: AccountId,
	/// Its work block.
	pub block: WorkBlockIndex,
	/// Hash of the evidence.
	pub evidence_hash: H256,
	/// Where the evidence is.
	pub uri: Vec<u8>,
	/// Validation weight it received.
	pub weight: Balance,
	/// Open or closed.
	pub status: WorkItemStatus,
}

/// An account in one ITO.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct AccountView<Balance, AssetId> {
	/// ITO token units held (eligible + pending).
	pub balance: Balance,
	/// Units earning holder rewards in the open block.
	pub eligible: Balance,
	/// Units bought in the open block, earning from the next.
	pub pending: Balance,
	/// Whether it validated in the open block (what `approval_required` asks).
	pub validated_this_block: bool,
	/// Holder rewards owed, per asset, settled as of now.
	pub holder_owed: Vec<(RewardAsset<AssetId>, Balance)>,
	/// Native earned as a producer, settled as of now.
	pub producer_owed: Balance,
	/// Validation weight its work received in the open block.
	pub producer_weight: Balance,
}

/// [`ItoView`] of this runtime.
pub type ItoViewOf<T> =
	ItoView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, AssetIdOf<T>>;
/// [`WorkBlockView`] of this runtime.
pub type WorkBlockViewOf<T> = WorkBlockView<BalanceOf<T>, BlockNumberFor<T>, AssetIdOf<T>>;
/// [`WorkItemView`] of this runtime.
pub type WorkItemViewOf<T> = WorkItemView<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// [`AccountView`] of this runtime.
pub type AccountViewOf<T> = AccountView<BalanceOf<T>, AssetIdOf<T>>;

impl<T: Config> Pallet<T> {
	/// An ITO's settings, supply and open block, as of now.
	pub fn ito_view(id: ItoId) -> Option<ItoViewOf<T>> {
		let ctx = ItoCtx::<T>::view(id)?;
		let ito = &ctx.ito;
		Some(ItoView {
			id,
			creator: ito.creator.clone(),
			name: ito.name.to_vec(),
			token: ito.token,
			account: Self::ito_account(id),
			settings: ito.settings.clone(),
			start: ito.start,
			minted: ito.minted,
			available: ito.available,
			circulating: ito.minted.saturating_sub(ito.available),
			current_block: ito.current,
			current_block_end: ItoCtx::<T>::end_of(ito, ito.current),
		})
	}

	/// The open work block of an ITO, as of now.
	pub fn work_block_view(id: ItoId) -> Option<WorkBlockViewOf<T>> {
		let ctx = ItoCtx::<T>::view(id)?;
		let ito = &ctx.ito;
		let start = match ito.current.checked_sub(1) {
			Some(previous) => ItoCtx::<T>::end_of(ito, previous),
			None => ito.start,
		};
		Some(WorkBlockView {
			index: ito.current,
			start,
			end: ItoCtx::<T>::end_of(ito, ito.current),
			producer_pool: ito.producer_pool,
			producer_owed: ito.producer_owed,
			validation_weight: ito.validation_weight,
			eligible: ito.eligible,
			joining: ito.joining,
			approved: ito.approved,
			work_items: ito.work_items,
			holder_pools: ctx
				.pools
				.iter()
				.map(|p| PoolView { asset: p.asset, pool: p.pool, owed: p.owed })
				.collect(),
		})
	}

	/// Work items of an ITO with ids from `from`, at most `limit` (capped at
	/// [`MAX_WORK_ITEMS_PER_READ`]); removed items are skipped.
	pub fn work_items_view(id: ItoId, from: WorkItemId, limit: u32) -> Vec<WorkItemViewOf<T>> {
		let Some(ctx) = ItoCtx::<T>::view(id) else { return Vec::new() };
		let limit = limit.min(MAX_WORK_ITEMS_PER_READ);
		let end = from.saturating_add(limit).min(ctx.ito.next_work_item);
		(from..end)
			.filter_map(|item| {
				let w = WorkItems::<T>::get(id, item)?;
				Some(WorkItemView {
					id: item,
					status: if w.block == ctx.ito.current {
						WorkItemStatus::Open
					} else {
						WorkItemStatus::Closed
					},
					producer: w.producer,
					block: w.block,
					evidence_hash: w.evidence_hash,
					uri: w.uri.to_vec(),
					weight: w.weight,
				})
			})
			.collect()
	}

	/// What `who` holds and is owed in an ITO, settled as of now. `None` for an unknown ITO.
	pub fn account_view(id: ItoId, who: &T::AccountId) -> Option<AccountViewOf<T>> {
		let mut ctx = ItoCtx::<T>::view(id)?;
		let mut view = AccountView {
			balance: Zero::zero(),
			eligible: Zero::zero(),
			pending: Zero::zero(),
			validated_this_block: false,
			holder_owed: Vec::new(),
			producer_owed: Zero::zero(),
			producer_weight: Zero::zero(),
		};
		if let Some(mut holder) = Holders::<T>::get(id, who) {
			ctx.settle_holder(&mut holder).ok()?;
			view.balance = T::Assets::balance(ctx.ito.token, who);
			view.eligible = holder.eligible;
			view.pending = holder.pending;
			view.validated_this_block = holder.approved_block == Some(ctx.ito.current);
			view.holder_owed = holder.owed.to_vec();
		}
		if let Some(mut producer) = Producers::<T>::get(id, who) {
			ctx.settle_producer(&mut producer).ok()?;
			view.producer_owed = producer.owed;
			view.producer_weight = producer.weight;
		}
		Some(view)
	}
}

impl<T: Config> Pallet<T> {
	/// Number of ITOs ever created.
	pub fn ito_count() -> u32 {
		NextItoId::<T>::get()
	}
}
