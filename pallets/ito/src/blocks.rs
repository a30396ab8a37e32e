//! Work blocks: the lazy O(1) roll and close, the reward-rate arithmetic and the
//! settlement of holders and producers against closed blocks.

use crate::*;
use alloc::vec::Vec;
use frame_support::{defensive, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding;
use sp_core::U256;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, One, SaturatedConversion, Saturating, Zero},
	Rounding,
};

/// `a * b / c` in the balance type (with a 256-bit intermediate), rounded as asked; `None`
/// if `c` is zero or the result does not fit.
pub(crate) fn mul_div<B: TryInto<u128> + TryFrom<u128>>(
	a: B,
	b: B,
	c: B,
	rounding: Rounding,
) -> Option<B> {
	let (a, b, c): (u128, u128, u128) =
		(a.try_into().ok()?, b.try_into().ok()?, c.try_into().ok()?);
	if c == 0 {
		return None;
	}
	multiply_by_rational_with_rounding(a, b, c, rounding)?.try_into().ok()
}

/// `pool / weight` as a rate scaled by [`RATE_PRECISION`], rounded down; `None` if it does
/// not fit.
pub(crate) fn rate_of<B: TryInto<u128>>(pool: B, weight: B) -> Option<u128> {
	mul_div(pool.try_into().ok()?, RATE_PRECISION, weight.try_into().ok()?, Rounding::Down)
}

/// `weight * rate` (rate scaled by [`RATE_PRECISION`]) as whole units rounded down and the
/// remainder in units of `1 / RATE_PRECISION`; `None` if the units do not fit.
pub(crate) fn split_at<B: TryInto<u128> + TryFrom<u128>>(
	weight: B,
	rate: u128,
) -> Option<(B, u128)> {
	split_carrying(weight, rate, 0)
}

/// `weight * rate + carried` (`carried` in units of `1 / RATE_PRECISION`) as whole units
/// rounded down and the remainder in units of `1 / RATE_PRECISION`; `None` if the units do
/// not fit.
pub(crate) fn split_carrying<B: TryInto<u128> + TryFrom<u128>>(
	weight: B,
	rate: u128,
	carried: u128,
) -> Option<(B, u128)> {
	let weight: u128 = weight.try_into().ok()?;
	let scaled = (U256::from(weight) * U256::from(rate)).checked_add(U256::from(carried))?;
	let (quotient, remainder) = scaled.div_mod(U256::from(RATE_PRECISION));
	let quotient: u128 = quotient.try_into().ok()?;
	Some((quotient.try_into().ok()?, remainder.low_u128()))
}

/// `weight * rate` rounded up, and what rounding up added, in units of `1 / RATE_PRECISION`
/// (below `RATE_PRECISION`); `None` if it does not fit.
pub(crate) fn ceil_at<B: TryInto<u128> + TryFrom<u128> + CheckedAdd + One>(
	weight: B,
	rate: u128,
) -> Option<(B, u128)> {
	let (floor, remainder) = split_at(weight, rate)?;
	if remainder == 0 {
		Some((floor, 0))
	} else {
		Some((floor.checked_add(&One::one())?, RATE_PRECISION - remainder))
	}
}

/// Rounding remainders owed to nobody (`dust`, in units of `1 / RATE_PRECISION`) go back from
/// `owed` to the open `pool` once they add up to whole units.
pub(crate) fn reclaim_dust<B: TryInto<u128> + TryFrom<u128> + Copy + CheckedAdd + CheckedSub>(
	owed: &mut B,
	pool: &mut B,
	dust: &mut u128,
) {
	let whole = *dust / RATE_PRECISION;
	if whole == 0 {
		return;
	}
	let Ok(units) = B::try_from(whole) else { return };
	match (owed.checked_sub(&units), pool.checked_add(&units)) {
		(Some(o), Some(p)) => {
			*owed = o;
			*pool = p;
			*dust %= RATE_PRECISION;
		}
		// Cannot happen while the books hold (the dust is part of `owed`); keep the dust.
		_ => {
			defensive!("rounding dust exceeds what is owed");
		}
	}
}

