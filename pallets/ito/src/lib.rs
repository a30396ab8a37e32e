//! # pallet-ito: the Infinite Token Organization
//!
//! An ITO is a permissionless, shared public organization: anyone opens one
//! ([`Pallet::create_ito`]), agents buy its token at a fixed price ([`Pallet::buy`]),
//! producers submit work ([`Pallet::submit_work`]) and add rewards in any currency
//! ([`Pallet::add_reward`]), holders back work by spending tokens ([`Pallet::validate`]),
//! and at every work block end the pools are owed pro rata: the native currency that
//! buyers paid to producers by validation weight, the reward pools to holders by their
//! eligible tokens. [`Pallet::claim`] pays everything an account is owed in one ITO;
//! [`Pallet::refund`] returns tokens at the same fixed price. [`Pallet::forfeit`] gives up
//! an amount that can never be paid; [`Pallet::dissolve`] ends an ITO nobody holds.
//!
//! There is no privileged origin: after `create_ito` the creator has no more power than
//! anyone else, and nobody can move an ITO's funds except through these calls.
//!
//! ## Design choices (where the spec is silent)
//!
//! - **Accounts.** Each ITO has a keyless account derived from [`Config::PalletId`] and
//!   the ITO id. It owns the ITO token (a `pallet-assets` asset with id
//!   [`Config::ItoAssetIdOffset`] + ITO id) and holds every pool. The creator gives it the
//!   native existential deposit (`seed`), the asset metadata deposit, and the minimum
//!   balance of each accepted reward asset; none of them is ever paid out.
//! - **Work blocks.** Block `k` of an ITO spans chain blocks `[start + k·L, start + (k+1)·L)`
//!   where `start` is the chain block of `create_ito` and `L` the work block length.
//! - **Closing in O(1).** Nothing runs at a boundary. Every call that touches an ITO first
//!   *rolls* it: it closes the open block with the state it had, and if more boundaries
//!   passed, closes the whole idle stretch as one more (empty) block. So at most two closes
//!   run, each costing O([`Config::MaxRewardAssets`]). A close turns each pool into a
//!   per-token rate (reward-per-share accumulators at 10^18 precision); accounts settle
//!   lazily against the rates when they are next touched (any call of theirs, a validation
//!   of their work, or a `claim`). The runtime API and view functions apply the same roll
//!   in memory, so reads always show the state as of the current chain block.
//! - **Wrapping accumulators.** A pool's accumulator only grows, so a `u128` that saturated
//!   or refused to overflow would freeze the pool for ever (a lone holder of one unit and a
//!   huge one-block reward, claimed back, would do it). Accumulators wrap instead, and
//!   holders read them as the difference from their snapshot, as Uniswap v3's fee-growth
//!   counters are read: exact as long as the rates between two settlements of one holder
//!   add up to less than 2^128 (10^20 reward units per token unit), which a holder can
//!   always keep true by settling, and no pool ever stops paying.
//! - **Rounding belongs to the holder.** A settlement pays whole units; what is left below
//!   one unit stays in the holder's record (`remainders`) and is added to the next one. As
//!   anyone may settle anyone (`claim` is permissionless), settling often costs nothing.
//! - **A close never fails.** A pool whose rate, accumulator or books would overflow is not
//!   distributed at that close and rolls over; every other pool, and the producer pool,
//!   closes as usual. Settlement never fails either: what an account earns is part of what
//!   the closes booked. So nothing an asset's admin does with its own asset (adding it,
//!   taking it back with `force_transfer`, burning, freezing, blocking or destroying it)
//!   can stop an ITO's calls or reads: at worst that asset's payouts wait. An asset found
//!   gone (destroyed) is written off as a whole pool the first time a claim finds it so,
//!   and the pool takes and pays nothing again: anyone may create a new asset under a freed
//!   id, and its rewards must never pay the old books. Each pool remembers the generation
//!   of its asset ([`AssetGeneration`], counted by pallet-assets' destruction callback
//!   [`ItoAssetsCallback`]); a new asset under the id has another.
//! - **Payouts arrive or stay owed.** pallet-assets burns a transfer whose credit fails
//!   (an asset whose supply is near `u128::MAX`) and reports success; a payout is therefore
//!   undone unless the recipient received all of it, and stays owed. An amount that can
//!   never be paid (under the asset's minimum balance for an account without one, or
//!   frozen by the asset's admin for good) can be given up with [`Pallet::forfeit`]: it goes
//!   back to the pool for every holder, and the record and its deposit can go.
//! - **Reward assets are the members' choice.** `create_ito` sets the accepted reward
//!   assets (at most [`Config::MaxRewardAssets`] - 1, besides the native currency, which is
//!   always accepted); afterwards only the ITO's own proposals accept another or stop
//!   accepting one. `add_reward` refuses any other asset. No third party can take a reward
//!   slot, so no one can keep an ITO from receiving the rewards it accepts.
//! - **Asset accounts that never die.** The ITO token is a *sufficient* asset: holding it
//!   takes no consumer reference, so nobody can keep the ITO account (or a holder) from
//!   receiving it by using up its references with junk assets. Each accepted reward
//!   asset's account of the ITO account is opened at creation with the creator's deposit
//!   and then given the asset's minimum balance (the seed), and payouts keep the seed: a
//!   payout can never sweep a remainder that others are owed into the recipient.
//! - **A prepared address cannot stop a creation.** The ITO account is derived from the
//!   parent block's hash, which everyone knows while the block is built; a front-runner can
//!   fund it and use up its consumer references with junk assets. Creation needs none of
//!   them: the token is sufficient, reward-asset accounts are opened with a deposit, and
//!   the token's asset metadata (the only part that needs a reference, for its reserved
//!   deposit) is set if it can be and skipped, unpaid, if not.
//! - **Eligibility.** Tokens bought during a block are `pending` and earn from the next
//!   block. Tokens spent (validations, refunds) stop earning at once: a holder earns on the
//!   tokens it still holds at the close. Producers earn on the weight their items received.
//! - **Validation needs eligible tokens.** Only tokens held across a close can validate.
//!   This stops a producer's second account from buying `min_validation` tokens in the open
//!   block and backing the producer's item with them, taking every buyer's payment of the
//!   block for the price of one validation. It cannot stop a producer whose second account
//!   has held tokens since an earlier block: organic consensus trusts holders, and such a
//!   validation costs the tokens it spends (they return to the available supply), which is
//!   the protocol's price of a vote.
//! - **Transfers.** ITO tokens stay frozen in their holder's asset account ([`ItoFreezer`]
//!   is the asset pallet's `Freezer`): the pallet tracks every holder's balance and only its
//!   own calls move the tokens. No transfer can therefore count the same tokens twice.
//! - **Rounding.** Payouts round down. Rates are floored, so a close distributes at most
//!   the pool. A close books `ceil(eligible * rate)` as owed (lazy settlements over several
//!   closes may earn `floor(e * sum(r))`, more than the per-close floors), and every
//!   rounding remainder, at the close and at each settlement, is tracked exactly as dust
//!   (in units of 10^-18); whole units of dust go back from what is owed to the open pool
//!   at once. So once every entitled account has settled, nothing stays owed to nobody, and
//!   conservation stays exact.
//! - **Buying.** `amount` is native currency. The part over the account's remaining
//!   `max_purchase` for this block, or over what the supply cap allows, is not taken, nor is
//!   the remainder of `amount` that buys no whole token unit. The cost is rounded up and
//!   refunds round down, so rounding can never be used to extract value; a refund worth
//!   less than one planck fails ([`Error::RefundTooSmall`]).
//! - **Approval.** With `approval_required`, a holder earns a block's rewards only if it
//!   validated in that block; the share of the others rolls over.
//! - **Work items.** Any number of producers may submit any number of items per block: each
//!   pays [`Config::WorkItemDeposit`], and no call iterates over items, so a cap would only
//!   let one producer lock the others out.
//! - **Deposits.** ITOs ([`Config::ItoDeposit`]), holder records ([`Config::HolderDeposit`]),
//!   producer records ([`Config::ProducerDeposit`]) and work items
//!   ([`Config::WorkItemDeposit`]) are paid for with held deposits, released when the
//!   record goes: a holder record when it holds and is owed nothing, a producer record when
//!   it is owed nothing and has no item in the open block (both by [`Pallet::claim`], which
//!   succeeds when it only removes records or settles references), a work item by
//!   [`Pallet::remove_work_item`] once its block is closed. Closed-block records are
//!   reference-counted by the holder and producer records that need them and go with the
//!   last reference.
//! - **Deposits pay for every byte.** The runtime prices the ITO deposit from the largest
//!   encoding of everything an ITO keeps as long as it lives: its record, its pools, its
//!   full work-block history ([`Config::HistoryLength`] summaries, by far the largest part)
//!   and its token's asset records; holder, producer and work item deposits likewise.
//!
//! ## Authority by economic value
//!
//! The spec's step 9 ("distribute authority across its individual participants according to
//! their economic value during a specific block of time"):
//!
//! - **Value.** An account's economic value in work block `k` is its eligible tokens in `k`
//!   (held across the close that opened `k`, minus what it spent since) plus the validation
//!   weight its work items received in `k`. Both are token units; a validation moves value
//!   from the validator to the producer, a refund destroys it, and nothing creates it within
//!   `k`: the block's value (`ItoInfo::value`, its eligible tokens at its open) bounds what
//!   everyone holds in `k`. Tokens bought in `k` are not eligible in `k`, so buying in cannot
//!   buy a vote.
//! - **Proposals** ([`Pallet::propose`]) live in one work block and are decided at its close,
//!   inside the O(1) roll, without any call: a proposal passes when ayes exceed nays and the
//!   ayes reach the ITO's `quorum` of the block's value (a nay never helps a proposal pass);
//!   a passed proposal's action is enacted at once, in the order the proposals were made,
//!   and applies from the next block. Proposals are made in the first half of the block, so
//!   every member has at least its second half to see them and vote: nobody can propose in
//!   the block's last moments and pass it unanswered.
//! - **No unit of value counts twice** ([`Pallet::vote`]). A voter's votes all weigh its
//!   value now: [`Pallet::validate`] moves the validator's spent tokens out of each of its
//!   votes and into each of the producer's, [`Pallet::refund`] takes the refunded eligible
//!   tokens out. The tallies of the open proposals live in the ITO's record, and a voter has
//!   at most [`Config::MaxOpenProposals`] votes, so this is O(1). `try_state` checks that
//!   each tally is the sum of its voters' weights, each weight its voter's value, and each
//!   tally at most the value left in the block.
//! - **Spam and squatting.** A proposer needs [`Config::MinProposerShare`] of the block's
//!   value and pays [`Config::ProposalDeposit`]; one open proposal per proposer; when the
//!   slots are full, a proposer with more value than the open proposal whose proposer has
//!   the least value now takes its slot. A slot is held by its proposer's own value, which
//!   cannot back two slots (tokens are frozen in one account) and leaves the slot when it is
//!   spent: squatting every slot takes `MaxOpenProposals` accounts, each with more value
//!   than any member who wants to propose. Supporters of a displaced proposal with more
//!   value can propose it again.
//! - **No lockout.** A proposal may loosen `min_validation` and the purchase limits freely,
//!   but tighten them only up to one whole token (`min_validation`) or the token's price
//!   (`min_purchase`; `max_purchase` not below it): no majority can price the others out of
//!   buying or validating. Voter records are paid for ([`Config::VoterDeposit`]) and go
//!   lazily: the next vote in a later block reuses one, [`Pallet::remove_votes`] removes a
//!   stale one. Decided proposals keep their tallies until [`Pallet::remove_proposal`].
//! - **What may change.** Accepted reward assets (the proposer of `AcceptAsset` pays the
//!   seed; it goes back unless the proposal passes), `min_validation`, `approval_required`
//!   (settlement reads each close by the mode it closed in, so holders are paid exactly
//!   across a change), the purchase limits, the quorum and the validation quorum. The price,
//!   the token, its supply cap and the work block length never change: the price never
//!   falls, and every holder's promise stays what it bought.
//! - **Validation quorum.** With one, a block's validation decides the whole producer pool
//!   only if its weight reaches that share of the block's value; below it, it decides the
//!   share `weight / (quorum · value)` of the pool, and the rest rolls over to the next
//!   block. Without one (the default, as before), a single validation of `min_validation`
//!   tokens by a holder of one block's standing takes a quiet block's whole producer pool;
//!   with one, taking it all costs that share of the block's value in spent tokens, worth
//!   their price in native, which makes taking a pool larger than that unprofitable, while
//!   honest validation is always paid pro rata (a cliff would let anyone who buys in before
//!   the block raise the bar and make it worthless). It is a setting, not a rule: a quiet
//!   ITO with few validators pays its producers less at once.
//!
//! Votes can be rented: tokens bought in block `k - 1` vote in `k` and can be refunded
//! in `k + 1` at the same price, tying the capital up for about a block. The purchase
//! limits bound how much one account buys per block; beyond that, renting value is buying
//! it, which is what authority by economic value measures. A pool accepted by a proposal
//! keeps its reward slot for good (`StopAsset` does not free it): holders' records keep
//! per-asset snapshots that a reused slot would misread.
//!
//! ## Dissolving
//! An ITO is an *infinite* offering: anyone may buy its token at any time at the fixed
//! price, and its token, pools and price are promises to everyone who holds it. No one, not
//! its creator, can end it while anyone holds a token unit, is owed anything, or has work
//! or a record in it. [`Pallet::dissolve`] (permissionless) ends an ITO only when all of
//! that is over: then its promises have no one left to be kept to, and keeping its storage
//! would only keep the creator's refundable deposit (the spec's word) held for ever. This
//! does not break "infinite": whoever wants an ITO to live holds one token unit of it, and
//! nothing can dissolve it; the fixed price is never changed, only an organization with no
//! member is wound up. Its token is destroyed, every storage item goes, and the deposit,
//! the seeds and whatever no one is owed (rolled-over pools, rounding, gifts) go back to the
//! creator. The ITO's id and token id are never used again.
//!
//! ## Invariants
//! [`Pallet::do_try_state`] checks, per ITO: the native balance of the ITO account covers
//! the native pools and what is owed in native; minted = circulating + available; the
//! tracked holder balances match the asset balances; the open block's sums match the
//! holder, producer and work item records; the reward pools are the fixed set, native
//! first; no whole unit of dust is left outside a pool. (Asset balances cannot be checked
//! here: an asset's admin can move the ITO account's balance of its own asset. The tests
//! check exact asset conservation wherever no admin interferes.)
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod blocks;
mod buy;
mod create;
mod dissolve;
mod governance;
mod invariants;
pub mod migrations;
mod rewards;
mod types;
mod views;
mod work;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod storage_access;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_adversaries;
#[cfg(test)]
mod tests_governance;
#[cfg(test)]
mod tests_history;
#[cfg(test)]
mod tests_migrations;
#[cfg(test)]
mod tests_round2;
pub mod weights;

