//! Types stored and returned by pallet-ito.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// Identifier of an ITO.
pub type ItoId = u32;
/// Identifier of a proposal within its ITO.
pub type ProposalId = u32;
/// Identifier of a work item within its ITO.
pub type WorkItemId = u32;
/// Index of a work block within its ITO: block `k` spans chain blocks
/// `[start + k * length, start + (k + 1) * length)`.
pub type WorkBlockIndex = u32;

/// Precision of the reward-per-token rates and accumulators: `10^18` (the precision of
/// `FixedU128`). A rate `r` means `r / 10^18` units of reward per unit of weight.
pub const RATE_PRECISION: u128 = 1_000_000_000_000_000_000;

/// A currency in which rewards are paid.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum RewardAsset<AssetId> {
	/// The chain's native currency.
	Native,
	/// A `pallet-assets` asset.
	Asset(AssetId),
}

/// The settings of an ITO, chosen at `create_ito` and fixed forever.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: serde::Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct ItoSettings<Balance, BlockNumber> {
	/// Native currency (in planck) paid for one whole ITO token (`TokenUnit` units).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub price: Balance,
	/// The least an account may pay in one `buy` (native planck).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub min_purchase: Balance,
	/// The most an account may pay over one work block (native planck).
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub max_purchase: Balance,
	/// Length of a work block in chain blocks.
	pub work_block_length: BlockNumber,
	/// The least number of ITO token units one validation spends.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount"))]
	pub min_validation: Balance,
	/// The most ITO token units that may ever be minted, if capped.
	#[cfg_attr(feature = "std", serde(with = "crate::views::serde_amount::option"))]
	pub supply_cap: Option<Balance>,
	/// Holders earn a work block's holder rewards only if they validated in that block.
	pub approval_required: bool,
}

/// An ITO: its settings and the state of its open work block.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(NameLimit, MaxOpen))]
pub struct ItoInfo<AccountId, Balance, BlockNumber, AssetId, NameLimit: Get<u32>, MaxOpen: Get<u32>>
{
	/// Who opened the ITO and whose deposit is held for it.
	pub creator: AccountId,
	/// The ITO's keyless account, which owns its token and holds every pool.
	pub account: AccountId,
	/// Display name (also the ITO token's asset name).
	pub name: BoundedVec<u8, NameLimit>,
	/// The `pallet-assets` id of the ITO token.
	pub token: AssetId,
	/// The settings: the price, the token's supply cap and the work block length never
	/// change; the others change only by the ITO's own proposals.
	pub settings: ItoSettings<Balance, BlockNumber>,
	/// Chain block at which work block 0 starts.
	pub start: BlockNumber,
	/// Deposit held from the creator.
	pub deposit: Balance,
	/// Native currency the creator gave the ITO account to keep it alive; never paid out.
	pub seed: Balance,
	/// ITO token units ever minted.
	pub minted: Balance,
	/// ITO token units held by the ITO account, sold again before any new mint.
	pub available: Balance,
	/// Index of the open work block, as far as state has been rolled.
	pub current: WorkBlockIndex,
	/// ITO token units that earn holder rewards in the open work block.
	pub eligible: Balance,
	/// ITO token units bought during the open work block; they earn from the next one.
	pub joining: Balance,
	/// With `approval_required`: the eligible units of holders who validated this block.
	pub approved: Balance,
	/// Native currency paid in by buyers, owed to producers at the close of the open
	/// block (or rolled over), and the source of refunds.
	pub producer_pool: Balance,
	/// Native currency owed to producers for closed blocks and not yet claimed (including
	/// rounding dust not yet returned to the pool).
	pub producer_owed: Balance,
	/// Rounding remainders of producer payouts, in units of `1 / RATE_PRECISION`, counted in
	/// `producer_owed` but owed to nobody; whole units go back to the producer pool.
	pub producer_dust: u128,
	/// Validation weight (ITO token units spent on validations) in the open block.
	pub validation_weight: Balance,
	/// Work items submitted in the open block (a count for readers; not limited).
	pub work_items: u32,
	/// The id the next work item gets.
	pub next_work_item: WorkItemId,
	/// Accounts that need the open block's closing rates later: producers with weight,
	/// validators (approval mode) and joiners.
	pub pending_refs: u32,
	/// The share of the open block's economic value (`value`) that must vote aye on a
	/// proposal for it to pass. Changed only by a proposal, within the runtime's
	/// bounds.
	pub quorum: Perbill,
	/// The share of `value` that the open block's validation weight must reach for the whole
	/// producer pool to be owed at its close; below it, only the share `weight / (quorum ·
	/// value)` of the pool is, and the rest rolls over. Zero: any validation decides all of
	/// it. Changed only by a proposal, within the runtime's bounds.
	pub validation_quorum: Perbill,
	/// The economic value of the open work block: its eligible tokens at its open. Eligible
	/// tokens held plus validation weight received in the block never exceed it.
	pub value: Balance,
	/// The id the next proposal gets.
	pub next_proposal: ProposalId,
	/// The proposals of the open work block, with their tallies, decided at its close.
	pub proposals: BoundedVec<OpenProposal<Balance>, MaxOpen>,
}

