//! Authority by economic value: `propose`, `vote`, `remove_proposal` and `remove_votes`,
//! the upkeep of the tallies when a voter's value changes, and the decision and enactment
//! of the open block's proposals at its close.

use crate::{
	blocks::{ItoCtx, Rolled},
	*,
};
use alloc::vec::Vec;
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{
		fungibles::{self, Inspect as _, Mutate as _},
		tokens::{Fortitude, Preservation},
		AccountTouch,
	},
};
use sp_runtime::traits::{CheckedAdd, Zero};

impl<T: Config> ItoCtx<T> {
	/// The economic value of `who` in the open work block: its eligible tokens (held across
	/// the last close and not spent since) plus the validation weight its work items received
	/// in the open block. Needs no settlement: pending tokens of a closed block are eligible.
	pub fn value_of(&self, who: &T::AccountId) -> BalanceOf<T> {
		let current = self.ito.current;
		let held = Holders::<T>::get(self.id, who).map_or(Zero::zero(), |holder| {
			let merged = holder.pending_block.is_some_and(|k| k < current);
			let pending = if merged { holder.pending } else { Zero::zero() };
			holder.eligible.saturating_add(pending)
		});
		let received = Producers::<T>::get(self.id, who)
			.filter(|producer| producer.block == current)
			.map_or(Zero::zero(), |producer| producer.weight);
		held.saturating_add(received)
	}

	/// The value of `who` in the open block fell by `amount` (it spent eligible tokens): so
	/// does the weight of each of its votes on an open proposal.
	pub fn value_fell(&mut self, who: &T::AccountId, amount: BalanceOf<T>) {
		self.adjust_votes(who, amount, false)
	}

	/// The value of `who` in the open block grew by `amount` (its work was validated): so
	/// does the weight of each of its votes on an open proposal.
	pub fn value_grew(&mut self, who: &T::AccountId, amount: BalanceOf<T>) {
		self.adjust_votes(who, amount, true)
	}

	fn adjust_votes(&mut self, who: &T::AccountId, amount: BalanceOf<T>, grew: bool) {
		if amount.is_zero() {
			return;
		}
		let Some(mut voter) = Voters::<T>::get(self.id, who) else { return };
		if voter.block != self.ito.current {
			return;
		}
		voter.weight = if grew {
			voter.weight.saturating_add(amount)
		} else {
			voter.weight.checked_sub(&amount).unwrap_or_else(|| {
				defensive!("a voter spent more value than it had");
				Zero::zero()
			})
		};
		for (proposal, aye) in voter.votes.iter() {
			let Some(open) = self.ito.proposals.iter_mut().find(|p| p.id == *proposal) else {
				continue;
			};
			let side = if *aye { &mut open.ayes } else { &mut open.nays };
			*side = if grew {
				// The tallies never exceed the block's value, a balance: this cannot overflow.
				side.saturating_add(amount)
			} else {
				side.checked_sub(&amount).unwrap_or_else(|| {
					defensive!("a tally is below the weight of one of its votes");
					Zero::zero()
				})
			};
		}
		if self.write {
			Voters::<T>::insert(self.id, who, voter);
		}
	}

	/// A proposal, as this context changed it or as stored.
	pub fn proposal(&self, id: ProposalId) -> Option<ProposalInfoOf<T>> {
		match self.decided.iter().find(|(i, _)| *i == id) {
			Some((_, proposal)) => Some(proposal.clone()),
			None => Proposals::<T>::get(self.id, id),
		}
	}

	fn set_proposal(&mut self, id: ProposalId, proposal: ProposalInfoOf<T>) {
		match self.decided.iter_mut().find(|(i, _)| *i == id) {
			Some(entry) => entry.1 = proposal,
			None => self.decided.push((id, proposal)),
		}
	}

	/// Decide every proposal of the closing block, by its tally against the block's value,
	/// and enact those that pass, in the order they were proposed. Called by the close, with
	/// the closing block's state; O(`MaxOpenProposals`), never fails.
	pub fn decide_proposals(&mut self) {
		let value = self.ito.value;
		let threshold = self.ito.quorum.mul_ceil(value);
		for open in core::mem::take(&mut self.ito.proposals) {
			let Some(mut proposal) = self.proposal(open.id) else {
				defensive!("an open proposal has no record");
				continue;
			};
			// The ayes alone must reach the quorum: a nay never helps a proposal pass.
			let passed = !value.is_zero() && open.ayes > open.nays && open.ayes >= threshold;
			proposal.status = match passed {
				true if self.enact(&proposal) => ProposalStatus::Passed,
				true => ProposalStatus::Failed,
				false => ProposalStatus::Rejected,
			};
			proposal.ayes = open.ayes;
			proposal.nays = open.nays;
			proposal.value = value;
			if self.write {
				Pallet::<T>::deposit_event(Event::ProposalDecided {
					ito: self.id,
					proposal: open.id,
					status: proposal.status,
					ayes: open.ayes,
					nays: open.nays,
					value,
				});
			}
			self.set_proposal(open.id, proposal);
		}
	}

