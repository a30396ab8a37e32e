//! Work blocks: the lazy O(1) roll and close, the reward-rate arithmetic and the
//! settlement of holders and producers against closed blocks.

use crate::*;
use alloc::vec::Vec;
use frame_support::{defensive, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, SaturatedConversion, Zero},
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

/// `weight * rate` (rate scaled by [`RATE_PRECISION`]), rounded down.
pub(crate) fn amount_at<B: TryInto<u128> + TryFrom<u128>>(weight: B, rate: u128) -> Option<B> {
	amount_at_rounded(weight, rate, Rounding::Down)
}

/// `weight * rate` (rate scaled by [`RATE_PRECISION`]), rounded as asked.
pub(crate) fn amount_at_rounded<B: TryInto<u128> + TryFrom<u128>>(
	weight: B,
	rate: u128,
	rounding: Rounding,
) -> Option<B> {
	mul_div(weight.try_into().ok()?, rate, RATE_PRECISION, rounding)?.try_into().ok()
}

/// One ITO loaded for a call (or a read): its record and pools rolled to the current chain
/// block, and the closed-block records the call touches. Nothing is written before
/// [`ItoCtx::commit`]; a read simply drops it.
pub(crate) struct ItoCtx<T: Config> {
	pub id: ItoId,
	pub ito: ItoInfoOf<T>,
	pub pools: RewardPoolsOf<T>,
	closed: Vec<(WorkBlockIndex, Option<ClosedBlockOf<T>>)>,
	write: bool,
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
		let mut ctx = Self { id, ito, pools, closed: Vec::new(), write };
		ctx.roll(now)?;
		Ok(ctx)
	}

	/// The index of the work block open at chain block `now`.
	pub fn index_at(ito: &ItoInfoOf<T>, now: BlockNumberFor<T>) -> WorkBlockIndex {
		let elapsed = now.saturating_sub(ito.start);
		let length = ito.settings.work_block_length.max(1u32.into());
		(elapsed / length).saturated_into::<WorkBlockIndex>()
	}

	/// The chain block at which work block `index` ends (the next one starts).
	pub fn end_of(ito: &ItoInfoOf<T>, index: WorkBlockIndex) -> BlockNumberFor<T> {
		let length = ito.settings.work_block_length;
		let blocks: BlockNumberFor<T> = index.saturating_add(1).into();
		ito.start.saturating_add(blocks.saturating_mul(length))
	}

	/// Close every work block that ended before `now`: the open one with its state, and a
	/// whole idle stretch after it as one empty block. At most two closes.
	fn roll(&mut self, now: BlockNumberFor<T>) -> DispatchResult {
		let target = Self::index_at(&self.ito, now);
		if self.ito.current >= target {
			return Ok(());
		}
		self.close()?;
		if self.ito.current < target {
			self.close()?;
			self.ito.current = self.ito.current.max(target);
		}
		Ok(())
	}

	/// Close the open work block: owe the producer pool by validation weight and each
	/// holder pool by eligible tokens, keep the rates for the accounts that need them, and
	/// open the next block.
	fn close(&mut self) -> DispatchResult {
		let index = self.ito.current;
		let approval = self.ito.settings.approval_required;

		let weight = self.ito.validation_weight;
		let mut producer_rate = 0u128;
		let mut to_producers = BalanceOf::<T>::zero();
		if !weight.is_zero() && !self.ito.producer_pool.is_zero() {
			if let Some(rate) = rate_of(self.ito.producer_pool, weight) {
				match amount_at(weight, rate) {
					Some(paid) if paid <= self.ito.producer_pool => {
						self.ito.producer_pool -= paid;
						self.ito.producer_owed = self
							.ito
							.producer_owed
							.checked_add(&paid)
							.ok_or(Error::<T>::Overflow)?;
						producer_rate = rate;
						to_producers = paid;
					}
					_ => {
						defensive!("producer distribution exceeds the pool");
					}
				}
			}
		}

		let eligible = self.ito.eligible;
		let base = if approval { self.ito.approved } else { eligible };
		let mut holder_rates = BoundedVec::new();
		for pool in self.pools.iter_mut() {
			let mut rate = 0u128;
			if !eligible.is_zero() && !base.is_zero() && !pool.pool.is_zero() {
				if let Some(r) = rate_of(pool.pool, eligible) {
					// With the accumulator, a holder settling over several closes earns
					// `floor(e * sum(r))`, which can exceed the sum of per-close floors by one
					// unit per close; booking `ceil(E * r)` covers every claim. It never exceeds
					// the pool, as `r` is rounded down. Per-block rates need no such margin.
					let (acc, booked) = if approval {
						(Some(pool.acc), amount_at(base, r))
					} else {
						(pool.acc.checked_add(r), amount_at_rounded(base, r, Rounding::Up))
					};
					match (booked, acc) {
						(Some(paid), Some(acc)) if paid <= pool.pool => {
							pool.pool -= paid;
							pool.owed = pool.owed.checked_add(&paid).ok_or(Error::<T>::Overflow)?;
							pool.acc = acc;
							rate = r;
							if self.write && !paid.is_zero() {
								Pallet::<T>::deposit_event(Event::HolderRewardsDistributed {
									ito: self.id,
									index,
									asset: pool.asset,
									amount: paid,
								});
							}
						}
						// The rate or accumulator would overflow: the pool rolls over.
						_ => {}
					}
				}
			}
			if holder_rates.try_push((pool.asset, pool.acc, rate)).is_err() {
				defensive!("holder rates are bounded like the pools");
			}
		}

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

		self.ito.eligible = eligible.checked_add(&self.ito.joining).ok_or(Error::<T>::Overflow)?;
		self.ito.joining = Zero::zero();
		self.ito.approved = Zero::zero();
		self.ito.validation_weight = Zero::zero();
		self.ito.work_items = 0;
		self.ito.pending_refs = 0;
		self.ito.current = index.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Ok(())
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

	/// Settle a holder against every block closed since it was last touched.
	pub fn settle_holder(&mut self, holder: &mut HolderInfoOf<T>) -> DispatchResult {
		let current = self.ito.current;
		if self.ito.settings.approval_required {
			if let Some(k) = holder.approved_block.filter(|k| *k < current) {
				let rates: Vec<(RewardAssetOf<T>, u128)> = match self.closed_block(k) {
					Some(record) => record.holder_rates.iter().map(|(a, _, r)| (*a, *r)).collect(),
					None => Vec::new(),
				};
				for (asset, rate) in rates {
					let earned = amount_at(holder.eligible, rate).ok_or(Error::<T>::Overflow)?;
					Self::add_owed(holder, asset, earned)?;
				}
				self.release_ref(k);
				holder.approved_block = None;
			}
			if holder.pending_block.is_some_and(|k| k < current) {
				Self::merge_pending(holder)?;
			}
			return Ok(());
		}

		let pools: Vec<(RewardAssetOf<T>, u128)> =
			self.pools.iter().map(|p| (p.asset, p.acc)).collect();
		for (asset, acc) in pools.iter() {
			let snapshot = Self::snapshot(holder, asset);
			let earned = amount_at(holder.eligible, acc.saturating_sub(snapshot))
				.ok_or(Error::<T>::Overflow)?;
			Self::add_owed(holder, *asset, earned)?;
			Self::set_snapshot(holder, *asset, *acc)?;
		}
		if let Some(k) = holder.pending_block.filter(|k| *k < current) {
			let after: Option<Vec<(RewardAssetOf<T>, u128)>> = self
				.closed_block(k)
				.map(|record| record.holder_rates.iter().map(|(a, acc, _)| (*a, *acc)).collect());
			for (asset, acc) in pools.iter() {
				let start = match &after {
					Some(after) => {
						after.iter().find(|(a, _)| a == asset).map(|(_, acc)| *acc).unwrap_or(0)
					}
					None => *acc,
				};
				let earned = amount_at(holder.pending, acc.saturating_sub(start))
					.ok_or(Error::<T>::Overflow)?;
				Self::add_owed(holder, *asset, earned)?;
			}
			self.release_ref(k);
			Self::merge_pending(holder)?;
		}
		Ok(())
	}

	/// Pending tokens of a closed block become eligible in the holder's record (the ITO
	/// counted them as eligible at that block's close).
	fn merge_pending(holder: &mut HolderInfoOf<T>) -> DispatchResult {
		holder.eligible =
			holder.eligible.checked_add(&holder.pending).ok_or(Error::<T>::Overflow)?;
		holder.pending = Zero::zero();
		holder.pending_block = None;
		Ok(())
	}

	/// Settle a producer's weight of a closed block into what it is owed.
	pub fn settle_producer(&mut self, producer: &mut ProducerInfoOf<T>) -> DispatchResult {
		if producer.weight.is_zero() || producer.block >= self.ito.current {
			return Ok(());
		}
		let rate = match self.closed_block(producer.block) {
			Some(record) => record.producer_rate,
			None => {
				defensive!("a producer's closed block is missing");
				0
			}
		};
		let earned = amount_at(producer.weight, rate).ok_or(Error::<T>::Overflow)?;
		producer.owed = producer.owed.checked_add(&earned).ok_or(Error::<T>::Overflow)?;
		self.release_ref(producer.block);
		producer.weight = Zero::zero();
		Ok(())
	}

	/// Take `amount` of a holder's tokens (pending first, then eligible), keeping the open
	/// block's sums in step.
	pub fn spend_tokens(
		&mut self,
		holder: &mut HolderInfoOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let total = holder.eligible.checked_add(&holder.pending).ok_or(Error::<T>::Overflow)?;
		ensure!(total >= amount, Error::<T>::InsufficientTokens);
		let from_pending = amount.min(holder.pending);
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
		Ok(())
	}

	fn snapshot(holder: &HolderInfoOf<T>, asset: &RewardAssetOf<T>) -> u128 {
		holder.snapshots.iter().find(|(a, _)| a == asset).map(|(_, s)| *s).unwrap_or(0)
	}

	fn set_snapshot(
		holder: &mut HolderInfoOf<T>,
		asset: RewardAssetOf<T>,
		acc: u128,
	) -> DispatchResult {
		match holder.snapshots.iter_mut().find(|(a, _)| *a == asset) {
			Some(entry) => entry.1 = acc,
			None if acc == 0 => {}
			None => holder
				.snapshots
				.try_push((asset, acc))
				.map_err(|_| Error::<T>::TooManyRewardAssets)?,
		}
		Ok(())
	}

	fn add_owed(
		holder: &mut HolderInfoOf<T>,
		asset: RewardAssetOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		match holder.owed.iter_mut().find(|(a, _)| *a == asset) {
			Some(entry) => entry.1 = entry.1.checked_add(&amount).ok_or(Error::<T>::Overflow)?,
			None => holder
				.owed
				.try_push((asset, amount))
				.map_err(|_| Error::<T>::TooManyRewardAssets)?,
		}
		Ok(())
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

	/// Write the rolled ITO, its pools and the touched closed-block records.
	pub fn commit(self) {
		if !self.write {
			defensive!("a read-only ITO context was committed");
			return;
		}
		for (index, record) in self.closed {
			match record {
				Some(record) if record.refs > 0 => {
					ClosedBlocks::<T>::insert(self.id, index, record)
				}
				_ => ClosedBlocks::<T>::remove(self.id, index),
			}
		}
		Itos::<T>::insert(self.id, self.ito);
		RewardPools::<T>::insert(self.id, self.pools);
	}
}

impl<T: Config> Pallet<T> {
	/// Check the invariants of every ITO (see the module docs). Iterates all of an ITO's
	/// records: for `try_state` and tests, never for a call.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		crate::invariants::check::<T>()
	}
}
