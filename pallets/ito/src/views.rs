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
use sp_runtime::traits::{Bounded, Zero};

/// JSON forms of the views (the `ito_*` RPC): amounts are decimal strings, since
/// JavaScript reads JSON numbers exactly only up to 2^53 and a balance is a `u128`; byte
/// strings (names, URIs) are `0x` hex, as everywhere in Substrate's RPC.
#[cfg(feature = "std")]
pub mod serde_amount {
	use alloc::{string::String, vec::Vec};
	use core::{fmt::Display, str::FromStr};
	use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

	/// An amount as a decimal string.
	pub fn serialize<S: Serializer, B: Display>(amount: &B, s: S) -> Result<S::Ok, S::Error> {
		s.collect_str(amount)
	}

	/// An amount from a decimal string.
	pub fn deserialize<'de, D: Deserializer<'de>, B: FromStr>(d: D) -> Result<B, D::Error> {
		let text = String::deserialize(d)?;
		text.parse().map_err(|_| D::Error::custom("an amount must be a decimal string"))
	}

	/// An optional amount: a decimal string or `null`.
	pub mod option {
		use super::*;

		/// Serializes `Some(amount)` as a decimal string, `None` as `null`.
		pub fn serialize<S: Serializer, B: Display>(
			amount: &Option<B>,
			s: S,
		) -> Result<S::Ok, S::Error> {
			match amount {
				Some(a) => s.collect_str(a),
				None => s.serialize_none(),
			}
		}

		/// Reads a decimal string or `null`.
		pub fn deserialize<'de, D: Deserializer<'de>, B: FromStr>(
			d: D,
		) -> Result<Option<B>, D::Error> {
			Option::<String>::deserialize(d)?
				.map(|text| {
					text.parse().map_err(|_| D::Error::custom("an amount must be a decimal string"))
				})
				.transpose()
		}
	}

	/// `(key, amount)` pairs, with the amounts as decimal strings.
	pub mod pairs {
		use super::*;
		use serde::Serialize;

		/// Serializes each pair as `[key, "amount"]`.
		pub fn serialize<S: Serializer, K: Serialize, B: Display>(
			pairs: &[(K, B)],
			s: S,
		) -> Result<S::Ok, S::Error> {
			s.collect_seq(pairs.iter().map(|(k, b)| (k, alloc::string::ToString::to_string(b))))
		}

		/// Reads `[key, "amount"]` pairs.
		pub fn deserialize<'de, D: Deserializer<'de>, K: Deserialize<'de>, B: FromStr>(
			d: D,
		) -> Result<Vec<(K, B)>, D::Error> {
			Vec::<(K, String)>::deserialize(d)?
				.into_iter()
				.map(|(k, text)| {
					let b = text
						.parse()
						.map_err(|_| D::Error::custom("an amount must be a decimal string"))?;
					Ok((k, b))
				})
				.collect()
		}
	}
}

/// Most work items one read returns.
pub const MAX_WORK_ITEMS_PER_READ: u32 = 256;

/// An ITO as users see it.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, BlockNumber: serde::Serialize, AssetId: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: serde::Deserialize<'de>, AssetId: serde::Deserialize<'de>"
	))
)]
pub struct ItoView<AccountId, Balance, BlockNumber, AssetId> {
	/// The ITO id.
	pub id: ItoId,
	/// Who opened it.
	pub creator: AccountId,
	/// Its name.
	#[cfg_attr(feature = "std", serde(with = "sp_core::bytes"))]
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
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub minted: Balance,
	/// Token units held by the ITO account for sale.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub available: Balance,
	/// Token units held by holders (`minted - available`).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub circulating: Balance,
	/// The open work block.
	pub current_block: WorkBlockIndex,
	/// The chain block at which the open work block ends.
	pub current_block_end: BlockNumber,
}

/// One holder pool of the open work block.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AssetId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AssetId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub struct PoolView<AssetId, Balance> {
	/// The asset.
	pub asset: RewardAsset<AssetId>,
	/// Pooled for the open block (with rolled-over remainders).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub pool: Balance,
	/// Owed to holders for closed blocks and not yet claimed.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub owed: Balance,
}