	/// Do what a passed proposal says, from the next work block on. `false` if it can no
	/// longer be done.
	fn enact(&mut self, proposal: &ProposalInfoOf<T>) -> bool {
		let settings = &mut self.ito.settings;
		match &proposal.action {
			ProposalAction::AcceptAsset(id) => {
				let asset = RewardAsset::Asset(*id);
				if let Some(pool) = self.pools.iter_mut().find(|p| p.asset == asset) {
					// Accepted again after a `StopAsset`; a written-off pool stays so.
					if pool.gone {
						return false;
					}
					pool.accepting = true;
					return true;
				}
				// The asset the members voted on, with its seed in the ITO account: not
				// destroyed since (perhaps created again under its id: then with the minimum
				// balance it had, at least).
				let alive = Pallet::<T>::asset_exists(*id)
					&& AssetGeneration::<T>::get(id) == proposal.generation
					&& T::Assets::minimum_balance(*id) == proposal.seed
					&& T::Assets::balance(*id, &self.ito.account) >= proposal.seed;
				if !alive {
					return false;
				}
				let pool = RewardPool {
					asset,
					pool: Zero::zero(),
					owed: Zero::zero(),
					acc: 0,
					dust: 0,
					seed: proposal.seed,
					generation: proposal.generation,
					gone: false,
					accepting: true,
				};
				if self.pools.try_push(pool).is_err() {
					return false;
				}
				self.new_assets.push(*id);
				true
			}
			ProposalAction::StopAsset(id) => {
				let asset = RewardAsset::Asset(*id);
				match self.pools.iter_mut().find(|p| p.asset == asset && !p.gone) {
					Some(pool) => {
						pool.accepting = false;
						true
					}
					None => false,
				}
			}
			ProposalAction::SetMinValidation(amount) => {
				settings.min_validation = *amount;
				true
			}
			ProposalAction::SetApprovalRequired(required) => {
				settings.approval_required = *required;
				true
			}
			ProposalAction::SetPurchaseLimits { min, max } => {
				settings.min_purchase = *min;
				settings.max_purchase = *max;
				true
			}
			// The bounds are checked again: a runtime upgrade may have narrowed them.
			ProposalAction::SetQuorum(quorum) => {
				let ok = Pallet::<T>::quorum_in_bounds(*quorum);
				if ok {
					self.ito.quorum = *quorum;
				}
				ok
			}
			ProposalAction::SetValidationQuorum(quorum) => {
				let ok = *quorum <= T::MaxValidationQuorum::get();
				if ok {
					self.ito.validation_quorum = *quorum;
				}
				ok
			}
			ProposalAction::Signal { .. } => true,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether a minimum `new` may replace `current`: it loosens it, or stays within `cap`
	/// (one whole token, or its price). No majority can raise what one must spend to buy or
	/// to validate beyond that, so none can lock the others out of the ITO.
	pub(crate) fn loosens_or_within(
		new: BalanceOf<T>,
		current: BalanceOf<T>,
		cap: BalanceOf<T>,
	) -> bool {
		new <= current || new <= cap
	}

	/// Whether `quorum` is within the runtime's bounds.
	pub(crate) fn quorum_in_bounds(quorum: Perbill) -> bool {
		quorum >= T::MinQuorum::get() && quorum <= T::MaxQuorum::get()
	}

	/// See [`Pallet::propose`].
	pub(crate) fn do_propose(
		id: ItoId,
		proposer: T::AccountId,
		action: ProposalActionOf<T>,
	) -> Result<(ProposalId, Rolled), DispatchError> {
		let mut ctx = ItoCtx::<T>::load(id)?;
		// Proposals are made in the first half of a work block, so that every member has
		// at least the second half to see them and vote: nobody can propose in the block's
		// last moments and pass it before others can answer.
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < Self::proposing_until(&ctx.ito), Error::<T>::ProposingClosed);
		let value = ctx.value_of(&proposer);
		ensure!(!value.is_zero(), Error::<T>::NoValue);
		let least = T::MinProposerShare::get().mul_ceil(ctx.ito.value);
		ensure!(value >= least, Error::<T>::ProposerValueTooLow);

		// One open proposal per proposer, one open `AcceptAsset` per asset. When every slot
		// is taken, the proposal whose proposer has the least value now (the latest of
		// equals) gives its slot to a proposer with more: a slot is held by its proposer's
		// own value, which nobody can lend to several proposals, and which leaves the slot
		// when the proposer spends it.
		let mut open_records = Vec::new();
		for open in ctx.ito.proposals.iter() {
			let Some(other) = Proposals::<T>::get(id, open.id) else {
				defensive!("an open proposal has no record");
				continue;
			};
			ensure!(other.proposer != proposer, Error::<T>::AlreadyProposed);
			if let ProposalAction::AcceptAsset(asset) = other.action {
				ensure!(action != ProposalAction::AcceptAsset(asset), Error::<T>::AlreadyAccepted);
			}
			open_records.push((open.id, other));
		}
		let displaced = if ctx.ito.proposals.is_full() {
			let (index, least) = open_records
				.iter()
				.enumerate()
				.map(|(i, (_, p))| (i, ctx.value_of(&p.proposer)))
				.min_by_key(|(i, v)| (*v, core::cmp::Reverse(*i)))
				.ok_or(Error::<T>::TooManyProposals)?;
			ensure!(value > least, Error::<T>::TooManyProposals);
			Some(index)
		} else {
			None
		};
		// The reward slots that the other open `AcceptAsset`s of new assets would take.
		let new_pools = open_records
			.iter()
			.enumerate()
			.filter(|(i, _)| Some(*i) != displaced)
			.filter(|(_, (_, p))| match p.action {
				ProposalAction::AcceptAsset(asset) => {
					!ctx.pools.iter().any(|pool| pool.asset == RewardAsset::Asset(asset))
				}
				_ => false,
			})
			.count() as u32;

		let (mut seed, mut generation) = (Zero::zero(), 0);
		match &action {
			ProposalAction::AcceptAsset(asset) => {
				let asset = *asset;
				ensure!(asset < T::ItoAssetIdOffset::get(), Error::<T>::ItoTokenReward);
				ensure!(Self::asset_exists(asset), Error::<T>::UnknownAsset);
				match ctx.pools.iter().find(|p| p.asset == RewardAsset::Asset(asset)) {
					Some(pool) if pool.gone => return Err(Error::<T>::PoolWrittenOff.into()),
					Some(pool) if pool.accepting => return Err(Error::<T>::AlreadyAccepted.into()),
					// Accepted again: the pool and its seed are there.
					Some(_) => {}
					None => {
						let taken = (ctx.pools.len() as u32).saturating_add(new_pools);
						ensure!(taken < T::MaxRewardAssets::get(), Error::<T>::TooManyRewardAssets);
						seed = T::Assets::minimum_balance(asset);
						generation = AssetGeneration::<T>::get(asset);
						Self::pay_asset_seed(&proposer, &ctx.ito.account, asset, seed)?;
					}
				}
			}
			ProposalAction::StopAsset(asset) => {
				let asset = RewardAsset::Asset(*asset);
				ensure!(
					ctx.pools.iter().any(|p| p.asset == asset && !p.gone && p.accepting),
					Error::<T>::AssetNotAccepted
				);
			}
			ProposalAction::SetMinValidation(amount) => {
				ensure!(!amount.is_zero(), Error::<T>::ZeroMinValidation);
				ensure!(
					Self::loosens_or_within(
						*amount,
						ctx.ito.settings.min_validation,
						T::TokenUnit::get()
					),
					Error::<T>::WouldLockOut
				);
			}
			ProposalAction::SetPurchaseLimits { min, max } => {
				ensure!(!min.is_zero() && min <= max, Error::<T>::InvalidPurchaseLimits);
				let settings = &ctx.ito.settings;
				ensure!(
					Self::loosens_or_within(*min, settings.min_purchase, settings.price)
						&& (*max >= settings.max_purchase || *max >= settings.price),
					Error::<T>::WouldLockOut
				);
			}
			ProposalAction::SetQuorum(quorum) => {
				ensure!(Self::quorum_in_bounds(*quorum), Error::<T>::QuorumOutOfBounds)
			}
			ProposalAction::SetValidationQuorum(quorum) => {
				ensure!(*quorum <= T::MaxValidationQuorum::get(), Error::<T>::QuorumOutOfBounds)
			}
			ProposalAction::SetApprovalRequired(_) | ProposalAction::Signal { .. } => {}
		}

		let proposal = ctx.ito.next_proposal;
		ctx.ito.next_proposal = proposal.checked_add(1).ok_or(Error::<T>::NoMoreIds)?;
		let open = OpenProposal { id: proposal, ayes: Zero::zero(), nays: Zero::zero() };
		if let Some((least, mut record)) = displaced.map(|i| open_records.swap_remove(i)) {
			let Some(slot) = ctx.ito.proposals.iter().position(|p| p.id == least) else {
				return Err(Error::<T>::TooManyProposals.into());
			};
			let tally = ctx.ito.proposals.remove(slot);
			record.status = ProposalStatus::Displaced;
			record.ayes = tally.ayes;
			record.nays = tally.nays;
			record.value = ctx.ito.value;
			Proposals::<T>::insert(id, least, record);
			Self::deposit_event(Event::ProposalDisplaced {
				ito: id,
				proposal: least,
				by: proposal,
			});
		}
		ctx.ito.proposals.try_push(open).map_err(|_| Error::<T>::TooManyProposals)?;

		let deposit = T::ProposalDeposit::get();
		Self::hold(&proposer, HoldReason::ProposalDeposit, deposit)?;
		let block = ctx.ito.current;
		let record = ProposalInfo {
			proposer: proposer.clone(),
			block,
			action: action.clone(),
			proposer_value: value,
			ayes: Zero::zero(),
			nays: Zero::zero(),
			value: ctx.ito.value,
			status: ProposalStatus::Open,
			deposit,
			seed,
			generation,
		};
		Proposals::<T>::insert(id, proposal, record);
		let rolled = ctx.commit();
		Self::deposit_event(Event::Proposed { ito: id, proposal, proposer, block, value, action });
		Ok((proposal, rolled))
	}

	/// The proposer of an `AcceptAsset` gives the ITO account the asset's minimum balance,
	/// opening the account with its own deposit where it needs one (as `create_ito` does).
	fn pay_asset_seed(
		proposer: &T::AccountId,
		account: &T::AccountId,
		asset: AssetIdOf<T>,
		seed: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(
			T::Assets::reducible_balance(
				asset,
				proposer,
				Preservation::Expendable,
				Fortitude::Polite
			) >= seed,
			Error::<T>::CannotPaySeed
		);
		type Touch<T> = <T as Config>::Assets;
		if <Touch<T> as AccountTouch<AssetIdOf<T>, T::AccountId>>::should_touch(asset, account) {
			<Touch<T> as AccountTouch<AssetIdOf<T>, T::AccountId>>::touch(
				asset, account, proposer,
			)?;
		}
		if !seed.is_zero() {
			let before = T::Assets::balance(asset, account);
			T::Assets::transfer(asset, proposer, account, seed, Preservation::Expendable)?;
			// A transfer can report success and deliver nothing (see `add_to_pool`).
			ensure!(
				T::Assets::balance(asset, account) >= before.saturating_add(seed),
				Error::<T>::AssetTransferFailed
			);
		}
		Ok(())
	}

	/// See [`Pallet::vote`].
	pub(crate) fn do_vote(
		id: ItoId,
		who: T::AccountId,
		proposal: ProposalId,
		aye: bool,
	) -> Result<Rolled, DispatchError> {
		let mut ctx = ItoCtx::<T>::load(id)?;
		if !ctx.ito.proposals.iter().any(|p| p.id == proposal) {
			ensure!(Proposals::<T>::contains_key(id, proposal), Error::<T>::UnknownProposal);
			return Err(Error::<T>::ProposalNotOpen.into());
		}
		let value = ctx.value_of(&who);
		ensure!(!value.is_zero(), Error::<T>::NoValue);
		let current = ctx.ito.current;
		let mut voter = match Voters::<T>::get(id, &who) {
			Some(voter) if voter.block == current => voter,
			// A record of a closed block is reused, with its deposit.
			Some(voter) => {
				VoterInfo { block: current, weight: value, votes: BoundedVec::new(), ..voter }
			}
			None => {
				let deposit = T::VoterDeposit::get();
				Self::hold(&who, HoldReason::VoterDeposit, deposit)?;
				VoterInfo { block: current, weight: value, votes: BoundedVec::new(), deposit }
			}
		};
		if voter.weight != value {
			defensive!("a voter's weight is not its value");
		}
		let weight = voter.weight;
		// Votes on proposals no longer open (displaced) weigh nothing: they go.
		voter.votes.retain(|(p, _)| ctx.ito.proposals.iter().any(|open| open.id == *p));
		let previous = voter.votes.iter().position(|(p, _)| *p == proposal);
		let open = ctx
			.ito
			.proposals
			.iter_mut()
			.find(|p| p.id == proposal)
			.ok_or(Error::<T>::ProposalNotOpen)?;
		match previous.and_then(|i| voter.votes.get_mut(i)) {
			Some((_, side)) if *side == aye => return Err(Error::<T>::AlreadyVoted.into()),
			Some((_, side)) => {
				*side = aye;
				let (from, to) = if aye {
					(&mut open.nays, &mut open.ayes)
				} else {
					(&mut open.ayes, &mut open.nays)
				};
				*from = from.checked_sub(&weight).ok_or(Error::<T>::Overflow)?;
				*to = to.checked_add(&weight).ok_or(Error::<T>::Overflow)?;
			}
			None => {
				voter.votes.try_push((proposal, aye)).map_err(|_| Error::<T>::TooManyProposals)?;
				let side = if aye { &mut open.ayes } else { &mut open.nays };
				*side = side.checked_add(&weight).ok_or(Error::<T>::Overflow)?;
			}
		}
		Voters::<T>::insert(id, &who, voter);
		let rolled = ctx.commit();
		Self::deposit_event(Event::Voted { ito: id, proposal, who, aye, weight });
		Ok(rolled)
	}

	/// See [`Pallet::remove_proposal`].
	pub(crate) fn do_remove_proposal(
		id: ItoId,
		proposal_id: ProposalId,
	) -> Result<Rolled, DispatchError> {
		let ctx = ItoCtx::<T>::load(id)?;
		let proposal = ctx.proposal(proposal_id).ok_or(Error::<T>::UnknownProposal)?;
		ensure!(proposal.status != ProposalStatus::Open, Error::<T>::ProposalOpen);
		let account = ctx.ito.account.clone();
		// What a live pool of the asset accounts for in the ITO account (its seed, pool and
		// what it owes), which no returned seed may touch.
		let books = |asset| {
			ctx.pools
				.iter()
				.find(|p| p.asset == RewardAsset::Asset(asset) && !p.gone)
				.map(|p| p.seed.saturating_add(p.pool).saturating_add(p.owed))
		};
		let seed_back = match proposal.action {
			ProposalAction::AcceptAsset(asset) if proposal.status != ProposalStatus::Passed => {
				Some((asset, books(asset)))
			}
			_ => None,
		};
		let rolled = ctx.commit();
		Proposals::<T>::remove(id, proposal_id);
		Self::release(&proposal.proposer, HoldReason::ProposalDeposit, proposal.deposit);
		// The seed of an asset the ITO did not accept goes back, at most what the ITO account
		// holds of it beyond a live pool's books (an asset destroyed and created again under
		// its id, or burned by its admin, cannot make the return take what holders are owed),
		// and the deposit for the account it opened, unless a pool of the asset needs that
		// account. Best effort: an asset its admin froze or destroyed keeps them.
		if let Some((asset, books)) = seed_back {
			if !proposal.seed.is_zero() && Self::asset_exists(asset) {
				let held = T::Assets::balance(asset, &account);
				let spare = held.saturating_sub(books.unwrap_or_else(Zero::zero));
				let back = proposal.seed.min(spare);
				if !back.is_zero() {
					let _ = T::Assets::transfer(
						asset,
						&account,
						&proposal.proposer,
						back,
						Preservation::Expendable,
					);
				}
			}
			if books.is_none() && T::Assets::balance(asset, &account).is_zero() {
				let _ = <T::Assets as fungibles::Refund<T::AccountId>>::refund(asset, account);
			}
		}
		Self::deposit_event(Event::ProposalRemoved { ito: id, proposal: proposal_id });
		Ok(rolled)
	}

	/// See [`Pallet::remove_votes`].
	pub(crate) fn do_remove_votes(id: ItoId, who: T::AccountId) -> Result<Rolled, DispatchError> {
		let ctx = ItoCtx::<T>::load(id)?;
		let voter = Voters::<T>::get(id, &who).ok_or(Error::<T>::NoVotes)?;
		ensure!(voter.block < ctx.ito.current, Error::<T>::VotesOpen);
		Voters::<T>::remove(id, &who);
		Self::release(&who, HoldReason::VoterDeposit, voter.deposit);
		let rolled = ctx.commit();
		Self::deposit_event(Event::VotesRemoved { ito: id, who });
		Ok(rolled)
	}
}
