//! `add_reward` and `claim`.

use crate::{
	blocks::{ItoCtx, Rolled},
	*,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::Mutate as _,
		fungibles::{Inspect as _, Mutate as _},
		tokens::{Preservation, Provenance},
	},
};
use sp_runtime::traits::{CheckedAdd, CheckedSub, Zero};

impl<T: Config> Pallet<T> {
	/// See [`Pallet::add_reward`].
	pub(crate) fn do_add_reward(
		id: ItoId,
		who: T::AccountId,
		asset: RewardAssetOf<T>,
		amount: BalanceOf<T>,
	) -> Result<Rolled, DispatchError> {
		let mut ctx = ItoCtx::<T>::load(id)?;
		Self::add_to_pool(&mut ctx, &who, asset, amount)?;
		Ok(ctx.commit())
	}

	/// Move `amount` of `asset` from `who` into the open block's holder pool.
	pub(crate) fn add_to_pool(
		ctx: &mut ItoCtx<T>,
		who: &T::AccountId,
		asset: RewardAssetOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let account = ctx.ito.account.clone();
		// The same answer as `create_ito` for an asset that does not exist, accepted or not.
		if let RewardAsset::Asset(id) = asset {
			ensure!(Self::asset_exists(id), Error::<T>::UnknownAsset);
		}
		let pool =
			ctx.pools.iter_mut().find(|p| p.asset == asset).ok_or(Error::<T>::AssetNotAccepted)?;
		// An asset found gone, or a new asset under the id of one that went: never confused
		// with the asset the ITO accepted (the pool is written off by the next claim).
		ensure!(!pool.gone && Self::pool_asset_alive(pool), Error::<T>::UnknownAsset);
		// A `StopAsset` proposal stopped it.
		ensure!(pool.accepting, Error::<T>::AssetNotAccepted);
		let amount = match asset {
			RewardAsset::Native => {
				T::Currency::transfer(who, &account, amount, Preservation::Preserve)?;
				amount
			}
			RewardAsset::Asset(asset_id) => {
				// Credit what arrived: pallet-assets' `transfer` reports success even when the
				// credit fails (an asset whose supply is near `u128::MAX`) and the amount is
				// burned; the books must never count what the ITO account does not hold.
				let before = T::Assets::balance(asset_id, &account);
				T::Assets::transfer(asset_id, who, &account, amount, Preservation::Expendable)?;
				let received = T::Assets::balance(asset_id, &account).saturating_sub(before);
				ensure!(!received.is_zero(), Error::<T>::AssetTransferFailed);
				received
			}
		};
		pool.pool = pool.pool.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::deposit_event(Event::RewardAdded { ito: ctx.id, who: who.clone(), asset, amount });
		Ok(())
	}

	/// See [`Pallet::claim`].
	pub(crate) fn do_claim(id: ItoId, who: T::AccountId) -> Result<Rolled, DispatchError> {
		let mut ctx = ItoCtx::<T>::load(id)?;
		let account = ctx.ito.account.clone();
		// Whether the claim settled anything, and whether it paid, wrote off or removed
		// anything (a claim that only settled says so with `Settled`).
		let mut changed = false;
		let mut acted = false;

		if let Some(mut holder) = Holders::<T>::get(id, &who) {
			let before = holder.encode();
			ctx.settle_holder(&mut holder);
			changed |= holder.encode() != before;
			let mut still_owed = BoundedVec::new();
			let owed: Vec<_> = holder.owed.iter().cloned().collect();
			for (asset, amount) in owed {
				match Self::pay(&mut ctx, false, &account, &who, asset, amount) {
					Payout::Paid | Payout::WrittenOff => acted = true,
					Payout::Deferred => {
						if still_owed.try_push((asset, amount)).is_err() {
							frame_support::defensive!("owed entries are bounded like the pools");
						}
					}
				}
			}
			holder.owed = still_owed;
			acted |= Self::keep_or_remove_holder(&mut ctx, &who, holder);
		}

		if let Some(mut producer) = Producers::<T>::get(id, &who) {
			let before = producer.encode();
			ctx.settle_producer(&mut producer);
			changed |= producer.encode() != before;
			let owed = producer.owed;
			if !owed.is_zero()
				&& Self::pay(&mut ctx, true, &account, &who, RewardAsset::Native, owed)
					== Payout::Paid
			{
				producer.owed = Zero::zero();
				acted = true;
			}
			// A producer with an item in the open block keeps its record: a validation of
			// that item needs it.
			let idle = producer.last_item_block < ctx.ito.current;
			if producer.owed.is_zero() && producer.weight.is_zero() && idle {
				acted = true;
				Producers::<T>::remove(id, &who);
				Self::release(&who, HoldReason::ProducerDeposit, producer.deposit);
			} else {
				Producers::<T>::insert(id, &who, producer);
			}
		}

		ensure!(changed || acted, Error::<T>::NothingToClaim);
		if !acted {
			// Only settled (for example pending tokens became eligible): say so.
			Self::deposit_event(Event::Settled { ito: id, who });
		}
		Ok(ctx.commit())
	}