/// The open work block of an ITO.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: serde::Serialize, AssetId: serde::Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: serde::Deserialize<'de>, AssetId: serde::Deserialize<'de>"
	))
)]
pub struct WorkBlockView<Balance, BlockNumber, AssetId> {
	/// Index of the open block.
	pub index: WorkBlockIndex,
	/// First chain block of it.
	pub start: BlockNumber,
	/// Chain block at which it closes.
	pub end: BlockNumber,
	/// Native paid in by buyers (and rolled over), for producers.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub producer_pool: Balance,
	/// Native owed to producers for closed blocks, not yet claimed.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub producer_owed: Balance,
	/// Validation weight so far.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub validation_weight: Balance,
	/// Token units earning holder rewards in this block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub eligible: Balance,
	/// Token units bought in this block, earning from the next.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub joining: Balance,
	/// With `approval_required`: eligible units of holders who validated in this block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub approved: Balance,
	/// Work items submitted in this block.
	pub work_items: u32,
	/// The holder pools, per asset.
	pub holder_pools: Vec<PoolView<AssetId, Balance>>,
}

/// Most proposals one read returns.
pub const MAX_PROPOSALS_PER_READ: u32 = 256;

/// What a proposal does if it passes (see [`ProposalAction`]).
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AssetId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AssetId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub enum ProposalActionView<AssetId, Balance> {
	/// Accept an asset as a holder reward.
	AcceptAsset(AssetId),
	/// Stop accepting an asset for new rewards.
	StopAsset(AssetId),
	/// Set `min_validation`.
	SetMinValidation(
		#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))] Balance,
	),
	/// Set `approval_required`.
	SetApprovalRequired(bool),
	/// Set the purchase limits.
	SetPurchaseLimits {
		/// The new `min_purchase`.
		#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
		min: Balance,
		/// The new `max_purchase`.
		#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
		max: Balance,
	},
	/// Set the quorum (parts per billion).
	SetQuorum(u32),
	/// Set the validation quorum (parts per billion).
	SetValidationQuorum(u32),
	/// A decision on a text.
	Signal {
		/// Hash of the text.
		hash: H256,
		/// Where it is.
		#[cfg_attr(feature = "std", serde(with = "sp_core::bytes"))]
		uri: Vec<u8>,
	},
}

impl<
		AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
		Balance: Clone + PartialEq + Eq + core::fmt::Debug,
		UriLimit: frame_support::traits::Get<u32>,
	> From<ProposalAction<AssetId, Balance, UriLimit>> for ProposalActionView<AssetId, Balance>
{
	fn from(action: ProposalAction<AssetId, Balance, UriLimit>) -> Self {
		match action {
			ProposalAction::AcceptAsset(a) => Self::AcceptAsset(a),
			ProposalAction::StopAsset(a) => Self::StopAsset(a),
			ProposalAction::SetMinValidation(v) => Self::SetMinValidation(v),
			ProposalAction::SetApprovalRequired(b) => Self::SetApprovalRequired(b),
			ProposalAction::SetPurchaseLimits { min, max } => Self::SetPurchaseLimits { min, max },
			ProposalAction::SetQuorum(q) => Self::SetQuorum(q.deconstruct()),
			ProposalAction::SetValidationQuorum(q) => Self::SetValidationQuorum(q.deconstruct()),
			ProposalAction::Signal { hash, uri } => Self::Signal { hash, uri: uri.into_inner() },
		}
	}
}

/// A proposal and its tally (live while it is open).
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, AssetId: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, AssetId: serde::Deserialize<'de>"
	))
)]
pub struct ProposalView<AccountId, Balance, AssetId> {
	/// Its id.
	pub id: ProposalId,
	/// Who proposed it.
	pub proposer: AccountId,
	/// The work block it lives in.
	pub block: WorkBlockIndex,
	/// What it does if it passes.
	pub action: ProposalActionView<AssetId, Balance>,
	/// Where it stands.
	pub status: ProposalStatus,
	/// Value voting aye.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub ayes: Balance,
	/// Value voting nay.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub nays: Balance,
	/// The economic value of its block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub value: Balance,
	/// For an open proposal, the ayes it needs to pass (besides more ayes than nays), by the
	/// ITO's quorum now; for a decided one, 0.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub ayes_needed: Balance,
	/// The proposer's value when it proposed.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub proposer_value: Balance,
}

