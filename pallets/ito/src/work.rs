//! `submit_work`, `validate` and `remove_work_item`.

use crate::{
	blocks::{ItoCtx, Rolled},
	*,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungibles::Mutate as _, tokens::Preservation},
};
use sp_core::H256;
use sp_runtime::traits::{CheckedAdd, Zero};

impl<T: Config> Pallet<T> {
	/// See [`Pallet::submit_work`].
	pub(crate) fn do_submit_work(
		id: ItoId,
		producer: T::AccountId,
		evidence_hash: H256,
		uri: Vec<u8>,
		reward: Option<(RewardAssetOf<T>, BalanceOf<T>)>,
	) -> Result<(WorkItemId, Rolled), DispatchError> {
		let uri: BoundedVec<u8, T::MaxUriLength> =
			uri.try_into().map_err(|_| Error::<T>::UriTooLong)?;
		let mut ctx = ItoCtx::<T>::load(id)?;
		let item = ctx.ito.next_work_item;
		ctx.ito.next_work_item = item.checked_add(1).ok_or(Error::<T>::Overflow)?;
		ctx.ito.work_items = ctx.ito.work_items.checked_add(1).ok_or(Error::<T>::Overflow)?;

		let deposit = T::WorkItemDeposit::get();
		Self::hold(&producer, HoldReason::WorkItemDeposit, deposit)?;
		let block = ctx.ito.current;
		// The producer record, paid for by the producer's first item; it stays while the
		// producer has an item in the open block.
		let record = match Producers::<T>::get(id, &producer) {
			Some(record) => ProducerInfo { last_item_block: block, ..record },
			None => {
				let deposit = T::ProducerDeposit::get();
				Self::hold(&producer, HoldReason::ProducerDeposit, deposit)?;
				ProducerInfo {
					block,
					weight: Zero::zero(),
					owed: Zero::zero(),
					last_item_block: block,
					deposit,
				}
			}
		};
		Producers::<T>::insert(id, &producer, record);
		WorkItems::<T>::insert(
			id,
			item,
			WorkItem {
				producer: producer.clone(),
				block,
				evidence_hash,
				uri,
				weight: Zero::zero(),
				deposit,
			},
		);
		Self::deposit_event(Event::WorkSubmitted {
			ito: id,
			item,
			producer: producer.clone(),
			block,
			evidence_hash,
		});
		if let Some((asset, amount)) = reward {
			Self::add_to_pool(&mut ctx, &producer, asset, amount)?;
		}
		Ok((item, ctx.commit()))
	}

	/// See [`Pallet::validate`].
	pub(crate) fn do_validate(
		id: ItoId,
		validator: T::AccountId,
		item_id: WorkItemId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut ctx = ItoCtx::<T>::load(id)?;
		let mut item = WorkItems::<T>::get(id, item_id).ok_or(Error::<T>::UnknownWorkItem)?;
		ensure!(item.block == ctx.ito.current, Error::<T>::WrongWorkBlock);
		ensure!(item.producer != validator, Error::<T>::SelfValidation);
		ensure!(amount >= ctx.ito.settings.min_validation, Error::<T>::BelowMinValidation);
		let mut holder = Holders::<T>::get(id, &validator).ok_or(Error::<T>::NotHolder)?;
		ctx.settle_holder(&mut holder);

		// Only tokens held across a close validate: a sybil cannot buy in the open block and
		// back its own producer's item with the block's payments.
		ctx.spend_tokens(&mut holder, amount, true)?;
		// The value moves from the validator to the producer, in their votes too: no unit
		// counts twice, none is lost.
		ctx.value_fell(&validator, amount);
		ctx.value_grew(&item.producer, amount);
		let current = ctx.ito.current;
		if ctx.ito.settings.approval_required && holder.approved_block != Some(current) {
			// First validation of this holder in this block: its eligible tokens now earn
			// this block's rewards.
			holder.approved_block = Some(current);
			ctx.ito.approved =
				ctx.ito.approved.checked_add(&holder.eligible).ok_or(Error::<T>::Overflow)?;
			ctx.add_ref()?;
		}
		Holders::<T>::insert(id, &validator, &holder);

		let account = ctx.ito.account.clone();
		T::Assets::transfer(ctx.ito.token, &validator, &account, amount, Preservation::Expendable)?;
		ctx.ito.available = ctx.ito.available.checked_add(&amount).ok_or(Error::<T>::Overflow)?;

		item.weight = item.weight.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ctx.ito.validation_weight =
			ctx.ito.validation_weight.checked_add(&amount).ok_or(Error::<T>::Overflow)?;

		let mut producer = Producers::<T>::get(id, &item.producer).unwrap_or_else(|| {
			frame_support::defensive!("a producer with an item in the open block has a record");
			ProducerInfo { last_item_block: current, ..Default::default() }
		});
		ctx.settle_producer(&mut producer);
		if producer.weight.is_zero() {
			producer.block = current;
			ctx.add_ref()?;
		}
		producer.weight = producer.weight.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Producers::<T>::insert(id, &item.producer, producer);
		WorkItems::<T>::insert(id, item_id, item);

		// The item was submitted in the open block, which therefore rolled before.
		if ctx.commit().0 {
			frame_support::defensive!("a validation closed a work block");
		}
		Self::deposit_event(Event::Validated { ito: id, item: item_id, validator, amount });
		Ok(())
	}

	/// See [`Pallet::remove_work_item`].
	pub(crate) fn do_remove_work_item(
		id: ItoId,
		item_id: WorkItemId,
	) -> Result<Rolled, DispatchError> {
		let ctx = ItoCtx::<T>::load(id)?;
		let item = WorkItems::<T>::get(id, item_id).ok_or(Error::<T>::UnknownWorkItem)?;
		ensure!(item.block < ctx.ito.current, Error::<T>::WorkBlockOpen);
		WorkItems::<T>::remove(id, item_id);
		Self::release(&item.producer, HoldReason::WorkItemDeposit, item.deposit);
		let rolled = ctx.commit();
		Self::deposit_event(Event::WorkItemRemoved { ito: id, item: item_id });
		Ok(rolled)
	}
}