	/// Write a holder record back, or remove it (releasing its deposit, its remainders
	/// going back to the pools as dust) when it holds, is owed and waits for nothing.
	/// Returns whether it was removed.
	pub(crate) fn keep_or_remove_holder(
		ctx: &mut ItoCtx<T>,
		who: &T::AccountId,
		mut holder: HolderInfoOf<T>,
	) -> bool {
		let empty = holder.eligible.is_zero()
			&& holder.pending.is_zero()
			&& holder.owed.is_empty()
			&& holder.pending_block.is_none()
			&& holder.approved_block.is_none();
		if empty {
			ctx.drop_remainders(&mut holder);
			Holders::<T>::remove(ctx.id, who);
			Self::release(who, HoldReason::HolderDeposit, holder.deposit);
		} else {
			Holders::<T>::insert(ctx.id, who, holder);
		}
		empty
	}

	/// See [`Pallet::forfeit`].
	pub(crate) fn do_forfeit(
		id: ItoId,
		who: T::AccountId,
		asset: RewardAssetOf<T>,
	) -> Result<Rolled, DispatchError> {
		let mut ctx = ItoCtx::<T>::load(id)?;
		let mut holder = Holders::<T>::get(id, &who).ok_or(Error::<T>::NotHolder)?;
		ctx.settle_holder(&mut holder);
		let position = holder.owed.iter().position(|(a, _)| *a == asset);
		let amount = position
			.and_then(|i| holder.owed.get(i))
			.map(|(_, amount)| *amount)
			.unwrap_or_else(Zero::zero);
		ensure!(!amount.is_zero(), Error::<T>::NothingOwed);
		if let Some(i) = position {
			holder.owed.remove(i);
		}
		// The remainder below one unit goes with it.
		ctx.drop_remainder(&mut holder, asset);
		// What the holder gives up goes back to the open block's pool, for every holder;
		// a pool written off owes nothing any more.
		if let Some(pool) = ctx.pools.iter_mut().find(|p| p.asset == asset && !p.gone) {
			match pool.owed.checked_sub(&amount) {
				Some(owed) => {
					pool.owed = owed;
					// A pool that cannot count it (only an asset's admin can swell a pool so)
					// leaves it in the ITO account, owed to no one: forfeiting never fails.
					if let Some(grown) = pool.pool.checked_add(&amount) {
						pool.pool = grown;
					}
				}
				None => {
					frame_support::defensive!("more is owed to an account than to all of them");
				}
			}
		}
		Self::deposit_event(Event::RewardForfeited { ito: id, who: who.clone(), asset, amount });
		Self::keep_or_remove_holder(&mut ctx, &who, holder);
		Ok(ctx.commit())
	}

	/// Whether the asset of `pool` is still the one the ITO accepted: it exists and is of
	/// the generation the pool accepted (no asset of its id was destroyed since). Nothing
	/// an asset's admin does short of destroying it (burning, taking back, freezing the ITO
	/// account's balance) makes a pool gone: those only make its payouts wait.
	pub(crate) fn pool_asset_alive(pool: &RewardPool<AssetIdOf<T>, BalanceOf<T>>) -> bool {
		let RewardAsset::Asset(id) = pool.asset else { return true };
		Self::asset_exists(id) && AssetGeneration::<T>::get(id) == pool.generation
	}