/// A proposal of the open work block and its tally, kept in the ITO's record so that every
/// vote and every change of a voter's value updates it without another storage item.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct OpenProposal<Balance> {
	/// The proposal.
	pub id: ProposalId,
	/// Value voting aye.
	pub ayes: Balance,
	/// Value voting nay.
	pub nays: Balance,
}

/// What a proposal does if it passes: a closed set. The price, the token, its supply cap and
/// the work block length are not in it: they never change.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(UriLimit))]
// The `NoBound` derives (`UriLimit` is a `Get` without `Clone`) need the bounds on the
// parameters, where the derives also put them.
#[allow(clippy::multiple_bound_locations)]
pub enum ProposalAction<
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	UriLimit: Get<u32>,
> {
	/// Accept a `pallet-assets` asset as a holder reward. The proposer pays the ITO
	/// account's deposit for its account of the asset and the asset's minimum balance (the
	/// seed) when it proposes; both go back to it unless the proposal passes.
	AcceptAsset(AssetId),
	/// Stop accepting an asset for new rewards (what is owed and pooled stays claimable and
	/// is distributed as before). `AcceptAsset` accepts it again.
	StopAsset(AssetId),
	/// Set `min_validation` (> 0).
	SetMinValidation(Balance),
	/// Set `approval_required`.
	SetApprovalRequired(bool),
	/// Set `min_purchase` and `max_purchase` (0 < min <= max).
	SetPurchaseLimits {
		/// The new `min_purchase`.
		min: Balance,
		/// The new `max_purchase`.
		max: Balance,
	},
	/// Set the quorum, within the runtime's bounds.
	SetQuorum(Perbill),
	/// Set the validation quorum, within the runtime's bounds.
	SetValidationQuorum(Perbill),
	/// Change nothing: record the members' decision on a text (its hash, and where it is).
	Signal {
		/// Hash of the text.
		hash: H256,
		/// Where the text is.
		uri: BoundedVec<u8, UriLimit>,
	},
}

/// Where a proposal stands.
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ProposalStatus {
	/// Its work block is open: it is being voted on.
	Open,
	/// It passed at its block's close, and its action was enacted then.
	Passed,
	/// Its block closed without ayes over nays and the quorum.
	Rejected,
	/// It passed, but its action could no longer be enacted (its asset was gone, or the
	/// ITO had no reward slot left).
	Failed,
	/// A proposer with more value took its slot before the close.
	Displaced,
}