/// Book `ceil(base * rate)` of `pool` as `owed`, with what rounding up added as `dust` (which
/// goes back to the pool by [`reclaim_dust`]). Returns the amount booked; `None`, and
/// nothing changes, if it would exceed the pool or overflow the books.
pub(crate) fn book<B: TryInto<u128> + TryFrom<u128> + Copy + CheckedAdd + CheckedSub + One>(
	pool: &mut B,
	owed: &mut B,
	dust: &mut u128,
	base: B,
	rate: u128,
) -> Option<B> {
	let (paid, slack) = ceil_at(base, rate)?;
	let (new_pool, new_owed) = (pool.checked_sub(&paid)?, owed.checked_add(&paid)?);
	let new_dust = dust.checked_add(slack)?;
	(*pool, *owed, *dust) = (new_pool, new_owed, new_dust);
	reclaim_dust(owed, pool, dust);
	Some(paid)
}

/// One ITO loaded for a call (or a read): its record and pools rolled to the current chain
/// block, and the closed-block records the call touches. Nothing is written before
/// [`ItoCtx::commit`]; a read simply drops it.
pub(crate) struct ItoCtx<T: Config> {
	pub id: ItoId,
	pub ito: ItoInfoOf<T>,
	pub pools: RewardPoolsOf<T>,
	closed: Vec<(WorkBlockIndex, Option<ClosedBlockOf<T>>)>,
	/// Summaries of the blocks this context closed, for [`History`].
	pub history: Vec<WorkBlockSummaryOf<T>>,
	/// Proposals this context decided, for [`Proposals`].
	pub decided: Vec<(ProposalId, ProposalInfoOf<T>)>,
	/// Assets whose pools this context opened: their destructions are counted from now on.
	pub new_assets: Vec<AssetIdOf<T>>,
	/// Whether this context is for a call (events, writes) or a read.
	pub write: bool,
}

impl<T: Config> ItoCtx<T> {
	/// Load ITO `id` and roll it to the current chain block, for a call.
	pub fn load(id: ItoId) -> Result<Self, DispatchError> {
		Self::load_at(id, frame_system::Pallet::<T>::block_number(), true)
	}

	/// Load ITO `id` rolled to the current chain block, for a read: no events, no writes.
	pub fn view(id: ItoId) -> Option<Self> {
		Self::load_at(id, frame_system::Pallet::<T>::block_number(), false).ok()
	}

	fn load_at(id: ItoId, now: BlockNumberFor<T>, write: bool) -> Result<Self, DispatchError> {
		let ito = Itos::<T>::get(id).ok_or(Error::<T>::UnknownIto)?;
		let pools = RewardPools::<T>::get(id);
		let mut ctx = Self {
			id,
			ito,
			pools,
			closed: Vec::new(),
			history: Vec::new(),
			decided: Vec::new(),
			new_assets: Vec::new(),
			write,
		};
		ctx.roll(now);
		Ok(ctx)
	}

	/// The index of the work block open at chain block `now`.
	pub fn index_at(ito: &ItoInfoOf<T>, now: BlockNumberFor<T>) -> WorkBlockIndex {
		let elapsed = now.saturating_sub(ito.start);
		let length = ito.settings.work_block_length.max(1u32.into());
		(elapsed / length).saturated_into::<WorkBlockIndex>()
	}

	/// The first chain block of work block `index`.
	pub fn start_of(ito: &ItoInfoOf<T>, index: WorkBlockIndex) -> BlockNumberFor<T> {
		match index.checked_sub(1) {
			Some(previous) => Self::end_of(ito, previous),
			None => ito.start,
		}
	}

	/// The chain block at which work block `index` ends (the next one starts).
	pub fn end_of(ito: &ItoInfoOf<T>, index: WorkBlockIndex) -> BlockNumberFor<T> {
		let length = ito.settings.work_block_length;
		let blocks: BlockNumberFor<T> = index.saturating_add(1).into();
		ito.start.saturating_add(blocks.saturating_mul(length))
	}