pub use types::*;
pub use views::*;
pub use weights::WeightInfo;

use frame_support::traits::{
	fungible::{self, Inspect as _},
	fungibles, Get,
};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	Perbill,
};

/// The balance type of the native currency (and of the assets).
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// The asset id type of `pallet-assets`.
pub type AssetIdOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::AssetId;
/// A reward asset of this runtime.
pub type RewardAssetOf<T> = RewardAsset<AssetIdOf<T>>;
/// An ITO record of this runtime.
pub type ItoInfoOf<T> = ItoInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	AssetIdOf<T>,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxOpenProposals,
>;
/// ITO settings of this runtime.
pub type ItoSettingsOf<T> =
	ItoSettings<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// The reward pools of one ITO.
pub type RewardPoolsOf<T> = frame_support::BoundedVec<
	RewardPool<AssetIdOf<T>, BalanceOf<T>>,
	<T as Config>::MaxRewardAssets,
>;
/// A holder record of this runtime.
pub type HolderInfoOf<T> = HolderInfo<AssetIdOf<T>, BalanceOf<T>, <T as Config>::MaxRewardAssets>;
/// A producer record of this runtime.
pub type ProducerInfoOf<T> = ProducerInfo<BalanceOf<T>>;
/// A work item of this runtime.
pub type WorkItemOf<T> =
	WorkItem<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxUriLength>;