/// An ITO's governance: its quorums, the open block's value and its proposals.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, BlockNumber: serde::Serialize, AssetId: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: serde::Deserialize<'de>, AssetId: serde::Deserialize<'de>"
	))
)]
pub struct GovernanceView<AccountId, Balance, BlockNumber, AssetId> {
	/// The open work block.
	pub block: WorkBlockIndex,
	/// The quorum, in parts per billion of the block's value.
	pub quorum: u32,
	/// The validation quorum, in parts per billion of the block's value.
	pub validation_quorum: u32,
	/// The economic value of the open block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub value: Balance,
	/// The least value a proposer needs in the open block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub min_proposer_value: Balance,
	/// Most proposals open at once.
	pub max_open: u32,
	/// The ids of the open proposals.
	pub open: Vec<ProposalId>,
	/// The id the next proposal gets (ids below it that a read does not return were
	/// removed).
	pub next_proposal: ProposalId,
	/// The chain block from which no proposal can be made in the open work block (the
	/// second half is left for voting).
	pub proposing_until: BlockNumber,
	/// The reward assets and whether each takes new rewards.
	pub accepting: Vec<(RewardAsset<AssetId>, bool)>,
	/// Proposals (open and decided, until removed) with ids from the read's `from`.
	pub proposals: Vec<ProposalView<AccountId, Balance, AssetId>>,
}

/// An account's voting power in an ITO's open work block.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display",
		deserialize = "Balance: core::str::FromStr"
	))
)]
pub struct VotingPowerView<Balance> {
	/// The open work block.
	pub block: WorkBlockIndex,
	/// Its economic value: `eligible + received`, the weight of each of its votes.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub value: Balance,
	/// Eligible tokens it holds in the block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub eligible: Balance,
	/// Validation weight its work items received in the block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub received: Balance,
	/// Whether it may propose now (in the block's first half, with enough value, no
	/// proposal of its own open, and a free slot or more value than the proposer of an open
	/// proposal has now).
	pub can_propose: bool,
	/// Its votes in the block: the proposal and aye (`true`) or nay.
	pub votes: Vec<(ProposalId, bool)>,
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
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
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
	#[cfg_attr(feature = "std", serde(with = "sp_core::bytes"))]
	pub uri: Vec<u8>,
	/// Validation weight it received.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub weight: Balance,
	/// Open or closed.
	pub status: WorkItemStatus,
}

/// An account in one ITO.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display, AssetId: serde::Serialize",
		deserialize = "Balance: core::str::FromStr, AssetId: serde::Deserialize<'de>"
	))
)]
pub struct AccountView<Balance, AssetId> {
	/// ITO token units held (eligible + pending).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub balance: Balance,
	/// Units earning holder rewards in the open block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub eligible: Balance,
	/// Units bought in the open block, earning from the next.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub pending: Balance,
	/// Whether it validated in the open block (what `approval_required` asks).
	pub validated_this_block: bool,
	/// Holder rewards owed, per asset, settled as of now.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount::pairs"))]
	pub holder_owed: Vec<(RewardAsset<AssetId>, Balance)>,
	/// Native earned as a producer, settled as of now.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub producer_owed: Balance,
	/// Validation weight its work received in the open block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub producer_weight: Balance,
}

/// What one close did to one reward pool (see [`AssetSummary`]).
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AssetId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AssetId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub struct AssetSummaryView<AssetId, Balance> {
	/// The pool's asset.
	pub asset: RewardAsset<AssetId>,
	/// Owed to the block's earning holders by the close.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub to_holders: Balance,
	/// Carried into the next work block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub rolled_over: Balance,
	/// What one whole earning token received from the close, rounded down.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub per_token: Balance,
	/// The exact reward per token unit, scaled by [`RATE_PRECISION`] (10^18).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub rate: u128,
}