	/// Close every work block that ended before `now`: the open one with its state, and a
	/// whole idle stretch after it as one empty block. At most two closes. Never fails.
	fn roll(&mut self, now: BlockNumberFor<T>) {
		let target = Self::index_at(&self.ito, now);
		if self.ito.current >= target {
			return;
		}
		self.close();
		if self.ito.current < target {
			let idle = self.ito.current;
			self.close();
			self.ito.current = self.ito.current.max(target);
			// The idle stretch closed as one block: its summary covers all of it.
			let end = Self::end_of(&self.ito, target.saturating_sub(1));
			if let Some(summary) = self.history.last_mut().filter(|s| s.index == idle) {
				summary.span = target.saturating_sub(idle);
				summary.last_block = end.saturating_sub(One::one());
			}
		}
	}

	/// Close the open work block: owe the producer pool by validation weight (if the
	/// validation reached the validation quorum) and each holder pool by eligible tokens,
	/// keep the rates for the accounts that need them, decide and enact the block's
	/// proposals, and open the next block.
	///
	/// A close never fails: a pool whose arithmetic would overflow (which only an asset's
	/// admin can bring about, by adding and taking back its asset) is not distributed and
	/// rolls over; everything else closes as usual.
	fn close(&mut self) {
		let index = self.ito.current;
		let approval = self.ito.settings.approval_required;

		let weight = self.ito.validation_weight;
		let mut producer_rate = 0u128;
		let mut to_producers = BalanceOf::<T>::zero();
		// Below the validation quorum the block's validation decides only its share of the
		// producer pool (weight / quorum of the value); the rest rolls over. Honest
		// validation always pays pro rata: nobody can make it worthless by buying in.
		let needed = self.ito.validation_quorum.mul_ceil(self.ito.value);
		let pool = self.ito.producer_pool;
		let payable = if weight >= needed {
			Some(pool)
		} else {
			mul_div(pool, weight, needed, Rounding::Down)
		};
		if let Some(payable) = payable.filter(|p| !p.is_zero() && !weight.is_zero()) {
			let ito = &mut self.ito;
			let booked = rate_of(payable, weight).and_then(|rate| {
				let paid = book(
					&mut ito.producer_pool,
					&mut ito.producer_owed,
					&mut ito.producer_dust,
					weight,
					rate,
				)?;
				Some((rate, paid))
			});
			if let Some((rate, paid)) = booked {
				producer_rate = rate;
				to_producers = paid;
			}
		}

		let eligible = self.ito.eligible;
		let base = if approval { self.ito.approved } else { eligible };
		let mut holder_rates = BoundedVec::new();
		let mut asset_summaries = BoundedVec::new();
		for pool in self.pools.iter_mut() {
			let mut rate = 0u128;
			let mut to_holders = BalanceOf::<T>::zero();
			if !eligible.is_zero() && !base.is_zero() && !pool.pool.is_zero() {
				// Book `ceil(base * r)`: with the accumulator, a holder settling over several
				// closes earns `floor(e * sum(r))`, which can exceed the sum of per-close floors;
				// the rounding is tracked as dust and returns to the pool (see
				// `reclaim_dust`). `r` is rounded down, so the booking never exceeds the pool.
				// The accumulator wraps (as Uniswap v3's fee-growth counters do): holders read
				// it as the difference from their snapshot, which is exact as long as the
				// rates between two settlements of one holder add up to less than 2^128.
				let booked = rate_of(pool.pool, eligible).and_then(|r| {
					let acc = if approval { pool.acc } else { pool.acc.wrapping_add(r) };
					let paid = book(&mut pool.pool, &mut pool.owed, &mut pool.dust, base, r)?;
					Some((r, acc, paid))
				});
				// Otherwise the rate, accumulator or books would overflow: the pool rolls over.
				if let Some((r, acc, paid)) = booked {
					pool.acc = acc;
					rate = r;
					to_holders = paid;
					if self.write && !paid.is_zero() {
						Pallet::<T>::deposit_event(Event::HolderRewardsDistributed {
							ito: self.id,
							index,
							asset: pool.asset,
							amount: paid,
						});
					}
				}
			}
			if holder_rates.try_push((pool.asset, pool.acc, rate)).is_err() {
				defensive!("holder rates are bounded like the pools");
			}
			let summary =
				AssetSummary { asset: pool.asset, to_holders, rolled_over: pool.pool, rate };
			if asset_summaries.try_push(summary).is_err() {
				defensive!("asset summaries are bounded like the pools");
			}
		}
		self.history.push(WorkBlockSummary {
			index,
			span: 1,
			first_block: Self::start_of(&self.ito, index),
			last_block: Self::end_of(&self.ito, index).saturating_sub(One::one()),
			to_producers,
			producer_rolled_over: self.ito.producer_pool,
			validation_weight: weight,
			eligible,
			earning: base,
			assets: asset_summaries,
		});

		if self.ito.pending_refs > 0 {
			let record = ClosedBlock { producer_rate, holder_rates, refs: self.ito.pending_refs };
			self.closed.push((index, Some(record)));
		}
		if self.write {
			Pallet::<T>::deposit_event(Event::WorkBlockClosed {
				ito: self.id,
				index,
				to_producers,
				validation_weight: weight,
				eligible,
			});
		}

		// The block's proposals, with the settings it had; what passes applies from the next.
		self.decide_proposals();

		// Eligible and joining tokens are both part of the minted supply: this cannot overflow.
		self.ito.eligible = eligible.checked_add(&self.ito.joining).unwrap_or_else(|| {
			defensive!("eligible tokens exceed the balance type");
			eligible.saturating_add(self.ito.joining)
		});
		self.ito.value = self.ito.eligible;
		self.ito.joining = Zero::zero();
		self.ito.approved = Zero::zero();
		self.ito.validation_weight = Zero::zero();
		self.ito.work_items = 0;
		self.ito.pending_refs = 0;
		self.ito.current = index.saturating_add(1);
	}