/// A proposal, kept (with its deposit) from `propose` until anyone removes it after its
/// block closed.
#[derive(
	Encode,
	Decode,
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(UriLimit))]
#[allow(clippy::multiple_bound_locations)]
pub struct ProposalInfo<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	UriLimit: Get<u32>,
> {
	/// Who proposed it and paid its deposit.
	pub proposer: AccountId,
	/// The work block it lives in.
	pub block: WorkBlockIndex,
	/// What it does if it passes.
	pub action: ProposalAction<AssetId, Balance, UriLimit>,
	/// The proposer's economic value when it proposed.
	pub proposer_value: Balance,
	/// Value voting aye (final once the block closed; while open, see the ITO's record).
	pub ayes: Balance,
	/// Value voting nay (final once the block closed).
	pub nays: Balance,
	/// The economic value of its block, of which the quorum is a share.
	pub value: Balance,
	/// Where it stands.
	pub status: ProposalStatus,
	/// Deposit held from the proposer.
	pub deposit: Balance,
	/// For `AcceptAsset`: the asset's minimum balance the proposer gave the ITO account, and
	/// the asset's generation (see [`crate::AssetGeneration`]) when it proposed.
	pub seed: Balance,
	/// See `seed`.
	pub generation: u32,
}

/// An account's votes in one ITO's work block. All of its votes weigh its economic value in
/// the block, kept up to date when its value changes.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxOpen))]
pub struct VoterInfo<Balance, MaxOpen: Get<u32>> {
	/// The work block of the votes; once it closed, the record is stale and anyone may
	/// remove it.
	pub block: WorkBlockIndex,
	/// The weight of each vote: the voter's economic value in `block`.
	pub weight: Balance,
	/// The proposals voted on, aye (`true`) or nay.
	pub votes: BoundedVec<(ProposalId, bool), MaxOpen>,
	/// Deposit held for this record.
	pub deposit: Balance,
}

/// A reward pool of one asset in one ITO: the native currency and the assets the creator
/// accepted at `create_ito`, then those the ITO's proposals accepted (never removed).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct RewardPool<AssetId, Balance> {
	/// The asset of this pool.
	pub asset: RewardAsset<AssetId>,
	/// Added for the open work block (including rolled-over remainders).
	pub pool: Balance,
	/// Distributed at closes and not yet claimed (including rounding dust not yet returned
	/// to the pool).
	pub owed: Balance,
	/// Cumulative reward per eligible token unit, scaled by [`RATE_PRECISION`].
	pub acc: u128,
	/// Rounding remainders, in units of `1 / RATE_PRECISION`, counted in `owed` but owed to
	/// nobody; whole units go back to `pool`.
	pub dust: u128,
	/// The asset's minimum balance, given by the creator so that the ITO account's asset
	/// account never dies (0 for the native currency, whose seed is in [`ItoInfo::seed`]).
	/// Never paid out.
	pub seed: Balance,
	/// The asset's generation when the ITO accepted it ([`crate::AssetGeneration`], which
	/// grows each time an asset of that id is destroyed): the asset is the one accepted
	/// while it exists and its generation is this one, so a new asset created under the id
	/// of a destroyed one is never confused with it. 0 for the native currency.
	pub generation: u32,
	/// The asset was found gone (destroyed, possibly re-created under the same id): the
	/// whole pool was written off, and the pool accepts and pays nothing ever again.
	pub gone: bool,
	/// The pool takes new rewards. A `StopAsset` proposal clears it and an `AcceptAsset`
	/// proposal sets it again; what is pooled and owed is distributed and paid either way.
	pub accepting: bool,
}

/// Closing rates of a work block, kept while some account still needs them.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxAssets))]
pub struct ClosedBlock<AssetId, MaxAssets: Get<u32>> {
	/// Native per unit of validation weight, scaled by [`RATE_PRECISION`].
	pub producer_rate: u128,
	/// Per asset: the accumulator after the close, and the rate of this close.
	pub holder_rates: BoundedVec<(RewardAsset<AssetId>, u128, u128), MaxAssets>,
	/// Accounts that have not yet settled against this block.
	pub refs: u32,
}

/// What one close did to one reward pool, as the work-block history keeps it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct AssetSummary<AssetId, Balance> {
	/// The pool's asset.
	pub asset: RewardAsset<AssetId>,
	/// Owed to the block's eligible holders by this close.
	pub to_holders: Balance,
	/// Left in the pool after the close: carried into the next work block.
	pub rolled_over: Balance,
	/// The close's reward per token unit, scaled by [`RATE_PRECISION`] (0 if nothing was
	/// distributed). A holder with `e` eligible units earned about `e * rate /
	/// RATE_PRECISION` from this close (exactly that, rounded down, when it settles over
	/// this close alone).
	pub rate: u128,
}