	/// Pay `amount` of `asset` owed by ITO `ctx` to `who`, if it can be paid now, out of
	/// the producers' earnings or the holder pool of `asset`. Payouts keep the ITO account
	/// alive (its native seed and each asset's minimum balance stay), so a payout can never
	/// sweep away a remainder that others are owed.
	fn pay(
		ctx: &mut ItoCtx<T>,
		from_producer_pool: bool,
		account: &T::AccountId,
		who: &T::AccountId,
		asset: RewardAssetOf<T>,
		amount: BalanceOf<T>,
	) -> Payout {
		if amount.is_zero() {
			return Payout::Deferred;
		}
		let ito_id = ctx.id;
		if let RewardAsset::Asset(_) = asset {
			let Some(pool) = ctx.pools.iter().find(|p| p.asset == asset) else {
				frame_support::defensive!("an owed asset has no pool");
				return Payout::Deferred;
			};
			// Gone: the asset was destroyed, perhaps created again under its id. The whole
			// pool is written off the first time, and every holder's entry with it.
			if pool.gone || !Self::pool_asset_alive(pool) {
				ctx.write_off_pool(asset);
				Self::deposit_event(Event::RewardWrittenOff {
					ito: ito_id,
					who: who.clone(),
					asset,
					amount,
				});
				return Payout::WrittenOff;
			}
		}
		// The counter the payment comes out of: producers' earnings or a holder pool.
		let counter = if from_producer_pool {
			&mut ctx.ito.producer_owed
		} else {
			match ctx.pools.iter_mut().find(|p| p.asset == asset) {
				Some(pool) => &mut pool.owed,
				None => {
					frame_support::defensive!("an owed asset has no pool");
					return Payout::Deferred;
				}
			}
		};
		let Some(remaining) = counter.checked_sub(&amount) else {
			frame_support::defensive!("more is owed to an account than to all of them");
			return Payout::Deferred;
		};
		let paid = match asset {
			RewardAsset::Native => {
				T::Currency::transfer(account, who, amount, Preservation::Preserve).is_ok()
			}
			RewardAsset::Asset(asset_id) => Self::pay_asset(asset_id, account, who, amount),
		};
		if !paid {
			return Payout::Deferred;
		}
		*counter = remaining;
		Self::deposit_event(Event::Claimed { ito: ito_id, who: who.clone(), asset, amount });
		Payout::Paid
	}
}

impl<T: Config> Pallet<T> {
	/// Pay `amount` of asset `id` from `account` to `who`, all or nothing: pallet-assets'
	/// `transfer` reports success even when the credit fails (an asset whose supply is near
	/// `u128::MAX`) and the amount is burned, so the payout is undone unless `who` received
	/// all of it. Returns whether it was paid.
	fn pay_asset(
		id: AssetIdOf<T>,
		account: &T::AccountId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> bool {
		use frame_support::storage::{with_transaction, TransactionOutcome};
		if T::Assets::can_deposit(id, who, amount, Provenance::Extant).into_result().is_err() {
			return false;
		}
		let outcome = with_transaction(|| -> TransactionOutcome<Result<bool, DispatchError>> {
			let before = T::Assets::balance(id, who);
			let sent = T::Assets::transfer(id, account, who, amount, Preservation::Preserve);
			let arrived = T::Assets::balance(id, who).saturating_sub(before);
			if sent.is_ok() && arrived == amount {
				TransactionOutcome::Commit(Ok(true))
			} else {
				TransactionOutcome::Rollback(Ok(false))
			}
		});
		outcome.unwrap_or(false)
	}
}

/// What became of one owed amount in a claim.
#[derive(PartialEq, Eq, Debug)]
enum Payout {
	/// Paid to its owner.
	Paid,
	/// Cannot be paid now; stays owed.
	Deferred,
	/// Can never be paid (the asset is gone); no longer owed.
	WrittenOff,
}