	/// The closing record of block `index`, from this context or storage.
	fn closed_block(&mut self, index: WorkBlockIndex) -> Option<&mut ClosedBlockOf<T>> {
		let pos = match self.closed.iter().position(|(i, _)| *i == index) {
			Some(pos) => pos,
			None => {
				self.closed.push((index, ClosedBlocks::<T>::get(self.id, index)));
				self.closed.len() - 1
			}
		};
		self.closed.get_mut(pos).and_then(|(_, record)| record.as_mut())
	}

	/// An account has settled against block `index`: drop its reference.
	fn release_ref(&mut self, index: WorkBlockIndex) {
		match self.closed_block(index) {
			Some(record) => record.refs = record.refs.saturating_sub(1),
			None => {
				defensive!("a referenced closed block is missing");
			}
		}
	}

	/// Take a reference on the open block's closing record for one more account.
	pub fn add_ref(&mut self) -> DispatchResult {
		self.ito.pending_refs = self.ito.pending_refs.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Ok(())
	}

	/// Settle a holder against every block closed since it was last touched. Never fails:
	/// what a holder earns is part of what the closes booked, so it always fits.
	///
	/// Three parts, each over closes the others do not cover, so that an ITO whose
	/// `approval_required` a proposal changed settles right across the change:
	/// - the approval-mode close of the block the holder validated in (its rates, kept in
	///   the closed-block record; approval-mode closes do not move the accumulators);
	/// - every other close since the holder's snapshot, by the accumulators;
	/// - the pending tokens of a closed block, by the accumulators since that block's close.
	pub fn settle_holder(&mut self, holder: &mut HolderInfoOf<T>) {
		let current = self.ito.current;
		if let Some(k) = holder.approved_block.filter(|k| *k < current) {
			let rates: Vec<(RewardAssetOf<T>, u128)> = match self.closed_block(k) {
				Some(record) => record.holder_rates.iter().map(|(a, _, r)| (*a, *r)).collect(),
				None => Vec::new(),
			};
			let eligible = holder.eligible;
			for (asset, rate) in rates {
				self.earn(holder, asset, eligible, rate);
			}
			self.release_ref(k);
			holder.approved_block = None;
		}

		let pools: Vec<(RewardAssetOf<T>, u128)> =
			self.pools.iter().map(|p| (p.asset, p.acc)).collect();
		let eligible = holder.eligible;
		for (asset, acc) in pools.iter() {
			let snapshot = Self::snapshot(holder, asset);
			self.earn(holder, *asset, eligible, acc.wrapping_sub(snapshot));
			Self::set_snapshot(holder, *asset, *acc);
		}
		if let Some(k) = holder.pending_block.filter(|k| *k < current) {
			let after: Option<Vec<(RewardAssetOf<T>, u128)>> = self
				.closed_block(k)
				.map(|record| record.holder_rates.iter().map(|(a, acc, _)| (*a, *acc)).collect());
			for (asset, acc) in pools.iter() {
				// A pool opened after that close started at zero.
				let start = match &after {
					Some(after) => {
						after.iter().find(|(a, _)| a == asset).map(|(_, acc)| *acc).unwrap_or(0)
					}
					None => *acc,
				};
				let pending = holder.pending;
				self.earn(holder, *asset, pending, acc.wrapping_sub(start));
			}
			self.release_ref(k);
			Self::merge_pending(holder);
		}
	}

