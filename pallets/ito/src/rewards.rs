//! `add_reward` and `claim`.

use crate::{blocks::ItoCtx, *};
use alloc::vec::Vec;
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
	) -> DispatchResult {
		let mut ctx = ItoCtx::<T>::load(id)?;
		Self::add_to_pool(&mut ctx, &who, asset, amount)?;
		ctx.commit();
		Ok(())
	}

	/// Move `amount` of `asset` from `who` into the open block's holder pool.
	pub(crate) fn add_to_pool(
		ctx: &mut ItoCtx<T>,
		who: &T::AccountId,
		asset: RewardAssetOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let account = Self::ito_account(ctx.id);
		match asset {
			RewardAsset::Native => {
				T::Currency::transfer(who, &account, amount, Preservation::Preserve)?;
			}
			RewardAsset::Asset(asset_id) => {
				ensure!(asset_id != ctx.ito.token, Error::<T>::OwnTokenReward);
				ensure!(Self::asset_exists(asset_id), Error::<T>::UnknownAsset);
				T::Assets::transfer(asset_id, who, &account, amount, Preservation::Expendable)?;
			}
		};
		match ctx.pools.iter_mut().find(|p| p.asset == asset) {
			Some(pool) => pool.pool = pool.pool.checked_add(&amount).ok_or(Error::<T>::Overflow)?,
			None => ctx
				.pools
				.try_push(RewardPool { asset, pool: amount, owed: Zero::zero(), acc: 0 })
				.map_err(|_| Error::<T>::TooManyRewardAssets)?,
		}
		Self::deposit_event(Event::RewardAdded { ito: ctx.id, who: who.clone(), asset, amount });
		Ok(())
	}

	/// See [`Pallet::claim`].
	pub(crate) fn do_claim(id: ItoId, who: T::AccountId) -> DispatchResult {
		let mut ctx = ItoCtx::<T>::load(id)?;
		let account = Self::ito_account(id);
		let mut paid_any = false;
		let mut removed = false;

		if let Some(mut holder) = Holders::<T>::get(id, &who) {
			ctx.settle_holder(&mut holder)?;
			let mut still_owed = BoundedVec::new();
			let owed: Vec<_> = holder.owed.iter().cloned().collect();
			for (asset, amount) in owed {
				if Self::pay(&mut ctx, false, &account, &who, asset, amount) {
					paid_any = true;
				} else if still_owed.try_push((asset, amount)).is_err() {
					frame_support::defensive!("owed entries are bounded like the pools");
				}
			}
			holder.owed = still_owed;
			let empty = holder.eligible.is_zero()
				&& holder.pending.is_zero()
				&& holder.owed.is_empty()
				&& holder.pending_block.is_none()
				&& holder.approved_block.is_none();
			if empty {
				removed = true;
				Holders::<T>::remove(id, &who);
				Self::release(&who, HoldReason::HolderDeposit, holder.deposit);
			} else {
				Holders::<T>::insert(id, &who, holder);
			}
		}

		if let Some(mut producer) = Producers::<T>::get(id, &who) {
			ctx.settle_producer(&mut producer)?;
			let owed = producer.owed;
			if !owed.is_zero()
				&& Self::pay(&mut ctx, true, &account, &who, RewardAsset::Native, owed)
			{
				producer.owed = Zero::zero();
				paid_any = true;
			}
			if producer.owed.is_zero() && producer.weight.is_zero() {
				Producers::<T>::remove(id, &who);
			} else {
				Producers::<T>::insert(id, &who, producer);
			}
		}

		ensure!(paid_any || removed, Error::<T>::NothingToClaim);
		ctx.commit();
		Ok(())
	}

	/// Pay `amount` of `asset` owed by ITO `ctx` to `who`, if it can be paid now, out of
	/// the producers' earnings or the holder pool of `asset`.
	fn pay(
		ctx: &mut ItoCtx<T>,
		from_producer_pool: bool,
		account: &T::AccountId,
		who: &T::AccountId,
		asset: RewardAssetOf<T>,
		amount: BalanceOf<T>,
	) -> bool {
		if amount.is_zero() {
			return false;
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
					return false;
				}
			}
		};
		let Some(remaining) = counter.checked_sub(&amount) else {
			frame_support::defensive!("more is owed to an account than to all of them");
			return false;
		};
		let paid = match asset {
			RewardAsset::Native => {
				T::Currency::transfer(account, who, amount, Preservation::Preserve).is_ok()
			}
			RewardAsset::Asset(asset_id) => {
				T::Assets::can_deposit(asset_id, who, amount, Provenance::Extant)
					.into_result()
					.is_ok() && T::Assets::transfer(
					asset_id,
					account,
					who,
					amount,
					Preservation::Expendable,
				)
				.is_ok()
			}
		};
		if paid {
			*counter = remaining;
			Self::deposit_event(Event::Claimed { ito: ito_id, who: who.clone(), asset, amount });
		}
		paid
	}
}
