//! The invariants of the spec, checked by `try_state` and after every unit test.

use crate::*;
use frame_support::{
	ensure,
	traits::{fungible::Inspect as _, fungibles::Inspect as _},
};
use sp_runtime::{
	traits::{CheckedAdd, Zero},
	TryRuntimeError,
};

/// Check every ITO. The ITO account may hold more than accounted (anyone can send it
/// funds); it may never hold less.
pub(crate) fn check<T: Config>() -> Result<(), TryRuntimeError> {
	let next = NextItoId::<T>::get();
	for (id, ito) in Itos::<T>::iter() {
		ensure!(id < next, "ITO id at or above NextItoId");
		check_ito::<T>(id, &ito)?;
	}
	Ok(())
}

fn add<B: CheckedAdd>(a: B, b: B) -> Result<B, TryRuntimeError> {
	a.checked_add(&b).ok_or(TryRuntimeError::Other("overflow in try_state"))
}

fn check_ito<T: Config>(id: ItoId, ito: &ItoInfoOf<T>) -> Result<(), TryRuntimeError> {
	let account = Pallet::<T>::ito_account(id);
	let pools = RewardPools::<T>::get(id);

	// Supply: minted = circulating + available; the ITO account holds the available.
	ensure!(T::Assets::total_issuance(ito.token) == ito.minted, "token issuance != minted");
	ensure!(T::Assets::balance(ito.token, &account) == ito.available, "ITO account != available");
	let mut circulating = BalanceOf::<T>::zero();
	let mut eligible = BalanceOf::<T>::zero();
	let mut joining = BalanceOf::<T>::zero();
	let mut approved = BalanceOf::<T>::zero();
	let mut refs = 0u32;
	for (who, holder) in Holders::<T>::iter_prefix(id) {
		let held = add(holder.eligible, holder.pending)?;
		ensure!(T::Assets::balance(ito.token, &who) == held, "holder balance != tracked");
		circulating = add(circulating, held)?;
		eligible = add(eligible, holder.eligible)?;
		match holder.pending_block {
			Some(k) if k == ito.current => {
				joining = add(joining, holder.pending)?;
				if !ito.settings.approval_required {
					refs += 1;
				}
			}
			Some(k) => {
				ensure!(k < ito.current, "pending block in the future");
				// Closed since: counted as eligible at its close.
				eligible = add(eligible, holder.pending)?;
			}
			None => ensure!(holder.pending.is_zero(), "pending tokens without a block"),
		}
		if holder.approved_block == Some(ito.current) {
			approved = add(approved, holder.eligible)?;
			refs += 1;
		}
		ensure!(holder.purchased <= ito.settings.max_purchase, "purchase over the maximum");
	}
	ensure!(add(circulating, ito.available)? == ito.minted, "minted != circulating + available");
	if let Some(cap) = ito.settings.supply_cap {
		ensure!(ito.minted <= cap, "minted over the supply cap");
	}
	ensure!(eligible == ito.eligible, "eligible != sum of holders");
	ensure!(joining == ito.joining, "joining != sum of pending holders");
	if ito.settings.approval_required {
		ensure!(approved == ito.approved, "approved != sum of validating holders");
	}

	let mut weight = BalanceOf::<T>::zero();
	let mut items = 0u32;
	for (item_id, item) in WorkItems::<T>::iter_prefix(id) {
		ensure!(item_id < ito.next_work_item, "work item id at or above next");
		ensure!(item.block <= ito.current, "work item in a future block");
		if item.block == ito.current {
			weight = add(weight, item.weight)?;
			items += 1;
		}
	}
	ensure!(weight == ito.validation_weight, "validation weight != sum of open items");
	ensure!(items == ito.work_items, "work item count mismatch");
	for (_, producer) in Producers::<T>::iter_prefix(id) {
		if producer.block == ito.current && !producer.weight.is_zero() {
			refs += 1;
		}
	}
	ensure!(refs == ito.pending_refs, "references to the open block mismatch");
	for (index, record) in ClosedBlocks::<T>::iter_prefix(id) {
		ensure!(index < ito.current, "closed record of an open block");
		ensure!(record.refs > 0, "closed record nobody needs");
	}

	// Conservation: the account covers every pool and everything owed.
	let mut native = add(ito.seed, add(ito.producer_pool, ito.producer_owed)?)?;
	for pool in pools.iter() {
		let held = add(pool.pool, pool.owed)?;
		match pool.asset {
			RewardAsset::Native => native = add(native, held)?,
			RewardAsset::Asset(asset) => ensure!(
				T::Assets::balance(asset, &account) >= held,
				"asset pool not covered by the ITO account"
			),
		}
	}
	ensure!(
		T::Currency::balance(&account) >= native,
		"native pools not covered by the ITO account"
	);
	Ok(())
}