	/// Credit a holder with `tokens * rate` of `asset` and its carried remainder, in whole
	/// units; what is left below one unit stays the holder's remainder, so that however
	/// often anyone settles it, the holder loses nothing to rounding. A pool written off
	/// (its asset gone) credits nothing.
	fn earn(
		&mut self,
		holder: &mut HolderInfoOf<T>,
		asset: RewardAssetOf<T>,
		tokens: BalanceOf<T>,
		rate: u128,
	) {
		if tokens.is_zero() || rate == 0 {
			return;
		}
		if self.pools.iter().any(|p| p.asset == asset && p.gone) {
			return;
		}
		let carried = Self::remainder(holder, &asset);
		let Some((earned, remainder)) = split_carrying(tokens, rate, carried) else {
			defensive!("a holder earned more than the balance type holds");
			return;
		};
		Self::add_owed(holder, asset, earned);
		Self::set_remainder(holder, asset, remainder);
	}

	/// A holder record goes: its remainders below one unit are owed to nobody now, and go
	/// back to their pools as dust (whole units of dust return to the pool at once).
	pub fn drop_remainders(&mut self, holder: &mut HolderInfoOf<T>) {
		for (asset, remainder) in core::mem::take(&mut holder.remainders) {
			self.remainder_to_dust(asset, remainder);
		}
	}

	/// A remainder below one unit that no holder keeps any more is the pool's rounding
	/// dust (a written-off pool owes nothing: it is dropped).
	fn remainder_to_dust(&mut self, asset: RewardAssetOf<T>, remainder: u128) {
		if let Some(pool) = self.pools.iter_mut().find(|p| p.asset == asset && !p.gone) {
			pool.dust = pool.dust.saturating_add(remainder);
			reclaim_dust(&mut pool.owed, &mut pool.pool, &mut pool.dust);
		}
	}

	/// The asset of `pool` was found gone: write the whole pool off, once. What was in the
	/// pool and what its holders were owed can never be paid; the pool takes and pays
	/// nothing again, so a new asset created under the same id is never confused with it.
	pub fn write_off_pool(&mut self, asset: RewardAssetOf<T>) {
		let id = self.id;
		let Some(pool) = self.pools.iter_mut().find(|p| p.asset == asset && !p.gone) else {
			return;
		};
		let (unpaid, owed) = (pool.pool, pool.owed);
		pool.pool = Zero::zero();
		pool.owed = Zero::zero();
		pool.dust = 0;
		pool.gone = true;
		if self.write {
			Pallet::<T>::deposit_event(Event::RewardPoolWrittenOff {
				ito: id,
				asset,
				unpaid,
				owed,
			});
		}
	}

	/// A holder gives up its remainder of `asset` below one unit: it is the pool's rounding
	/// dust now.
	pub fn drop_remainder(&mut self, holder: &mut HolderInfoOf<T>, asset: RewardAssetOf<T>) {
		let remainder = Self::remainder(holder, &asset);
		Self::set_remainder(holder, asset, 0);
		self.remainder_to_dust(asset, remainder);
	}

	fn remainder(holder: &HolderInfoOf<T>, asset: &RewardAssetOf<T>) -> u128 {
		holder.remainders.iter().find(|(a, _)| a == asset).map(|(_, r)| *r).unwrap_or(0)
	}