/// A closed work block, as the history keeps it (see [`crate::History`]).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxAssets))]
pub struct WorkBlockSummary<AssetId, Balance, BlockNumber, MaxAssets: Get<u32>> {
	/// Index of the work block.
	pub index: WorkBlockIndex,
	/// Work blocks this close covers: 1, or more for an idle stretch closed as one.
	pub span: WorkBlockIndex,
	/// First chain block of the work block.
	pub first_block: BlockNumber,
	/// Last chain block of the work block (of the stretch, if `span > 1`).
	pub last_block: BlockNumber,
	/// Native owed to producers by validation weight.
	pub to_producers: Balance,
	/// Left in the producer pool after the close.
	pub producer_rolled_over: Balance,
	/// Validation weight of the block.
	pub validation_weight: Balance,
	/// Token units that earned holder rewards in the block.
	pub eligible: Balance,
	/// With `approval_required`: the eligible units of the holders who validated, among
	/// whom the holder pools were distributed; otherwise equal to `eligible`.
	pub earning: Balance,
	/// Per reward asset, what the close distributed.
	pub assets: BoundedVec<AssetSummary<AssetId, Balance>, MaxAssets>,
}

/// A holder of one ITO's tokens.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxAssets))]
pub struct HolderInfo<AssetId, Balance, MaxAssets: Get<u32>> {
	/// Units that earn rewards.
	pub eligible: Balance,
	/// Units bought in `pending_block`, earning from the block after it.
	pub pending: Balance,
	/// The work block the pending units were bought in.
	pub pending_block: Option<WorkBlockIndex>,
	/// With `approval_required`: the last work block this holder validated in, not yet settled.
	pub approved_block: Option<WorkBlockIndex>,
	/// The work block of the purchases counted in `purchased`.
	pub purchased_block: WorkBlockIndex,
	/// Native paid in `purchased_block`, checked against `max_purchase`.
	pub purchased: Balance,
	/// Per asset: the accumulator value up to which `eligible` has been settled.
	pub snapshots: BoundedVec<(RewardAsset<AssetId>, u128), MaxAssets>,
	/// Per asset: settled rewards not yet paid.
	pub owed: BoundedVec<(RewardAsset<AssetId>, Balance), MaxAssets>,
	/// Per asset: what settlements earned below one unit, in units of `1 / RATE_PRECISION`
	/// (each below `RATE_PRECISION`). It is the holder's: the next settlement adds it, so
	/// that settling often (which anyone may force with `claim`) rounds nothing away.
	pub remainders: BoundedVec<(RewardAsset<AssetId>, u128), MaxAssets>,
	/// Deposit held for this record.
	pub deposit: Balance,
}

/// A producer's validation weight and earnings in one ITO. Created by the producer's first
/// `submit_work`, with a deposit; removed by a `claim` once it is owed nothing and has no
/// item in the open block.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct ProducerInfo<Balance> {
	/// The work block in which `weight` was earned.
	pub block: WorkBlockIndex,
	/// Validation weight of this producer's items in `block`, not yet settled.
	pub weight: Balance,
	/// Settled native earnings not yet paid.
	pub owed: Balance,
	/// The last work block this producer submitted an item in.
	pub last_item_block: WorkBlockIndex,
	/// Deposit held for this record.
	pub deposit: Balance,
}

/// A work item: evidence of work submitted by a producer for one work block.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(UriLimit))]
pub struct WorkItem<AccountId, Balance, UriLimit: Get<u32>> {
	/// Who submitted it; validators cannot be this account.
	pub producer: AccountId,
	/// The work block it belongs to; it can be validated only while that block is open.
	pub block: WorkBlockIndex,
	/// Hash of the evidence.
	pub evidence_hash: H256,
	/// Where the evidence can be found.
	pub uri: BoundedVec<u8, UriLimit>,
	/// ITO token units spent validating it.
	pub weight: Balance,
	/// Deposit held from the producer until the item is removed.
	pub deposit: Balance,
}