/// A closed work block of an ITO's history (see [`WorkBlockSummary`]).
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: serde::Serialize, AssetId: serde::Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: serde::Deserialize<'de>, AssetId: serde::Deserialize<'de>"
	))
)]
pub struct WorkBlockSummaryView<Balance, BlockNumber, AssetId> {
	/// Index of the work block.
	pub index: WorkBlockIndex,
	/// Work blocks the close covers: more than 1 for an idle stretch closed as one.
	pub span: WorkBlockIndex,
	/// First chain block of the work block.
	pub first_block: BlockNumber,
	/// Last chain block of the work block (of the stretch, if `span > 1`).
	pub last_block: BlockNumber,
	/// Native owed to producers by validation weight.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub to_producers: Balance,
	/// Carried into the next work block's producer pool.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub producer_rolled_over: Balance,
	/// Validation weight of the block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub validation_weight: Balance,
	/// Token units eligible for holder rewards in the block.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub eligible: Balance,
	/// Token units among which the holder pools were distributed: `eligible`, or with
	/// `approval_required` those of the holders who validated.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub earning: Balance,
	/// Per reward asset, what the close distributed.
	pub assets: Vec<AssetSummaryView<AssetId, Balance>>,
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
/// [`GovernanceView`] of this runtime.
pub type GovernanceViewOf<T> = GovernanceView<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	AssetIdOf<T>,
>;
/// [`VotingPowerView`] of this runtime.
pub type VotingPowerViewOf<T> = VotingPowerView<BalanceOf<T>>;
/// [`WorkBlockSummaryView`] of this runtime.
pub type WorkBlockSummaryViewOf<T> =
	WorkBlockSummaryView<BalanceOf<T>, BlockNumberFor<T>, AssetIdOf<T>>;

impl<T: Config> Pallet<T> {
	/// The closed work blocks of an ITO's history with index `from` or later, oldest
	/// first, at most `limit`: the last [`Config::HistoryLength`] work blocks, counting the
	/// closes that are due as of now (rolled in memory) but not yet written.
	pub fn work_block_history_view(
		id: ItoId,
		from: WorkBlockIndex,
		limit: u32,
	) -> Vec<WorkBlockSummaryViewOf<T>> {
		let Some(ctx) = ItoCtx::<T>::view(id) else { return Vec::new() };
		let length = T::HistoryLength::get().max(1);
		let oldest = ctx.ito.current.saturating_sub(length);
		let fresh = ctx.history;
		// The closes rolled in memory take the slots they will overwrite.
		let mut entries: Vec<WorkBlockSummaryOf<T>> = History::<T>::iter_prefix_values(id)
			.filter(|stored| fresh.iter().all(|new| new.index % length != stored.index % length))
			.collect();
		entries.extend(fresh);
		entries.retain(|s| s.index.saturating_add(s.span) > oldest && s.index >= from);
		entries.sort_by_key(|s| s.index);
		let unit = T::TokenUnit::get();
		entries
			.into_iter()
			.take(limit as usize)
			.map(|s| WorkBlockSummaryView {
				index: s.index,
				span: s.span,
				first_block: s.first_block,
				last_block: s.last_block,
				to_producers: s.to_producers,
				producer_rolled_over: s.producer_rolled_over,
				validation_weight: s.validation_weight,
				eligible: s.eligible,
				earning: s.earning,
				assets: s
					.assets
					.into_iter()
					.map(|a| AssetSummaryView {
						asset: a.asset,
						to_holders: a.to_holders,
						rolled_over: a.rolled_over,
						per_token: crate::blocks::split_at(unit, a.rate)
							.map(|(whole, _)| whole)
							.unwrap_or_else(BalanceOf::<T>::max_value),
						rate: a.rate,
					})
					.collect(),
			})
			.collect()
	}