/// A proposal action of this runtime.
pub type ProposalActionOf<T> =
	ProposalAction<AssetIdOf<T>, BalanceOf<T>, <T as Config>::MaxUriLength>;
/// A proposal of this runtime.
pub type ProposalInfoOf<T> = ProposalInfo<
	<T as frame_system::Config>::AccountId,
	AssetIdOf<T>,
	BalanceOf<T>,
	<T as Config>::MaxUriLength,
>;
/// A voter record of this runtime.
pub type VoterInfoOf<T> = VoterInfo<BalanceOf<T>, <T as Config>::MaxOpenProposals>;
/// A closed block record of this runtime.
pub type ClosedBlockOf<T> = ClosedBlock<AssetIdOf<T>, <T as Config>::MaxRewardAssets>;
/// A work-block summary in the history of the runtime's pallet-ito.
pub type WorkBlockSummaryOf<T> = WorkBlockSummary<
	AssetIdOf<T>,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxRewardAssets,
>;

#[frame_support::pallet]
#[allow(clippy::too_many_arguments)]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::MutateHold,
			fungibles::{metadata::MetadataDeposit, Create as _},
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native currency: what buyers pay, producers earn and deposits are held in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The assets: ITO tokens and asset rewards.
		type Assets: fungibles::Mutate<Self::AccountId, Balance = BalanceOf<Self>, AssetId = u32>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::Destroy<Self::AccountId>
			+ fungibles::metadata::Mutate<Self::AccountId>
			+ fungibles::metadata::MetadataDeposit<BalanceOf<Self>>
			+ fungibles::Refund<Self::AccountId, AssetId = u32>
			+ frame_support::traits::AccountTouch<u32, Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Derives the keyless account of every ITO.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// ITO `n`'s token is asset `ItoAssetIdOffset + n`. The runtime must keep other
		/// assets below this id.
		#[pallet::constant]
		type ItoAssetIdOffset: Get<u32>;

		/// Deposit held from the creator of an ITO.
		#[pallet::constant]
		type ItoDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a buyer for its holder record.
		#[pallet::constant]
		type HolderDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a producer for each work item.
		#[pallet::constant]
		type WorkItemDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a producer for its producer record (one per producer and ITO).
		#[pallet::constant]
		type ProducerDeposit: Get<BalanceOf<Self>>;

		/// Units in one whole ITO token (prices are per whole token).
		#[pallet::constant]
		type TokenUnit: Get<BalanceOf<Self>>;

		/// Longest ITO name, in bytes. The name is also the token's asset name, so this must
		/// not exceed the asset pallet's string limit.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Longest work evidence URI, in bytes.
		#[pallet::constant]
		type MaxUriLength: Get<u32>;

		/// Most reward assets (the native currency included) one ITO accepts.
		#[pallet::constant]
		type MaxRewardAssets: Get<u32>;

		/// Closed work blocks kept per ITO in [`History`]; older ones drop off.
		#[pallet::constant]
		type HistoryLength: Get<u32>;

		/// Shortest work block, in chain blocks.
		#[pallet::constant]
		type MinWorkBlockLength: Get<BlockNumberFor<Self>>;

		/// Work block length when the creator gives none.
		#[pallet::constant]
		type DefaultWorkBlockLength: Get<BlockNumberFor<Self>>;

		/// Most proposals open at once in one ITO (one work block): each voter's value
		/// change updates at most this many tallies. Never lower it without a migration:
		/// the ITO records hold up to this many.
		#[pallet::constant]
		type MaxOpenProposals: Get<u32>;

		/// Deposit held from a proposer for its proposal, until anyone removes the proposal
		/// after its block closed.
		#[pallet::constant]
		type ProposalDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a voter for its voter record, until anyone removes it after its
		/// block closed (or its next vote in a later block reuses it).
		#[pallet::constant]
		type VoterDeposit: Get<BalanceOf<Self>>;

		/// The least share of the open block's economic value a proposer must have.
		#[pallet::constant]
		type MinProposerShare: Get<Perbill>;

		/// The quorum of an ITO created without one.
		#[pallet::constant]
		type DefaultQuorum: Get<Perbill>;

		/// The least quorum an ITO may have.
		#[pallet::constant]
		type MinQuorum: Get<Perbill>;

		/// The greatest quorum an ITO may have.
		#[pallet::constant]
		type MaxQuorum: Get<Perbill>;

		/// The greatest validation quorum an ITO may have.
		#[pallet::constant]
		type MaxValidationQuorum: Get<Perbill>;

		/// Weights of the calls, from this pallet's benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of an ITO.
		#[codec(index = 0)]
		ItoDeposit,
		/// The deposit of a holder record.
		#[codec(index = 1)]
		HolderDeposit,
		/// The deposit of a work item.
		#[codec(index = 2)]
		WorkItemDeposit,
		/// The deposit of a producer record.
		#[codec(index = 3)]
		ProducerDeposit,
		/// The deposit of a proposal.
		#[codec(index = 4)]
		ProposalDeposit,
		/// The deposit of a voter record.
		#[codec(index = 5)]
		VoterDeposit,
	}

	/// The id the next ITO gets.
	#[pallet::storage]
	pub type NextItoId<T> = StorageValue<_, ItoId, ValueQuery>;

	/// Every ITO.
	#[pallet::storage]
	pub type Itos<T: Config> = StorageMap<_, Blake2_128Concat, ItoId, ItoInfoOf<T>>;

	/// The reward pools of every ITO, one per asset.
	#[pallet::storage]
	pub type RewardPools<T: Config> =
		StorageMap<_, Blake2_128Concat, ItoId, RewardPoolsOf<T>, ValueQuery>;

	/// Holder records.
	#[pallet::storage]
	pub type Holders<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		ItoId,
		Blake2_128Concat,
		T::AccountId,
		HolderInfoOf<T>,
	>;

	/// Producer records.
	#[pallet::storage]
	pub type Producers<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		ItoId,
		Blake2_128Concat,
		T::AccountId,
		ProducerInfoOf<T>,
	>;

	/// Work items.
	#[pallet::storage]
	pub type WorkItems<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ItoId, Twox64Concat, WorkItemId, WorkItemOf<T>>;

	/// The last [`Config::HistoryLength`] closed work blocks of every ITO: what each close
	/// paid to producers and holders, per asset. Keyed by the ITO and `index %
	/// HistoryLength`, so each close overwrites the entry of the block `HistoryLength`
	/// indices before it: at most `HistoryLength` entries per ITO, and no close removes
	/// anything. An entry older than the last `HistoryLength` indices (left behind by an
	/// idle stretch closed as one block) is not shown by the reads. Events stay the full
	/// record.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ItoId, Twox64Concat, u32, WorkBlockSummaryOf<T>>;

	/// How many times an asset of each id was destroyed since an ITO first accepted one of
	/// that id: a reward pool remembers the generation of the asset it accepted (see
	/// [`RewardPool::generation`]). `create_ito` opens the entry of every asset it accepts
	/// (the ITO deposit pays for it), and [`ItoAssetsCallback`], which the runtime must set
	/// as pallet-assets' `CallbackHandle`, counts destructions of those ids only: nobody
	/// grows this map by creating and destroying assets no ITO accepted.
	#[pallet::storage]
	pub type AssetGeneration<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetIdOf<T>, u32, ValueQuery>;

	/// Proposals of every ITO, from `propose` until anyone removes them after their block
	/// closed.
	#[pallet::storage]
	pub type Proposals<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ItoId, Twox64Concat, ProposalId, ProposalInfoOf<T>>;

	/// Voter records: an account's votes in one ITO's work block.
	#[pallet::storage]
	pub type Voters<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		ItoId,
		Blake2_128Concat,
		T::AccountId,
		VoterInfoOf<T>,
	>;

	/// Closing rates of closed work blocks that some account still has to settle against.
	#[pallet::storage]
	pub type ClosedBlocks<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		ItoId,
		Twox64Concat,
		WorkBlockIndex,
		ClosedBlockOf<T>,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An ITO was opened.
		ItoCreated { ito: ItoId, creator: T::AccountId, token: AssetIdOf<T>, account: T::AccountId },
		/// `who` paid `paid` native and got `tokens` units, `recycled` of them from the
		/// available supply and the rest newly minted.
		Bought {
			ito: ItoId,
			who: T::AccountId,
			paid: BalanceOf<T>,
			tokens: BalanceOf<T>,
			recycled: BalanceOf<T>,
		},
		/// A producer submitted a work item for work block `block`.
		WorkSubmitted {
			ito: ItoId,
			item: WorkItemId,
			producer: T::AccountId,
			block: WorkBlockIndex,
			evidence_hash: H256,
		},
		/// `who` added `amount` of `asset` to the holder pool of the open block.
		RewardAdded { ito: ItoId, who: T::AccountId, asset: RewardAssetOf<T>, amount: BalanceOf<T> },
		/// `validator` spent `amount` units backing work item `item`.
		Validated { ito: ItoId, item: WorkItemId, validator: T::AccountId, amount: BalanceOf<T> },
		/// Work block `index` closed: `to_producers` native became owed to producers.
		WorkBlockClosed {
			ito: ItoId,
			index: WorkBlockIndex,
			to_producers: BalanceOf<T>,
			validation_weight: BalanceOf<T>,
			eligible: BalanceOf<T>,
		},
		/// Holder rewards of one asset were owed at the close of block `index`.
		HolderRewardsDistributed {
			ito: ItoId,
			index: WorkBlockIndex,
			asset: RewardAssetOf<T>,
			amount: BalanceOf<T>,
		},
		/// `who` was paid `amount` of `asset`.
		Claimed { ito: ItoId, who: T::AccountId, asset: RewardAssetOf<T>, amount: BalanceOf<T> },
		/// `who` returned `tokens` units and got `paid` native back.
		Refunded { ito: ItoId, who: T::AccountId, tokens: BalanceOf<T>, paid: BalanceOf<T> },
		/// A work item of a closed block was removed and its deposit released.
		WorkItemRemoved { ito: ItoId, item: WorkItemId },
		/// `amount` of `asset` owed to `who` can never be paid, as the asset no longer
		/// exists; it was written off.
		RewardWrittenOff {
			ito: ItoId,
			who: T::AccountId,
			asset: RewardAssetOf<T>,
			amount: BalanceOf<T>,
		},
		/// The asset of a reward pool was found gone (destroyed, perhaps created again under
		/// its id): the whole pool was written off, `unpaid` in the pool and `owed` to its
		/// holders, and it takes and pays nothing again.
		RewardPoolWrittenOff {
			ito: ItoId,
			asset: RewardAssetOf<T>,
			unpaid: BalanceOf<T>,
			owed: BalanceOf<T>,
		},
		/// A claim for `who` paid nothing but settled its records (for example, tokens
		/// bought in a closed block became eligible).
		Settled { ito: ItoId, who: T::AccountId },
		/// `who` gave up `amount` of `asset` it was owed; it went back to the open block's
		/// pool, for every holder.
		RewardForfeited {
			ito: ItoId,
			who: T::AccountId,
			asset: RewardAssetOf<T>,
			amount: BalanceOf<T>,
		},
		/// An ITO that nobody held or was owed anything by was dissolved: its storage was
		/// removed, and `returned` native (its seed, the token's metadata deposit and what
		/// no one was owed) and its deposit went back to `creator`. Its token was destroyed,
		/// unless `token_destroyed` is false: then accounts or approvals of it that someone
		/// opened are left, and anyone may finish its destruction with pallet-assets'
		/// `destroy_accounts`, `destroy_approvals` and `finish_destroy`.
		Dissolved {
			ito: ItoId,
			creator: T::AccountId,
			returned: BalanceOf<T>,
			token_destroyed: bool,
		},
		/// `proposer`, of economic value `value`, opened proposal `proposal` in work block
		/// `block`.
		Proposed {
			ito: ItoId,
			proposal: ProposalId,
			proposer: T::AccountId,
			block: WorkBlockIndex,
			value: BalanceOf<T>,
			action: ProposalActionOf<T>,
		},
		/// A proposer with more value took the slot of `proposal`, which is no longer voted
		/// on (anyone may remove it and return its deposit).
		ProposalDisplaced { ito: ItoId, proposal: ProposalId, by: ProposalId },
		/// `who` voted on `proposal` with its economic value `weight`.
		Voted {
			ito: ItoId,
			proposal: ProposalId,
			who: T::AccountId,
			aye: bool,
			weight: BalanceOf<T>,
		},
		/// `proposal` was decided at the close of its block: `status` is `Passed` (enacted),
		/// `Rejected` or `Failed`; `value` is its block's economic value.
		ProposalDecided {
			ito: ItoId,
			proposal: ProposalId,
			status: ProposalStatus,
			ayes: BalanceOf<T>,
			nays: BalanceOf<T>,
			value: BalanceOf<T>,
		},
		/// A decided proposal was removed and its deposit (and an unused seed) returned.
		ProposalRemoved { ito: ItoId, proposal: ProposalId },
		/// The stale voter record of `who` was removed and its deposit released.
		VotesRemoved { ito: ItoId, who: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No ITO has this id.
		UnknownIto,
		/// An amount is zero.
		ZeroAmount,
		/// An arithmetic operation overflowed.
		Overflow,
		/// The price is zero.
		ZeroPrice,
		/// `min_purchase` is zero or above `max_purchase`.
		InvalidPurchaseLimits,
		/// The work block length is below the minimum.
		WorkBlockTooShort,
		/// The minimum validation amount is zero.
		ZeroMinValidation,
		/// The supply cap is zero.
		ZeroSupplyCap,
		/// The name is empty or longer than `MaxNameLength`.
		BadName,
		/// The URI is longer than `MaxUriLength`.
		UriTooLong,
		/// No more ITO ids or ITO asset ids are left.
		NoMoreIds,
		/// The asset id of the new ITO token is taken.
		TokenIdTaken,
		/// The amount is under the ITO's minimum purchase.
		BelowMinPurchase,
		/// This account already paid its maximum in this work block.
		PurchaseLimitReached,
		/// The supply cap is reached and no tokens are available.
		SoldOut,
		/// The amount buys less than one token unit.
		PurchaseTooSmall,
		/// No work item has this id in this ITO.
		UnknownWorkItem,
		/// The work item belongs to another work block than the open one.
		WrongWorkBlock,
		/// A producer cannot validate its own work item.
		SelfValidation,
		/// The amount is under the ITO's minimum validation amount.
		BelowMinValidation,
		/// The account holds fewer ITO tokens than the amount.
		InsufficientTokens,
		/// The account holds no tokens of this ITO.
		NotHolder,
		/// More reward assets than `MaxRewardAssets` (the native currency included).
		TooManyRewardAssets,
		/// A reward asset is listed twice.
		DuplicateRewardAsset,
		/// The ITO does not accept this asset as a reward (its creator did not list it).
		AssetNotAccepted,
		/// Only tokens held across a work block close can validate: tokens bought in the open
		/// work block cannot.
		TokensNotEligible,
		/// The tokens are worth less than one planck at the ITO's price.
		RefundTooSmall,
		/// An asset transfer to the ITO account delivered nothing (the asset pallet burned it,
		/// as it does when the asset's supply is near the maximum).
		AssetTransferFailed,
		/// The asset does not exist.
		UnknownAsset,
		/// ITO tokens cannot be reward assets.
		ItoTokenReward,
		/// The account is owed nothing in this ITO.
		NothingToClaim,
		/// The producer pool of the open block cannot pay for a single token unit.
		RefundPoolEmpty,
		/// The work item's block is still open.
		WorkBlockOpen,
		/// The creator cannot pay the minimum balance (the seed) of an accepted asset.
		CannotPaySeed,
		/// The holder is owed nothing of this asset.
		NothingOwed,
		/// Someone still holds tokens of this ITO: it cannot be dissolved.
		TokensCirculate,
		/// A holder or producer record, work item, closed block, proposal or voter record of
		/// this ITO is left: it cannot be dissolved.
		RecordsLeft,
		/// The account has no economic value in the open work block (no eligible tokens and
		/// no validation received).
		NoValue,
		/// The proposer's value is under the ITO's minimum share of the block's value.
		ProposerValueTooLow,
		/// Every proposal slot is taken by proposers with at least as much value.
		TooManyProposals,
		/// The account already has a proposal open in this work block.
		AlreadyProposed,
		/// No proposal has this id in this ITO.
		UnknownProposal,
		/// The proposal is not open (its block closed, or it was displaced).
		ProposalNotOpen,
		/// The proposal is still open: it can be removed once its block closed.
		ProposalOpen,
		/// The account already voted this way on this proposal.
		AlreadyVoted,
		/// The quorum or validation quorum is outside the runtime's bounds.
		QuorumOutOfBounds,
		/// The ITO already accepts this asset, or an open proposal would accept it.
		AlreadyAccepted,
		/// The ITO's pool of this asset was written off (the asset was destroyed).
		PoolWrittenOff,
		/// The voter record is of the open work block.
		VotesOpen,
		/// The account has no voter record in this ITO.
		NoVotes,
		/// Proposals are made in the first half of a work block (the second is left for
		/// voting).
		ProposingClosed,
		/// The setting would raise what one must spend to buy or to validate beyond one
		/// whole token (or its price), which could lock members out.
		WouldLockOut,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::MaxRewardAssets::get() > 0, "MaxRewardAssets must be positive");
			assert!(!T::TokenUnit::get().is_zero(), "TokenUnit must be positive");
			assert!(
				T::MinWorkBlockLength::get() > Zero::zero(),
				"MinWorkBlockLength must be positive"
			);
			assert!(
				T::DefaultWorkBlockLength::get() >= T::MinWorkBlockLength::get(),
				"DefaultWorkBlockLength must be at least MinWorkBlockLength"
			);
			assert!(T::MaxOpenProposals::get() > 0, "MaxOpenProposals must be positive");
			assert!(
				T::MinQuorum::get() <= T::DefaultQuorum::get()
					&& T::DefaultQuorum::get() <= T::MaxQuorum::get(),
				"DefaultQuorum must be within MinQuorum and MaxQuorum"
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open an ITO. Permissionless.
		///
		/// - Origin: signed; the creator pays [`Config::ItoDeposit`] (held until the ITO is
		///   dissolved), the native existential deposit for the ITO account, the asset
		///   metadata deposit of the ITO token (unless a front-runner used up the ITO
		///   account's consumer references: then the token has no asset metadata and nothing
		///   is paid for it), and per accepted asset the asset pallet's account deposit (the
		///   ITO account's account of it is opened with `touch`) and its minimum balance (the
		///   seed). All of it goes back to the creator at [`Pallet::dissolve`].
		/// - `name`: 1 to [`Config::MaxNameLength`] bytes, also the token's asset name.
		/// - `price`: native planck per whole ITO token ([`Config::TokenUnit`] units), > 0.
		/// - `min_purchase`, `max_purchase`: native per account per work block; 0 < min <= max.
		/// - `work_block_length`: chain blocks per work block, at least
		///   [`Config::MinWorkBlockLength`]; `None` for [`Config::DefaultWorkBlockLength`].
		/// - `min_validation`: least token units one validation spends; `None` for one whole
		///   token.
		/// - `supply_cap`: most token units ever minted; `None` for no cap.
		/// - `approval_required`: holders must validate in a block to earn its rewards.
		/// - `reward_assets`: the `pallet-assets` assets the ITO accepts as holder rewards,
		///   besides the native currency (always accepted); at most
		///   [`Config::MaxRewardAssets`] - 1, distinct. The creator gives the ITO account each
		///   asset's minimum balance, so that its asset accounts never die. Later, only the
		///   ITO's proposals accept more or stop accepting one.
		/// - `quorum`: the share of a work block's economic value that must vote aye on a
		///   proposal for it to pass, within [`Config::MinQuorum`] and [`Config::MaxQuorum`];
		///   `None` for [`Config::DefaultQuorum`].
		/// - `validation_quorum`: the share of a work block's economic value its validation
		///   weight must reach for the whole producer pool to be owed (below it, its share),
		///   at most [`Config::MaxValidationQuorum`]; `None` for zero (any validation does).
		///
		/// Emits [`Event::ItoCreated`]. Errors: [`Error::BadName`], [`Error::ZeroPrice`],
		/// [`Error::InvalidPurchaseLimits`], [`Error::WorkBlockTooShort`],
		/// [`Error::ZeroMinValidation`], [`Error::ZeroSupplyCap`],
		/// [`Error::TooManyRewardAssets`], [`Error::DuplicateRewardAsset`],
		/// [`Error::UnknownAsset`], [`Error::ItoTokenReward`], [`Error::CannotPaySeed`],
		/// [`Error::AssetTransferFailed`], [`Error::QuorumOutOfBounds`],
		/// [`Error::NoMoreIds`], [`Error::TokenIdTaken`], or a balance or asset error if the
		/// creator cannot pay.
		///
		/// Weight: [`WeightInfo::create_ito`], constant.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_ito())]
		#[allow(clippy::too_many_arguments)]
		pub fn create_ito(
			origin: OriginFor<T>,
			name: Vec<u8>,
			price: BalanceOf<T>,
			min_purchase: BalanceOf<T>,
			max_purchase: BalanceOf<T>,
			work_block_length: Option<BlockNumberFor<T>>,
			min_validation: Option<BalanceOf<T>>,
			supply_cap: Option<BalanceOf<T>>,
			approval_required: bool,
			reward_assets: Vec<AssetIdOf<T>>,
			quorum: Option<Perbill>,
			validation_quorum: Option<Perbill>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let settings = ItoSettings {
				price,
				min_purchase,
				max_purchase,
				work_block_length: work_block_length.unwrap_or_else(T::DefaultWorkBlockLength::get),
				min_validation: min_validation.unwrap_or_else(T::TokenUnit::get),
				supply_cap,
				approval_required,
			};
			let quorum = quorum.unwrap_or_else(T::DefaultQuorum::get);
			let validation_quorum = validation_quorum.unwrap_or_default();
			Self::do_create_ito(who, name, settings, reward_assets, quorum, validation_quorum)
				.map(|_| ())
		}

		/// Buy ITO tokens at the fixed price.
		///
		/// - Origin: signed, the buyer.
		/// - `amount`: native planck offered, at least `min_purchase`. Only the part within the
		///   buyer's remaining `max_purchase` of this work block and the supply cap is
		///   charged, rounded down to whole token units.
		///
		/// Tokens come from the available supply first, then are minted; they earn from the
		/// next work block. The payment joins the open block's producer pool. A buyer's first
		/// purchase holds [`Config::HolderDeposit`].
		///
		/// Emits [`Event::Bought`]. Errors: [`Error::UnknownIto`], [`Error::ZeroAmount`],
		/// [`Error::BelowMinPurchase`], [`Error::PurchaseLimitReached`], [`Error::SoldOut`],
		/// [`Error::PurchaseTooSmall`], [`Error::Overflow`], or a balance error.
		///
		/// Weight: [`WeightInfo::buy`] + [`WeightInfo::roll`]; the roll's part is refunded
		/// unless the call closed work blocks.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::buy().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn buy(
			origin: OriginFor<T>,
			ito: ItoId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::used(T::WeightInfo::buy(), Self::do_buy(ito, who, amount)?)
		}

		/// Submit a work item for the open work block.
		///
		/// - Origin: signed, the producer; pays [`Config::WorkItemDeposit`] (held until the
		///   item is removed after its block closes) and, for its first item in this ITO,
		///   [`Config::ProducerDeposit`] (held until a `claim` removes its producer record).
		/// - `evidence_hash`: hash of the evidence; `uri`: where it is, up to
		///   [`Config::MaxUriLength`] bytes.
		/// - `reward`: optionally `(asset, amount)` to add to the holder pool at once, as
		///   [`Pallet::add_reward`] does.
		///
		/// Any number of producers may submit any number of items: each pays its deposit, and
		/// no call ever iterates over items.
		///
		/// Emits [`Event::WorkSubmitted`] (and [`Event::RewardAdded`]). Errors:
		/// [`Error::UnknownIto`], [`Error::UriTooLong`], [`Error::Overflow`], the errors of
		/// `add_reward`, or a balance error.
		///
		/// Weight: [`WeightInfo::submit_work`] (`r` = 1 with a reward, 0 without) +
		/// [`WeightInfo::roll`]; the roll's part is refunded unless the call closed work
		/// blocks.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::submit_work(reward.is_some().into())
				.saturating_add(Pallet::<T>::roll_weight())
		)]
		pub fn submit_work(
			origin: OriginFor<T>,
			ito: ItoId,
			evidence_hash: H256,
			uri: Vec<u8>,
			reward: Option<(RewardAssetOf<T>, BalanceOf<T>)>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let weight = T::WeightInfo::submit_work(reward.is_some().into());
			let (_, rolled) = Self::do_submit_work(ito, who, evidence_hash, uri, reward)?;
			Self::used(weight, rolled)
		}

		/// Add rewards to the holder pool of the open work block.
		///
		/// - Origin: signed, the contributor (anyone).
		/// - `asset`: the native currency or an asset the ITO accepts (see `create_ito`);
		///   `amount` > 0.
		///
		/// Only what arrives in the ITO account is credited (see [`Error::AssetTransferFailed`]).
		///
		/// Emits [`Event::RewardAdded`]. Errors: [`Error::UnknownIto`], [`Error::ZeroAmount`],
		/// [`Error::UnknownAsset`] (no such asset, the same answer as `create_ito`'s, or the
		/// accepted asset was destroyed, perhaps created again under its id),
		/// [`Error::AssetNotAccepted`], [`Error::AssetTransferFailed`], [`Error::Overflow`], or
		/// a balance or asset error.
		///
		/// Weight: [`WeightInfo::add_reward`] + [`WeightInfo::roll`]; the roll's part is
		/// refunded unless the call closed work blocks.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_reward().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn add_reward(
			origin: OriginFor<T>,
			ito: ItoId,
			asset: RewardAssetOf<T>,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::used(T::WeightInfo::add_reward(), Self::do_add_reward(ito, who, asset, amount)?)
		}

		/// Back a work item of the open block by spending ITO tokens.
		///
		/// - Origin: signed, a holder other than the item's producer.
		/// - `amount`: token units to spend, at least `min_validation`, out of the holder's
		///   eligible tokens (held across a close; tokens bought in the open block cannot
		///   validate it). They return to the ITO's available supply and count as the item's
		///   validation weight.
		///
		/// Emits [`Event::Validated`]. Errors: [`Error::UnknownIto`],
		/// [`Error::UnknownWorkItem`], [`Error::WrongWorkBlock`], [`Error::SelfValidation`],
		/// [`Error::BelowMinValidation`], [`Error::NotHolder`],
		/// [`Error::InsufficientTokens`], [`Error::TokensNotEligible`], [`Error::Overflow`].
		///
		/// Weight: [`WeightInfo::validate`], constant. A validation never closes a work block:
		/// its item belongs to the open block, whose first call rolled.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::validate())]
		pub fn validate(
			origin: OriginFor<T>,
			ito: ItoId,
			item: WorkItemId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_validate(ito, who, item, amount)?;
			Ok(Some(T::WeightInfo::validate()).into())
		}

		/// Pay `who` everything it is owed in one ITO: holder rewards in every asset and
		/// producer earnings, settled up to the current block.
		///
		/// - Origin: signed, anyone; the payment always goes to `who`.
		///
		/// An asset that cannot be paid now (for example an amount under that asset's
		/// minimum balance for a new account, or an asset its admin froze, or a payout that
		/// the asset pallet would burn) stays owed, and can be given up with
		/// [`Pallet::forfeit`]; an asset found gone is written off, its whole pool at once. A
		/// holder record that holds and is owed nothing, and a producer record that is owed
		/// nothing and has no item in the open block, are removed and their deposits
		/// released.
		///
		/// Emits [`Event::Claimed`] per asset paid, [`Event::RewardWrittenOff`],
		/// [`Event::RewardPoolWrittenOff`], or [`Event::Settled`] when it only settled.
		/// Errors: [`Error::UnknownIto`], [`Error::NothingToClaim`] (nothing paid, settled or
		/// removed).
		///
		/// Weight: [`WeightInfo::claim`] (bounded by `MaxRewardAssets`) +
		/// [`WeightInfo::roll`]; the roll's part is refunded unless the call closed work
		/// blocks.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::claim().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn claim(
			origin: OriginFor<T>,
			ito: ItoId,
			who: T::AccountId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::used(T::WeightInfo::claim(), Self::do_claim(ito, who)?)
		}

		/// Return ITO tokens for native currency at the fixed price, paid from the open
		/// block's producer pool. Nobody approves it.
		///
		/// - Origin: signed, the holder.
		/// - `tokens`: units to return; if the pool cannot pay for all, only what it can pay
		///   for is returned.
		///
		/// Emits [`Event::Refunded`]. Errors: [`Error::UnknownIto`], [`Error::ZeroAmount`],
		/// [`Error::NotHolder`], [`Error::InsufficientTokens`], [`Error::RefundPoolEmpty`],
		/// [`Error::RefundTooSmall`] (the tokens are worth less than one planck).
		///
		/// Weight: [`WeightInfo::refund`] + [`WeightInfo::roll`]; the roll's part is
		/// refunded unless the call closed work blocks.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::refund().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn refund(
			origin: OriginFor<T>,
			ito: ItoId,
			tokens: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::used(T::WeightInfo::refund(), Self::do_refund(ito, who, tokens)?)
		}

		/// Remove a work item whose block has closed and release its deposit to its producer.
		///
		/// - Origin: signed, anyone.
		///
		/// Emits [`Event::WorkItemRemoved`]. Errors: [`Error::UnknownIto`],
		/// [`Error::UnknownWorkItem`], [`Error::WorkBlockOpen`].
		///
		/// Weight: [`WeightInfo::remove_work_item`] + [`WeightInfo::roll`]; the roll's part
		/// is refunded unless the call closed work blocks.
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::remove_work_item().saturating_add(Pallet::<T>::roll_weight())
		)]
		pub fn remove_work_item(
			origin: OriginFor<T>,
			ito: ItoId,
			item: WorkItemId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::used(T::WeightInfo::remove_work_item(), Self::do_remove_work_item(ito, item)?)
		}

		/// Give up what the caller is owed of one asset in one ITO, so that an amount that
		/// can never be paid (an amount under the asset's minimum balance for an account
		/// that has none of it, an asset whose admin froze the ITO account or the caller)
		/// no longer pins the caller's holder record and deposit.
		///
		/// - Origin: signed, the holder.
		/// - `asset`: the asset to give up, native or an accepted asset.
		///
		/// The holder is settled first; everything it is then owed of `asset` goes back to
		/// the open block's pool, to be shared by every holder at its close, and its
		/// remainder below one unit to the pool's rounding dust (what a written-off pool owed
		/// is simply dropped). A record that then holds and is owed nothing is removed and
		/// its deposit released.
		///
		/// Emits [`Event::RewardForfeited`]. Errors: [`Error::UnknownIto`],
		/// [`Error::NotHolder`], [`Error::NothingOwed`].
		///
		/// Weight: [`WeightInfo::forfeit`] + [`WeightInfo::roll`]; the roll's part is
		/// refunded unless the call closed work blocks.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::forfeit().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn forfeit(
			origin: OriginFor<T>,
			ito: ItoId,
			asset: RewardAssetOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::used(T::WeightInfo::forfeit(), Self::do_forfeit(ito, who, asset)?)
		}

		/// Dissolve an ITO that nobody holds, is owed anything by, or has work in: its
		/// token is destroyed, every storage item of it removed, and its deposit and
		/// everything its account holds (the seeds, the token's metadata deposit, and what no
		/// one is owed: rolled-over pools, the producer pool's rounding, gifts) go back to
		/// its creator. See the module docs, "Dissolving", for why this keeps the ITO's
		/// promises.
		///
		/// - Origin: signed, anyone.
		///
		/// Allowed only when nothing circulates (minted = available) and no holder or
		/// producer record, work item or closed-block record is left: then nothing is owed
		/// to anyone (what the books would still count is no one's). Reward assets that
		/// cannot be moved (frozen by their admin, or that the creator cannot receive) stay
		/// in the ITO account; a token that someone holds an empty account or an approval of
		/// is left being destroyed (see [`Event::Dissolved`]). No asset admin and no token
		/// account can keep an ITO from dissolving.
		///
		/// Emits [`Event::Dissolved`]. Errors: [`Error::UnknownIto`],
		/// [`Error::TokensCirculate`], [`Error::RecordsLeft`].
		///
		/// Weight: [`WeightInfo::dissolve`], bounded by `MaxRewardAssets` and
		/// `HistoryLength`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::dissolve())]
		pub fn dissolve(origin: OriginFor<T>, ito: ItoId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_dissolve(ito)
		}

		/// Propose an action to the ITO's members, decided by their economic value at the
		/// close of the open work block (see the module docs, "Authority by economic value").
		///
		/// - Origin: signed, the proposer: an account whose economic value in the open block
		///   is at least [`Config::MinProposerShare`] of the block's value (and not zero),
		///   with no other proposal open in this block. It pays [`Config::ProposalDeposit`],
		///   returned when anyone removes the decided proposal, and for `AcceptAsset` the ITO
		///   account's deposit for its account of the asset and the asset's minimum balance
		///   (the seed), returned too unless the proposal passes.
		/// - `action`: what passing does (see [`ProposalAction`]).
		///
		/// Proposals are made in the first half of a work block (every member has at least
		/// the second half to vote). At most [`Config::MaxOpenProposals`] are open at once;
		/// when all are, a proposer with more value than the open proposal whose proposer
		/// has the least value now takes its slot (that proposal is displaced:
		/// [`Event::ProposalDisplaced`]). A setting may be loosened freely, and tightened
		/// only up to one whole token (`min_validation`) or its price (`min_purchase`; and
		/// `max_purchase` not below it).
		///
		/// Emits [`Event::Proposed`]. Errors: [`Error::UnknownIto`],
		/// [`Error::ProposingClosed`], [`Error::NoValue`],
		/// [`Error::ProposerValueTooLow`], [`Error::AlreadyProposed`],
		/// [`Error::TooManyProposals`], and for the action: [`Error::UnknownAsset`],
		/// [`Error::ItoTokenReward`], [`Error::AlreadyAccepted`], [`Error::PoolWrittenOff`],
		/// [`Error::TooManyRewardAssets`], [`Error::CannotPaySeed`],
		/// [`Error::AssetTransferFailed`], [`Error::AssetNotAccepted`],
		/// [`Error::ZeroMinValidation`], [`Error::InvalidPurchaseLimits`],
		/// [`Error::WouldLockOut`], [`Error::QuorumOutOfBounds`]; or a balance error.
		///
		/// Weight: [`WeightInfo::propose`] + [`WeightInfo::roll`] (bounded by
		/// `MaxOpenProposals`); the roll's part is refunded unless the call closed work
		/// blocks.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::propose().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn propose(
			origin: OriginFor<T>,
			ito: ItoId,
			action: ProposalActionOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::used(T::WeightInfo::propose(), Self::do_propose(ito, who, action)?.1)
		}

		/// Vote on an open proposal with the caller's economic value in the open work block.
		///
		/// - Origin: signed, a voter with value (eligible tokens, or validation its work
		///   received in this block). Its first vote in a block holds
		///   [`Config::VoterDeposit`] for its voter record.
		/// - `aye`: for (`true`) or against. Voting again the other way moves the vote.
		///
		/// Every vote of an account weighs its current value: when it validates, refunds or
		/// its work is validated later in the block, the pallet moves the difference in each
		/// proposal it voted on, so no unit of value counts twice.
		///
		/// Emits [`Event::Voted`]. Errors: [`Error::UnknownIto`], [`Error::UnknownProposal`],
		/// [`Error::ProposalNotOpen`], [`Error::NoValue`], [`Error::AlreadyVoted`],
		/// [`Error::Overflow`], or a balance error.
		///
		/// Weight: [`WeightInfo::vote`] + [`WeightInfo::roll`]; the roll's part is refunded
		/// unless the call closed work blocks.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::vote().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn vote(
			origin: OriginFor<T>,
			ito: ItoId,
			proposal: ProposalId,
			aye: bool,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::used(T::WeightInfo::vote(), Self::do_vote(ito, who, proposal, aye)?)
		}

		/// Remove a decided (or displaced) proposal and return its deposit, and for an
		/// `AcceptAsset` that did not pass, its seed and account deposit, to its proposer.
		///
		/// - Origin: signed, anyone.
		///
		/// Emits [`Event::ProposalRemoved`]. Errors: [`Error::UnknownIto`],
		/// [`Error::UnknownProposal`], [`Error::ProposalOpen`].
		///
		/// Weight: [`WeightInfo::remove_proposal`] + [`WeightInfo::roll`]; the roll's part is
		/// refunded unless the call closed work blocks.
		#[pallet::call_index(12)]
		#[pallet::weight(
			T::WeightInfo::remove_proposal().saturating_add(Pallet::<T>::roll_weight())
		)]
		pub fn remove_proposal(
			origin: OriginFor<T>,
			ito: ItoId,
			proposal: ProposalId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::used(T::WeightInfo::remove_proposal(), Self::do_remove_proposal(ito, proposal)?)
		}

		/// Remove `who`'s voter record of a closed work block and release its deposit.
		///
		/// - Origin: signed, anyone.
		///
		/// Emits [`Event::VotesRemoved`]. Errors: [`Error::UnknownIto`], [`Error::NoVotes`],
		/// [`Error::VotesOpen`].
		///
		/// Weight: [`WeightInfo::remove_votes`] + [`WeightInfo::roll`]; the roll's part is
		/// refunded unless the call closed work blocks.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::remove_votes().saturating_add(Pallet::<T>::roll_weight()))]
		pub fn remove_votes(
			origin: OriginFor<T>,
			ito: ItoId,
			who: T::AccountId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::used(T::WeightInfo::remove_votes(), Self::do_remove_votes(ito, who)?)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// An ITO's settings and supply, with its open work block as of now.
		pub fn ito(ito: ItoId) -> Option<ItoViewOf<T>> {
			Self::ito_view(ito)
		}

		/// The open work block of an ITO as of now: pools and totals.
		pub fn work_block(ito: ItoId) -> Option<WorkBlockViewOf<T>> {
			Self::work_block_view(ito)
		}

		/// Work items of an ITO from `from` on, at most `limit` (capped at 256).
		pub fn work_items(ito: ItoId, from: WorkItemId, limit: u32) -> Vec<WorkItemViewOf<T>> {
			Self::work_items_view(ito, from, limit)
		}

		/// What `who` holds in an ITO and is owed, settled as of now.
		pub fn account(ito: ItoId, who: T::AccountId) -> Option<AccountViewOf<T>> {
			Self::account_view(ito, &who)
		}

		/// The ITO's last closed work blocks from index `from` on, oldest first, at most
		/// `limit` (at most [`Config::HistoryLength`] are kept): what each close paid to
		/// producers and, per asset, to holders.
		pub fn work_block_history(
			ito: ItoId,
			from: WorkBlockIndex,
			limit: u32,
		) -> Vec<WorkBlockSummaryViewOf<T>> {
			Self::work_block_history_view(ito, from, limit)
		}

		/// An ITO's governance as of now: its quorums, the open block's economic value, which
		/// reward assets take new rewards, and its proposals (open ones with their live
		/// tallies, decided ones until removed) with ids from `from`, at most `limit` (capped
		/// at 256).
		pub fn proposals(ito: ItoId, from: ProposalId, limit: u32) -> Option<GovernanceViewOf<T>> {
			Self::governance_view(ito, from, limit)
		}

		/// The economic value of `who` in the open work block (its voting power: eligible
		/// tokens plus validation weight received), and its votes.
		pub fn voting_power(ito: ItoId, who: T::AccountId) -> Option<VotingPowerViewOf<T>> {
			Self::voting_power_view(ito, &who)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The keyless account of ITO `ito`, if it exists.
		pub fn ito_account(ito: ItoId) -> Option<T::AccountId> {
			Itos::<T>::get(ito).map(|info| info.account)
		}

		/// The keyless account for a new ITO `ito`: derived from [`Config::PalletId`], the id
		/// and the parent block hash, so that nobody can know it before the block that
		/// creates the ITO is built, and so nobody can prepare it (for example use up its
		/// consumer references) to make the creation fail.
		pub(crate) fn new_ito_account(ito: ItoId) -> T::AccountId {
			let parent = frame_system::Pallet::<T>::parent_hash();
			let salt = <T::Hashing as sp_runtime::traits::Hash>::hash_of(&(ito, parent));
			T::PalletId::get().into_sub_account_truncating(salt)
		}

		/// Hold a deposit of `amount` from `who` for `reason`.
		pub(crate) fn hold(
			who: &T::AccountId,
			reason: HoldReason,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::hold(&reason.into(), who, amount)
		}

		/// Release a deposit held by `hold`.
		pub(crate) fn release(who: &T::AccountId, reason: HoldReason, amount: BalanceOf<T>) {
			if amount.is_zero() {
				return;
			}
			let released = T::Currency::release(
				&reason.into(),
				who,
				amount,
				frame_support::traits::tokens::Precision::BestEffort,
			);
			if released != Ok(amount) {
				frame_support::defensive!(
					"a deposit held by pallet-ito could not be released in full"
				);
			}
		}

		/// Asset metadata deposit for a token named `name` with symbol `symbol`.
		pub(crate) fn metadata_deposit(name: &[u8], symbol: &[u8]) -> BalanceOf<T> {
			<T::Assets as MetadataDeposit<BalanceOf<T>>>::calc_metadata_deposit(name, symbol)
		}

		/// Whether asset `id` exists.
		pub(crate) fn asset_exists(id: AssetIdOf<T>) -> bool {
			<T::Assets as fungibles::Inspect<T::AccountId>>::asset_exists(id)
		}

		/// Create the ITO token `id` owned by `owner`. It is a sufficient asset: an account
		/// holding it needs no consumer reference, so nobody can keep the ITO account (or a
		/// holder) from receiving it by using up its references with junk assets.
		pub(crate) fn create_token(id: AssetIdOf<T>, owner: &T::AccountId) -> DispatchResult {
			T::Assets::create(id, owner.clone(), true, 1u32.into())
		}

		/// The existential deposit of the native currency.
		pub(crate) fn native_min_balance() -> BalanceOf<T> {
			T::Currency::minimum_balance()
		}
	}
}

