//! Runtime API of pallet-ito: the state of ITOs and their work blocks, as of the block it is
//! called at. Every read rolls the ITO to that block in memory, so a work block whose end
//! has passed shows as closed even if no call has touched the ITO since.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_ito::{
	AccountView, AssetSummaryView, GovernanceView, ItoId, ItoView, PoolView, ProposalActionView,
	ProposalId, ProposalStatus, ProposalView, RewardAsset, VotingPowerView, WorkBlockIndex,
	WorkBlockSummaryView, WorkBlockView, WorkItemId, WorkItemStatus, WorkItemView,
	MAX_PROPOSALS_PER_READ, MAX_WORK_ITEMS_PER_READ,
};

sp_api::decl_runtime_apis! {
	/// Reads of pallet-ito.
	///
	/// Version 2 adds [`ItoApi::work_block_history`]; version 3 adds [`ItoApi::proposals`]
	/// and [`ItoApi::voting_power`]. The calls of earlier versions are unchanged.
	#[api_version(3)]
	pub trait ItoApi<AccountId, Balance, BlockNumber, AssetId>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		AssetId: Codec,
	{
		/// Number of ITOs ever created (ids are `0..count`).
		fn ito_count() -> u32;
		/// An ITO's settings, supply and open work block; `None` if unknown.
		fn ito(ito: ItoId) -> Option<ItoView<AccountId, Balance, BlockNumber, AssetId>>;
		/// The open work block: pools per asset, totals, work item count.
		fn work_block(ito: ItoId) -> Option<WorkBlockView<Balance, BlockNumber, AssetId>>;
		/// Work items with ids from `from`, at most `limit` (capped at 256).
		fn work_items(ito: ItoId, from: WorkItemId, limit: u32) -> Vec<WorkItemView<AccountId, Balance>>;
		/// What `who` holds in an ITO and is owed per asset; `None` if the ITO is unknown.
		fn account(ito: ItoId, who: AccountId) -> Option<AccountView<Balance, AssetId>>;
		/// The ITO's last closed work blocks (the runtime keeps a bounded number) with index
		/// `from` or later, oldest first, at most `limit`: what each close paid to producers
		/// and, per asset, to holders, with the reward per token. Empty if the ITO is unknown.
		/// Since version 2 (a method may not name a version below the trait's).
		fn work_block_history(
			ito: ItoId,
			from: WorkBlockIndex,
			limit: u32,
		) -> Vec<WorkBlockSummaryView<Balance, BlockNumber, AssetId>>;
		/// An ITO's governance: its quorums, the open block's economic value, which reward
		/// assets take new rewards, and its proposals (open ones with live tallies, decided
		/// ones until removed) with ids from `from`, at most `limit` (capped at 256). `None`
		/// if the ITO is unknown.
		#[api_version(3)]
		fn proposals(
			ito: ItoId,
			from: ProposalId,
			limit: u32,
		) -> Option<GovernanceView<AccountId, Balance, BlockNumber, AssetId>>;
		/// The voting power of `who` in an ITO's open work block: its economic value (eligible
		/// tokens plus validation weight received), whether it may propose, and its votes.
		/// `None` if the ITO is unknown.
		#[api_version(3)]
		fn voting_power(ito: ItoId, who: AccountId) -> Option<VotingPowerView<Balance>>;
	}
}
