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

/// Check every ITO. The ITO account may hold more native currency than accounted (anyone
/// can send it funds); it may never hold less.
///
/// Asset balances are not checked against the asset pools here: an asset's admin can move
/// or burn the ITO account's balance of its own asset (`force_transfer`, `burn`), which no
/// ITO can prevent and which then only delays that asset's payouts. The tests check exact
/// asset conservation wherever no admin interferes (`assert_exact_conservation`).
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
	let account = ito.account.clone();
	let pools = RewardPools::<T>::get(id);

	// History: at most `HistoryLength` entries, each in its slot, each closed, each with a
	// summary per pool.
	let length = T::HistoryLength::get().max(1);
	let mut kept = 0u32;
	for (slot, summary) in History::<T>::iter_prefix(id) {
		kept += 1;
		ensure!(slot < length && summary.index % length == slot, "history entry in a wrong slot");
		ensure!(summary.span >= 1, "history entry covers no work block");
		ensure!(
			summary.index.saturating_add(summary.span) <= ito.current,
			"history of an open block"
		);
		ensure!(summary.first_block <= summary.last_block, "history entry ends before it starts");
		// Pools accepted by proposals since have no summary in older entries.
		ensure!(summary.assets.len() <= pools.len(), "history entry with an unknown pool");
	}
	ensure!(kept <= length, "more history than HistoryLength");

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
				refs += 1;
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
		// A proposal may lower the maximum at a close: purchases of closed blocks may exceed it.
		ensure!(
			holder.purchased_block != ito.current || holder.purchased <= ito.settings.max_purchase,
			"purchase over the maximum"
		);
		ensure!(
			holder.remainders.iter().all(|(_, r)| *r > 0 && *r < RATE_PRECISION),
			"a holder's remainder is a whole unit or zero"
		);
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
			let producer = Producers::<T>::get(id, &item.producer);
			ensure!(
				producer.is_some_and(|p| p.last_item_block == ito.current),
				"a work item of the open block without its producer record"
			);
		}
	}
	ensure!(weight == ito.validation_weight, "validation weight != sum of open items");
	ensure!(items == ito.work_items, "work item count mismatch");
	for (_, producer) in Producers::<T>::iter_prefix(id) {
		ensure!(producer.last_item_block <= ito.current, "producer item in a future block");
		ensure!(producer.block <= ito.current, "producer weight in a future block");
		if producer.block == ito.current && !producer.weight.is_zero() {
			refs += 1;
		}
	}
	ensure!(refs == ito.pending_refs, "references to the open block mismatch");
	// Every closed-block record is referenced by exactly the accounts that still have to
	// settle against it: holders whose purchase or validation was in that block, producers
	// whose weight was earned in it.
	let mut needed: alloc::collections::BTreeMap<WorkBlockIndex, u32> = Default::default();
	for (_, holder) in Holders::<T>::iter_prefix(id) {
		for k in [holder.pending_block, holder.approved_block].into_iter().flatten() {
			if k < ito.current {
				*needed.entry(k).or_default() += 1;
			}
		}
	}
	for (_, producer) in Producers::<T>::iter_prefix(id) {
		if producer.block < ito.current && !producer.weight.is_zero() {
			*needed.entry(producer.block).or_default() += 1;
		}
	}
	for (index, record) in ClosedBlocks::<T>::iter_prefix(id) {
		ensure!(index < ito.current, "closed record of an open block");
		ensure!(record.refs > 0, "closed record nobody needs");
		ensure!(
			needed.remove(&index) == Some(record.refs),
			"a closed record's references are not the accounts that need it"
		);
	}
	ensure!(needed.is_empty(), "an account needs a closed record that is gone");

	check_governance::<T>(id, ito, &pools)?;

	// Native first, each asset once.
	ensure!(pools.first().is_some_and(|p| p.asset == RewardAsset::Native), "no native pool");
	for (i, pool) in pools.iter().enumerate() {
		ensure!(
			!pools.iter().skip(i + 1).any(|other| other.asset == pool.asset),
			"an asset has two pools"
		);
		// Whole units of dust go back to the pool at once.
		ensure!(pool.dust < RATE_PRECISION, "holder dust not returned to the pool");
		// A pool written off holds and owes nothing.
		ensure!(
			!pool.gone || (pool.pool.is_zero() && pool.owed.is_zero() && pool.dust == 0),
			"a written-off pool with books"
		);
		ensure!(
			pool.generation == 0 || pool.asset != RewardAsset::Native,
			"a native pool with a generation"
		);
	}
	ensure!(ito.producer_dust < RATE_PRECISION, "producer dust not returned to the pool");

	// Conservation: the account covers every native pool and everything owed in native.
	let mut native = add(ito.seed, add(ito.producer_pool, ito.producer_owed)?)?;
	for pool in pools.iter().filter(|p| p.asset == RewardAsset::Native) {
		native = add(native, add(pool.pool, pool.owed)?)?;
	}
	ensure!(
		T::Currency::balance(&account) >= native,
		"native pools not covered by the ITO account"
	);
	Ok(())
}

