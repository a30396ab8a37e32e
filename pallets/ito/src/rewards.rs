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
		let pool =
			ctx.pools.iter_mut().find(|p| p.asset == asset).ok_or(Error::<T>::AssetNotAccepted)?;
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
		// Whether the claim paid, settled or removed anything.
		let mut changed = false;

		if let Some(mut holder) = Holders::<T>::get(id, &who) {
			let before = holder.encode();
			ctx.settle_holder(&mut holder);
			changed |= holder.encode() != before;
			let mut still_owed = BoundedVec::new();
			let owed: Vec<_> = holder.owed.iter().cloned().collect();
			for (asset, amount) in owed {
				match Self::pay(&mut ctx, false, &account, &who, asset, amount) {
					Payout::Paid | Payout::WrittenOff => changed = true,
					Payout::Deferred => {
						if still_owed.try_push((asset, amount)).is_err() {
							frame_support::defensive!("owed entries are bounded like the pools");
						}
					}
				}
			}
			holder.owed = still_owed;
			let empty = holder.eligible.is_zero()
				&& holder.pending.is_zero()
				&& holder.owed.is_empty()
				&& holder.pending_block.is_none()
				&& holder.approved_block.is_none();
			if empty {
				changed = true;
				Holders::<T>::remove(id, &who);
				Self::release(&who, HoldReason::HolderDeposit, holder.deposit);
			} else {
				Holders::<T>::insert(id, &who, holder);
			}
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
				changed = true;
			}
			// A producer with an item in the open block keeps its record: a validation of
			// that item needs it.
			let idle = producer.last_item_block < ctx.ito.current;
			if producer.owed.is_zero() && producer.weight.is_zero() && idle {
				changed = true;
				Producers::<T>::remove(id, &who);
				Self::release(&who, HoldReason::ProducerDeposit, producer.deposit);
			} else {
				Producers::<T>::insert(id, &who, producer);
			}
		}

		ensure!(changed, Error::<T>::NothingToClaim);
		Ok(ctx.commit())
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
			RewardAsset::Asset(asset_id) => {
				if !Self::asset_exists(asset_id) {
					// Destroyed by its owner: it can never be paid.
					*counter = remaining;
					Self::deposit_event(Event::RewardWrittenOff {
						ito: ito_id,
						who: who.clone(),
						asset,
						amount,
					});
					return Payout::WrittenOff;
				}
				T::Assets::can_deposit(asset_id, who, amount, Provenance::Extant)
					.into_result()
					.is_ok() && T::Assets::transfer(
					asset_id,
					account,
					who,
					amount,
					Preservation::Preserve,
				)
				.is_ok()
			}
		};
		if !paid {
			return Payout::Deferred;
		}
		*counter = remaining;
		Self::deposit_event(Event::Claimed { ito: ito_id, who: who.clone(), asset, amount });
		Payout::Paid
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