	/// An ITO's settings, supply and open block, as of now.
	pub fn ito_view(id: ItoId) -> Option<ItoViewOf<T>> {
		let ctx = ItoCtx::<T>::view(id)?;
		let ito = &ctx.ito;
		Some(ItoView {
			id,
			creator: ito.creator.clone(),
			name: ito.name.to_vec(),
			token: ito.token,
			account: ito.account.clone(),
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
			ctx.settle_holder(&mut holder);
			view.balance = T::Assets::balance(ctx.ito.token, who);
			view.eligible = holder.eligible;
			view.pending = holder.pending;
			view.validated_this_block = holder.approved_block == Some(ctx.ito.current);
			view.holder_owed = holder.owed.to_vec();
		}
		if let Some(mut producer) = Producers::<T>::get(id, who) {
			ctx.settle_producer(&mut producer);
			view.producer_owed = producer.owed;
			view.producer_weight = producer.weight;
		}
		Some(view)
	}
}

impl<T: Config> Pallet<T> {
	/// An ITO's governance as of now, with its proposals of ids from `from`, at most `limit`
	/// (capped at [`MAX_PROPOSALS_PER_READ`]). `None` for an unknown ITO.
	pub fn governance_view(id: ItoId, from: ProposalId, limit: u32) -> Option<GovernanceViewOf<T>> {
		let ctx = ItoCtx::<T>::view(id)?;
		let ito = &ctx.ito;
		let limit = limit.min(MAX_PROPOSALS_PER_READ);
		let end = from.saturating_add(limit).min(ito.next_proposal);
		let threshold = ito.quorum.mul_ceil(ito.value);
		let proposals = (from..end)
			.filter_map(|pid| {
				let p = ctx.proposal(pid)?;
				let open = ito.proposals.iter().find(|o| o.id == pid);
				Some(ProposalView {
					id: pid,
					proposer: p.proposer,
					block: p.block,
					action: p.action.into(),
					status: p.status,
					ayes: open.map_or(p.ayes, |o| o.ayes),
					nays: open.map_or(p.nays, |o| o.nays),
					value: if open.is_some() { ito.value } else { p.value },
					ayes_needed: if open.is_some() { threshold } else { Zero::zero() },
					proposer_value: p.proposer_value,
				})
			})
			.collect();
		Some(GovernanceView {
			block: ito.current,
			quorum: ito.quorum.deconstruct(),
			validation_quorum: ito.validation_quorum.deconstruct(),
			value: ito.value,
			min_proposer_value: T::MinProposerShare::get().mul_ceil(ito.value),
			max_open: T::MaxOpenProposals::get(),
			open: ito.proposals.iter().map(|p| p.id).collect(),
			next_proposal: ito.next_proposal,
			proposing_until: Self::proposing_until(ito),
			accepting: ctx.pools.iter().map(|p| (p.asset, p.accepting && !p.gone)).collect(),
			proposals,
		})
	}

	/// The chain block from which the open work block of `ito` takes no more proposals.
	pub(crate) fn proposing_until(ito: &ItoInfoOf<T>) -> BlockNumberFor<T> {
		use sp_runtime::traits::{One, Saturating};
		let start = ItoCtx::<T>::start_of(ito, ito.current);
		let half = ito.settings.work_block_length / 2u32.into();
		start.saturating_add(half.max(One::one()))
	}

	/// The voting power of `who` in an ITO's open block, as of now. `None` for an unknown
	/// ITO.
	pub fn voting_power_view(id: ItoId, who: &T::AccountId) -> Option<VotingPowerViewOf<T>> {
		let ctx = ItoCtx::<T>::view(id)?;
		let current = ctx.ito.current;
		let value = ctx.value_of(who);
		let received = Producers::<T>::get(id, who)
			.filter(|p| p.block == current)
			.map_or(Zero::zero(), |p| p.weight);
		let votes = Voters::<T>::get(id, who)
			.filter(|v| v.block == current)
			.map(|v| {
				v.votes
					.into_iter()
					.filter(|(p, _)| ctx.ito.proposals.iter().any(|o| o.id == *p))
					.collect()
			})
			.unwrap_or_default();
		let proposers: Vec<T::AccountId> = ctx
			.ito
			.proposals
			.iter()
			.filter_map(|o| Proposals::<T>::get(id, o.id).map(|p| p.proposer))
			.collect();
		let proposed = proposers.iter().any(|p| p == who);
		let least = T::MinProposerShare::get().mul_ceil(ctx.ito.value);
		let slot =
			!ctx.ito.proposals.is_full() || proposers.iter().any(|p| value > ctx.value_of(p));
		let open = frame_system::Pallet::<T>::block_number() < Self::proposing_until(&ctx.ito);
		Some(VotingPowerView {
			block: current,
			value,
			eligible: value.saturating_sub(received),
			received,
			can_propose: open && !value.is_zero() && value >= least && !proposed && slot,
			votes,
		})
	}

	/// Number of ITOs ever created.
	pub fn ito_count() -> u32 {
		NextItoId::<T>::get()
	}
}