/// Authority by economic value: no unit of value counts twice in a proposal. Each voter
/// record of the open block weighs the voter's value now; each open proposal's tally is the
/// sum of its votes' weights, which is at most the value left in the block (eligible tokens
/// plus validation weight), itself at most the block's value.
fn check_governance<T: Config>(
	id: ItoId,
	ito: &ItoInfoOf<T>,
	pools: &RewardPoolsOf<T>,
) -> Result<(), TryRuntimeError> {
	let ctx = crate::blocks::ItoCtx::<T>::view(id).ok_or("ITO not loadable")?;
	let rolled = ctx.ito.current != ito.current;
	let left = add(ito.eligible, ito.validation_weight)?;
	ensure!(left <= ito.value, "eligible plus validation weight over the block's value");
	// (The quorums are not checked against the runtime's bounds: a runtime may narrow them,
	// and proposals then apply the new ones; what an ITO chose before stays valid.)
	let mut tallies: alloc::vec::Vec<(ProposalId, BalanceOf<T>, BalanceOf<T>)> =
		ito.proposals.iter().map(|p| (p.id, Zero::zero(), Zero::zero())).collect();
	for (who, voter) in Voters::<T>::iter_prefix(id) {
		ensure!(voter.block <= ito.current, "votes of a future block");
		if voter.block != ito.current {
			continue;
		}
		if !rolled {
			ensure!(voter.weight == ctx.value_of(&who), "a voter's weight is not its value");
		}
		for (proposal, aye) in voter.votes.iter() {
			if let Some(t) = tallies.iter_mut().find(|t| t.0 == *proposal) {
				if *aye {
					t.1 = add(t.1, voter.weight)?;
				} else {
					t.2 = add(t.2, voter.weight)?;
				}
			}
		}
	}
	for (open, (_, ayes, nays)) in ito.proposals.iter().zip(tallies) {
		ensure!(open.ayes == ayes && open.nays == nays, "a tally is not the sum of its votes");
		ensure!(add(ayes, nays)? <= left, "a proposal counts more value than is left");
		let record = Proposals::<T>::get(id, open.id).ok_or("an open proposal has no record")?;
		ensure!(
			record.status == ProposalStatus::Open && record.block == ito.current,
			"an open proposal of another block"
		);
	}
	for (proposal, record) in Proposals::<T>::iter_prefix(id) {
		ensure!(proposal < ito.next_proposal, "a proposal id at or above next");
		let open = ito.proposals.iter().any(|p| p.id == proposal);
		ensure!(open == (record.status == ProposalStatus::Open), "a proposal open out of its slot");
		if record.status != ProposalStatus::Open {
			ensure!(
				add(record.ayes, record.nays)? <= record.value,
				"a decided proposal over its value"
			);
		}
	}
	let _ = pools;
	Ok(())
}