/// pallet-assets' `CallbackHandle`: counts the destructions of every asset id in
/// [`AssetGeneration`], so that a reward pool never takes a new asset created under a
/// destroyed asset's id for the asset it accepted.
pub struct ItoAssetsCallback<T>(core::marker::PhantomData<T>);

impl<T: Config> pallet_assets::AssetsCallback<AssetIdOf<T>, T::AccountId> for ItoAssetsCallback<T> {
	fn destroyed(id: &AssetIdOf<T>) -> Result<(), ()> {
		if AssetGeneration::<T>::contains_key(id) {
			AssetGeneration::<T>::mutate(id, |generation| *generation = generation.wrapping_add(1));
		}
		Ok(())
	}
}

/// The `Freezer` of the asset pallet: keeps every holder's ITO tokens frozen, so that only
/// pallet-ito's own calls move them (see the module docs, "Transfers").
pub struct ItoFreezer<T>(core::marker::PhantomData<T>);

impl<T: Config> ItoFreezer<T> {
	/// The ITO whose token is `asset`, if it is an ITO token.
	pub fn ito_of(asset: AssetIdOf<T>) -> Option<ItoId> {
		asset.checked_sub(T::ItoAssetIdOffset::get())
	}
}

impl<T: Config> pallet_assets::FrozenBalance<AssetIdOf<T>, T::AccountId, BalanceOf<T>>
	for ItoFreezer<T>
{
	fn frozen_balance(asset: AssetIdOf<T>, who: &T::AccountId) -> Option<BalanceOf<T>> {
		let ito = Self::ito_of(asset)?;
		let holder = Holders::<T>::get(ito, who)?;
		// `Some(0)` would make the asset pallet refuse to take a holder's last unit.
		Some(holder.eligible.saturating_add(holder.pending)).filter(|frozen| !frozen.is_zero())
	}

	fn died(_asset: AssetIdOf<T>, _who: &T::AccountId) {}

	/// Whether any holder's tokens are frozen: while any circulate (`minted > available`).
	/// Once none does, the token may be destroyed (`dissolve`).
	fn contains_freezes(asset: AssetIdOf<T>) -> bool {
		Self::ito_of(asset).and_then(Itos::<T>::get).is_some_and(|ito| ito.minted > ito.available)
	}
}