	fn set_remainder(holder: &mut HolderInfoOf<T>, asset: RewardAssetOf<T>, remainder: u128) {
		match holder.remainders.iter().position(|(a, _)| *a == asset) {
			Some(i) if remainder == 0 => {
				holder.remainders.remove(i);
			}
			Some(i) => {
				if let Some(entry) = holder.remainders.get_mut(i) {
					entry.1 = remainder;
				}
			}
			None if remainder == 0 => {}
			None => {
				if holder.remainders.try_push((asset, remainder)).is_err() {
					defensive!("remainders are bounded like the pools");
				}
			}
		}
	}

	/// Pending tokens of a closed block become eligible in the holder's record (the ITO
	/// counted them as eligible at that block's close).
	fn merge_pending(holder: &mut HolderInfoOf<T>) {
		// Both are part of the holder's asset balance: this cannot overflow.
		holder.eligible = holder.eligible.saturating_add(holder.pending);
		holder.pending = Zero::zero();
		holder.pending_block = None;
	}

	/// Settle a producer's weight of a closed block into what it is owed. Never fails.
	pub fn settle_producer(&mut self, producer: &mut ProducerInfoOf<T>) {
		if producer.weight.is_zero() || producer.block >= self.ito.current {
			return;
		}
		let rate = match self.closed_block(producer.block) {
			Some(record) => record.producer_rate,
			None => {
				defensive!("a producer's closed block is missing");
				0
			}
		};
		match split_at(producer.weight, rate) {
			Some((earned, remainder)) => {
				producer.owed = producer.owed.saturating_add(earned);
				self.ito.producer_dust = self.ito.producer_dust.saturating_add(remainder);
				reclaim_dust(
					&mut self.ito.producer_owed,
					&mut self.ito.producer_pool,
					&mut self.ito.producer_dust,
				);
			}
			None => {
				defensive!("a producer earned more than the balance type holds");
			}
		}
		self.release_ref(producer.block);
		producer.weight = Zero::zero();
	}

	/// Take `amount` of a holder's tokens (pending first, then eligible; only eligible ones
	/// if `eligible_only`), keeping the open block's sums in step. Call after settling the
	/// holder, so that pending tokens of closed blocks are merged. Returns the eligible
	/// tokens taken: the holder's economic value in the open block fell by as much.
	pub fn spend_tokens(
		&mut self,
		holder: &mut HolderInfoOf<T>,
		amount: BalanceOf<T>,
		eligible_only: bool,
	) -> Result<BalanceOf<T>, DispatchError> {
		let total = holder.eligible.checked_add(&holder.pending).ok_or(Error::<T>::Overflow)?;
		ensure!(total >= amount, Error::<T>::InsufficientTokens);
		ensure!(!eligible_only || holder.eligible >= amount, Error::<T>::TokensNotEligible);
		let from_pending = if eligible_only { Zero::zero() } else { amount.min(holder.pending) };
		let from_eligible = amount - from_pending;
		if !from_pending.is_zero() {
			// Pending tokens of the open block are counted in `joining`; older ones were
			// added to `eligible` at their block's close but not yet merged in the record.
			if holder.pending_block == Some(self.ito.current) {
				self.ito.joining =
					self.ito.joining.checked_sub(&from_pending).ok_or(Error::<T>::Overflow)?;
			} else {
				self.ito.eligible =
					self.ito.eligible.checked_sub(&from_pending).ok_or(Error::<T>::Overflow)?;
			}
			holder.pending -= from_pending;
		}
		if !from_eligible.is_zero() {
			self.ito.eligible =
				self.ito.eligible.checked_sub(&from_eligible).ok_or(Error::<T>::Overflow)?;
			if holder.approved_block == Some(self.ito.current) {
				self.ito.approved =
					self.ito.approved.checked_sub(&from_eligible).ok_or(Error::<T>::Overflow)?;
			}
			holder.eligible -= from_eligible;
		}
		Ok(from_eligible)
	}

	fn snapshot(holder: &HolderInfoOf<T>, asset: &RewardAssetOf<T>) -> u128 {
		holder.snapshots.iter().find(|(a, _)| a == asset).map(|(_, s)| *s).unwrap_or(0)
	}

