//! `dissolve`: the end of an ITO that nobody holds, nobody is owed anything by and nobody
//! has work in.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect as _, Mutate as _},
		fungibles::{self, Destroy as _, Inspect as _, Mutate as _},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// See [`Pallet::dissolve`].
	pub(crate) fn do_dissolve(id: ItoId) -> DispatchResult {
		let ito = Itos::<T>::get(id).ok_or(Error::<T>::UnknownIto)?;
		let pools = RewardPools::<T>::get(id);

		// Nothing circulates: every minted unit is back in the ITO account.
		ensure!(ito.minted == ito.available, Error::<T>::TokensCirculate);
		// No record or item is left: holders, producers, work items, closing rates, proposals
		// (whose seeds go back to their proposers when they are removed) and voter records.
		ensure!(
			Holders::<T>::iter_key_prefix(id).next().is_none()
				&& Producers::<T>::iter_key_prefix(id).next().is_none()
				&& WorkItems::<T>::iter_key_prefix(id).next().is_none()
				&& ClosedBlocks::<T>::iter_key_prefix(id).next().is_none()
				&& Proposals::<T>::iter_key_prefix(id).next().is_none()
				&& Voters::<T>::iter_key_prefix(id).next().is_none(),
			Error::<T>::RecordsLeft
		);
		// So nothing is owed to anyone: whatever the books would still count as owed
		// (which they never do, short of a holder whose rates wrapped past 2^128 between two
		// settlements) is no one's, and goes with the rest.

		let account = ito.account.clone();
		let creator = ito.creator.clone();

		// The token goes: the available units are burned and the asset destroyed, which
		// releases its metadata deposit to the ITO account. Workchain's runtime lets no one
		// open an account or an approval of an ITO token (its call filter), so the
		// destruction finishes at once; one opened before that filter leaves the token being
		// destroyed, which anyone may finish with pallet-assets' own calls (they refund
		// those deposits to their owners), and keeps nothing else from dissolving.
		if !ito.available.is_zero() {
			T::Assets::burn_from(
				ito.token,
				&account,
				ito.available,
				Preservation::Expendable,
				Precision::Exact,
				Fortitude::Force,
			)?;
		}
		T::Assets::start_destroy(ito.token, None)?;
		let token_destroyed = T::Assets::finish_destroy(ito.token).is_ok();

		// Every reward asset goes back to the creator: its seed, and whatever no one is owed
		// (rolled-over pools, gifts), then the creator's deposit for the account. Best effort:
		// an asset its admin froze, or that the creator cannot receive, stays where it is;
		// no asset admin can keep an ITO from dissolving.
		for pool in pools.iter() {
			let RewardAsset::Asset(asset) = pool.asset else { continue };
			if !Self::asset_exists(asset) {
				continue;
			}
			let held = T::Assets::balance(asset, &account);
			if !held.is_zero() {
				let _ =
					T::Assets::transfer(asset, &account, &creator, held, Preservation::Expendable);
			}
			// The deposit for the account that `create_ito` (or the proposal that accepted the
			// asset) opened with `touch` goes back to whoever paid it.
			let held = <T::Assets as fungibles::Refund<T::AccountId>>::deposit_held(
				asset,
				account.clone(),
			);
			if held.is_some() {
				let _ =
					<T::Assets as fungibles::Refund<T::AccountId>>::refund(asset, account.clone());
			}
		}

		// Every native unit of the ITO account goes back to the creator: the seed, the
		// released metadata deposit, and what no one is owed (rolled-over pools, the producer
		// pool's rounding, gifts).
		let native =
			T::Currency::reducible_balance(&account, Preservation::Expendable, Fortitude::Polite);
		if !native.is_zero() {
			T::Currency::transfer(&account, &creator, native, Preservation::Expendable)?;
		}
		Self::release(&creator, HoldReason::ItoDeposit, ito.deposit);

		Itos::<T>::remove(id);
		RewardPools::<T>::remove(id);
		let _ = History::<T>::clear_prefix(id, T::HistoryLength::get(), None);
		Self::deposit_event(Event::Dissolved {
			ito: id,
			creator,
			returned: native,
			token_destroyed,
		});
		Ok(())
	}
}
