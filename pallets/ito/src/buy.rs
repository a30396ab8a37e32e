//! `buy` and `refund`.

use crate::{
	blocks::{mul_div, ItoCtx, Rolled},
	*,
};
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate as _, fungibles::Mutate as _, tokens::Preservation},
};
use sp_arithmetic::Rounding;
use sp_runtime::traits::{CheckedAdd, CheckedSub, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Token units that `amount` of native buys at `price`, rounded down.
	pub fn tokens_for(amount: BalanceOf<T>, price: BalanceOf<T>) -> Option<BalanceOf<T>> {
		mul_div(amount, T::TokenUnit::get(), price, Rounding::Down)
	}

	/// Native cost of `tokens` units at `price`, rounded up.
	pub fn cost_of(tokens: BalanceOf<T>, price: BalanceOf<T>) -> Option<BalanceOf<T>> {
		mul_div(tokens, price, T::TokenUnit::get(), Rounding::Up)
	}

	/// Native paid back for `tokens` units at `price`, rounded down.
	pub fn refund_value(tokens: BalanceOf<T>, price: BalanceOf<T>) -> Option<BalanceOf<T>> {
		mul_div(tokens, price, T::TokenUnit::get(), Rounding::Down)
	}

	/// See [`Pallet::buy`].
	pub(crate) fn do_buy(
		id: ItoId,
		who: T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<Rolled, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut ctx = ItoCtx::<T>::load(id)?;
		let settings = ctx.ito.settings.clone();
		ensure!(amount >= settings.min_purchase, Error::<T>::BelowMinPurchase);

		let existing = Holders::<T>::get(id, &who);
		let is_new = existing.is_none();
		let mut holder = match existing {
			Some(holder) => holder,
			None => HolderInfo {
				eligible: Zero::zero(),
				pending: Zero::zero(),
				pending_block: None,
				approved_block: None,
				purchased_block: ctx.ito.current,
				purchased: Zero::zero(),
				snapshots: ctx.fresh_snapshots(),
				owed: BoundedVec::new(),
				remainders: BoundedVec::new(),
				deposit: T::HolderDeposit::get(),
			},
		};
		ctx.settle_holder(&mut holder);

		// What this account may still pay in this work block.
		if holder.purchased_block != ctx.ito.current {
			holder.purchased_block = ctx.ito.current;
			holder.purchased = Zero::zero();
		}
		let room = settings.max_purchase.saturating_sub(holder.purchased);
		ensure!(!room.is_zero(), Error::<T>::PurchaseLimitReached);
		let offered = amount.min(room);

		// Tokens: limited by what is available plus what the cap still allows.
		let mut tokens = Self::tokens_for(offered, settings.price).ok_or(Error::<T>::Overflow)?;
		if let Some(cap) = settings.supply_cap {
			let mintable = cap.saturating_sub(ctx.ito.minted);
			let supply = ctx.ito.available.saturating_add(mintable);
			ensure!(!supply.is_zero(), Error::<T>::SoldOut);
			tokens = tokens.min(supply);
		}
		ensure!(!tokens.is_zero(), Error::<T>::PurchaseTooSmall);
		let cost = Self::cost_of(tokens, settings.price).ok_or(Error::<T>::Overflow)?;
		// Rounding the cost up never exceeds what was offered, as `tokens` was rounded down.
		ensure!(cost <= offered, Error::<T>::Overflow);

		if is_new {
			Self::hold(&who, HoldReason::HolderDeposit, holder.deposit)?;
		}
		let account = ctx.ito.account.clone();
		T::Currency::transfer(&who, &account, cost, Preservation::Preserve)?;
		ctx.ito.producer_pool =
			ctx.ito.producer_pool.checked_add(&cost).ok_or(Error::<T>::Overflow)?;

		let recycled = tokens.min(ctx.ito.available);
		let minted = tokens - recycled;
		if !recycled.is_zero() {
			T::Assets::transfer(ctx.ito.token, &account, &who, recycled, Preservation::Expendable)?;
			ctx.ito.available -= recycled;
		}
		if !minted.is_zero() {
			T::Assets::mint_into(ctx.ito.token, &who, minted)?;
			ctx.ito.minted = ctx.ito.minted.checked_add(&minted).ok_or(Error::<T>::Overflow)?;
		}

		// The tokens earn from the next work block, whose accumulators the holder needs
		// from this block's close (in either mode: a proposal may change the mode).
		if holder.pending_block != Some(ctx.ito.current) {
			holder.pending_block = Some(ctx.ito.current);
			ctx.add_ref()?;
		}
		holder.pending = holder.pending.checked_add(&tokens).ok_or(Error::<T>::Overflow)?;
		holder.purchased = holder.purchased.checked_add(&cost).ok_or(Error::<T>::Overflow)?;
		ctx.ito.joining = ctx.ito.joining.checked_add(&tokens).ok_or(Error::<T>::Overflow)?;

		Holders::<T>::insert(id, &who, holder);
		let rolled = ctx.commit();
		Self::deposit_event(Event::Bought { ito: id, who, paid: cost, tokens, recycled });
		Ok(rolled)
	}

	/// See [`Pallet::refund`].
	pub(crate) fn do_refund(
		id: ItoId,
		who: T::AccountId,
		tokens: BalanceOf<T>,
	) -> Result<Rolled, DispatchError> {
		ensure!(!tokens.is_zero(), Error::<T>::ZeroAmount);
		let mut ctx = ItoCtx::<T>::load(id)?;
		let mut holder = Holders::<T>::get(id, &who).ok_or(Error::<T>::NotHolder)?;
		ctx.settle_holder(&mut holder);
		let held = holder.eligible.saturating_add(holder.pending);
		ensure!(held >= tokens, Error::<T>::InsufficientTokens);

		let price = ctx.ito.settings.price;
		let pool = ctx.ito.producer_pool;
		let affordable = Self::tokens_for(pool, price).ok_or(Error::<T>::Overflow)?;
		let tokens = tokens.min(affordable);
		ensure!(!tokens.is_zero(), Error::<T>::RefundPoolEmpty);
		let paid = Self::refund_value(tokens, price).ok_or(Error::<T>::Overflow)?;
		ensure!(!paid.is_zero(), Error::<T>::RefundTooSmall);
		ctx.ito.producer_pool = pool.checked_sub(&paid).ok_or(Error::<T>::RefundPoolEmpty)?;

		let spent = ctx.spend_tokens(&mut holder, tokens, false)?;
		Holders::<T>::insert(id, &who, &holder);
		// Refunded eligible tokens are value the holder no longer has: its votes lose it.
		ctx.value_fell(&who, spent);
		let account = ctx.ito.account.clone();
		T::Assets::transfer(ctx.ito.token, &who, &account, tokens, Preservation::Expendable)?;
		ctx.ito.available = ctx.ito.available.checked_add(&tokens).ok_or(Error::<T>::Overflow)?;
		T::Currency::transfer(&account, &who, paid, Preservation::Preserve)?;

		let rolled = ctx.commit();
		Self::deposit_event(Event::Refunded { ito: id, who, tokens, paid });
		Ok(rolled)
	}
}