	fn set_snapshot(holder: &mut HolderInfoOf<T>, asset: RewardAssetOf<T>, acc: u128) {
		match holder.snapshots.iter_mut().find(|(a, _)| *a == asset) {
			Some(entry) => entry.1 = acc,
			None if acc == 0 => {}
			None => {
				if holder.snapshots.try_push((asset, acc)).is_err() {
					defensive!("snapshots are bounded like the pools");
				}
			}
		}
	}

	fn add_owed(holder: &mut HolderInfoOf<T>, asset: RewardAssetOf<T>, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		match holder.owed.iter_mut().find(|(a, _)| *a == asset) {
			Some(entry) => entry.1 = entry.1.saturating_add(amount),
			None => {
				if holder.owed.try_push((asset, amount)).is_err() {
					defensive!("owed entries are bounded like the pools");
				}
			}
		}
	}

	/// A fresh snapshot set for a new holder: it earns nothing from past closes.
	pub fn fresh_snapshots(&self) -> BoundedVec<(RewardAssetOf<T>, u128), T::MaxRewardAssets> {
		let mut snapshots = BoundedVec::new();
		for pool in self.pools.iter().filter(|p| p.acc > 0) {
			if snapshots.try_push((pool.asset, pool.acc)).is_err() {
				defensive!("snapshots are bounded like the pools");
			}
		}
		snapshots
	}

	/// Write the rolled ITO, its pools and the touched closed-block records. Returns
	/// whether the roll closed work blocks: the call then used [`WeightInfo::roll`] on top
	/// of its own weight.
	pub fn commit(self) -> Rolled {
		let rolled = Rolled(!self.history.is_empty());
		if !self.write {
			defensive!("a read-only ITO context was committed");
			return rolled;
		}
		for (index, record) in self.closed {
			match record {
				Some(record) if record.refs > 0 => {
					ClosedBlocks::<T>::insert(self.id, index, record)
				}
				_ => ClosedBlocks::<T>::remove(self.id, index),
			}
		}
		let length = T::HistoryLength::get().max(1);
		for summary in self.history {
			History::<T>::insert(self.id, summary.index % length, summary);
		}
		for (id, proposal) in self.decided {
			Proposals::<T>::insert(self.id, id, proposal);
		}
		// From now on the new pools' assets' destructions are counted (the ITO deposit pays
		// for an entry per reward slot).
		for asset in self.new_assets {
			if !AssetGeneration::<T>::contains_key(asset) {
				AssetGeneration::<T>::insert(asset, 0);
			}
		}
		Itos::<T>::insert(self.id, self.ito);
		RewardPools::<T>::insert(self.id, self.pools);
		rolled
	}
}

/// Whether a call's roll closed work blocks (see [`ItoCtx::commit`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Rolled(pub bool);

impl<T: Config> Pallet<T> {
	/// The weight of a roll: [`WeightInfo::roll`], measured with every open proposal a
	/// passing `Signal`, plus what enacting an `AcceptAsset` instead adds per proposal (it
	/// reads the asset, its generation and the ITO account's balance of it, and writes the
	/// generation entry).
	pub fn roll_weight() -> Weight {
		let open = u64::from(T::MaxOpenProposals::get());
		T::WeightInfo::roll().saturating_add(T::DbWeight::get().reads_writes(3 * open, open))
	}

	/// The post-dispatch info of a call that weighs `call` without a roll: the roll's
	/// weight is refunded unless the call closed work blocks. A roll happens at most once
	/// per work block of an ITO, so only the first call after a boundary pays for it.
	pub(crate) fn used(call: Weight, rolled: Rolled) -> DispatchResultWithPostInfo {
		let weight = if rolled.0 { call.saturating_add(Pallet::<T>::roll_weight()) } else { call };
		Ok(Some(weight).into())
	}
}

impl<T: Config> Pallet<T> {
	/// Check the invariants of every ITO (see the module docs). Iterates all of an ITO's
	/// records: for `try_state` and tests, never for a call.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		crate::invariants::check::<T>()
	}
}
