//! Benchmarks of pallet-ito (benchmarks v2).
//!
//! Every call is measured at its worst case: an ITO with `MaxRewardAssets` reward pools,
//! a roll that closes two work blocks and writes a closed-block record, and accounts that
//! settle against closed blocks. Nothing in a call depends on the number of holders,
//! producers, work items or work blocks, so the benchmarks that give the weights have no
//! components. The `extra` benchmark `claim_scaling` checks that claim: it varies the
//! number of holders, work items and closed work blocks, and its slopes are flat.

use super::*;
use crate::Pallet as Ito;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::Mutate as _,
	fungibles::{Create as _, Inspect as _, Mutate as _},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::{Bounded, One, Saturating, Zero};

fn big<T: Config>() -> BalanceOf<T> {
	T::TokenUnit::get().saturating_mul(1_000_000_000u32.into())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, big::<T>().saturating_mul(10u32.into()));
	who
}

fn new_ito<T: Config>(approval: bool) -> (ItoId, T::AccountId) {
	let creator = funded::<T>("creator", 0);
	let settings = ItoSettings {
		price: T::TokenUnit::get(),
		min_purchase: One::one(),
		max_purchase: Bounded::max_value(),
		work_block_length: T::MinWorkBlockLength::get(),
		min_validation: One::one(),
		supply_cap: None,
		approval_required: approval,
	};
	let id = Ito::<T>::do_create_ito(creator.clone(), b"benchmark ITO".to_vec(), settings)
		.expect("creator is funded");
	(id, creator)
}

/// Fill every reward pool of `ito`: the native currency and `MaxRewardAssets - 1` assets.
fn fill_pools<T: Config>(ito: ItoId, who: &T::AccountId) {
	let unit = T::TokenUnit::get();
	Ito::<T>::do_add_reward(ito, who.clone(), RewardAsset::Native, unit).expect("funded");
	for id in 1..T::MaxRewardAssets::get() {
		if !T::Assets::asset_exists(id) {
			T::Assets::create(id, who.clone(), true, One::one()).expect("free asset id");
		}
		T::Assets::mint_into(id, who, big::<T>()).expect("minting works");
		Ito::<T>::do_add_reward(ito, who.clone(), RewardAsset::Asset(id), unit).expect("funded");
	}
}

fn purchase<T: Config>(ito: ItoId, who: &T::AccountId) {
	Ito::<T>::do_buy(ito, who.clone(), T::TokenUnit::get().saturating_mul(100u32.into()))
		.expect("funded");
}

/// Move to the chain block where work block `index` of `ito` starts.
fn go_to_block<T: Config>(ito: ItoId, index: u32) {
	let info = Itos::<T>::get(ito).expect("exists");
	let length = info.settings.work_block_length;
	let n: BlockNumberFor<T> = index.into();
	frame_system::Pallet::<T>::set_block_number(
		info.start.saturating_add(n.saturating_mul(length)),
	);
}

/// An ITO whose next call rolls two closes with full pools: holders bought in blocks 0 and
/// 1, a producer's item was validated in block 1 (if `validated`), and work block 4 has
/// begun without any call.
fn busy_ito<T: Config>(
	approval: bool,
	validated: bool,
) -> (ItoId, T::AccountId, T::AccountId, T::AccountId) {
	let (ito, creator) = new_ito::<T>(approval);
	let holder = funded::<T>("holder", 1);
	let validator = funded::<T>("validator", 2);
	let producer = funded::<T>("producer", 3);
	purchase::<T>(ito, &holder);
	purchase::<T>(ito, &validator);
	go_to_block::<T>(ito, 1);
	fill_pools::<T>(ito, &creator);
	let item = Ito::<T>::do_submit_work(ito, producer.clone(), H256::zero(), vec![0; 32], None)
		.expect("funded");
	if validated {
		Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
	}
	purchase::<T>(ito, &holder);
	fill_pools::<T>(ito, &creator);
	go_to_block::<T>(ito, 4);
	(ito, creator, holder, producer)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_ito() {
		let creator = funded::<T>("creator", 0);
		let name = vec![b'n'; T::MaxNameLength::get() as usize];
		let unit = T::TokenUnit::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(creator), name, unit, unit, unit, None, None, Some(unit), true);

		assert_eq!(NextItoId::<T>::get(), 1);
	}

	#[benchmark]
	fn buy() {
		let (ito, _, holder, _) = busy_ito::<T>(false, true);
		let amount = T::TokenUnit::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), ito, amount);

		assert_eq!(Itos::<T>::get(ito).expect("exists").current, 4);
		assert!(Holders::<T>::get(ito, &holder).expect("holder").pending_block == Some(4));
	}

	#[benchmark]
	fn submit_work() {
		let (ito, creator, _, producer) = busy_ito::<T>(false, true);
		let uri = vec![b'u'; T::MaxUriLength::get() as usize];
		let reward = Some((RewardAsset::Asset(1), T::TokenUnit::get()));
		let _ = creator;
		T::Assets::mint_into(1, &producer, big::<T>()).expect("minting works");

		#[extrinsic_call]
		_(RawOrigin::Signed(producer), ito, H256::repeat_byte(1), uri, reward);

		assert_eq!(Itos::<T>::get(ito).expect("exists").work_items, 1);
	}

	#[benchmark]
	fn add_reward() {
		let (ito, creator, _, _) = busy_ito::<T>(false, true);
		let last = T::MaxRewardAssets::get() - 1;
		let asset = if last == 0 { RewardAsset::Native } else { RewardAsset::Asset(last) };

		#[extrinsic_call]
		_(RawOrigin::Signed(creator), ito, asset, T::TokenUnit::get());

		assert_eq!(Itos::<T>::get(ito).expect("exists").current, 4);
	}

	#[benchmark]
	fn validate() {
		// Approval mode: the validator settles a validated closed block and becomes an
		// approver; the producer settles its weight of a closed block.
		let (ito, creator, holder, producer) = busy_ito::<T>(true, true);
		let item = Ito::<T>::do_submit_work(ito, producer.clone(), H256::zero(), vec![], None)
			.expect("funded");
		let _ = creator;

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), ito, item, One::one());

		assert_eq!(WorkItems::<T>::get(ito, item).expect("exists").weight, One::one());
	}

	#[benchmark]
	fn claim() {
		// The claimant is a holder owed every asset and a producer owed native.
		let (ito, creator, holder, producer) = busy_ito::<T>(false, true);
		let _ = (creator, producer);
		// Make the holder a producer of block 4 that is validated, then close block 4.
		let validator: T::AccountId = account("validator", 2, 0);
		let item = Ito::<T>::do_submit_work(ito, holder.clone(), H256::zero(), vec![], None)
			.expect("funded");
		Ito::<T>::do_validate(ito, validator, item, One::one()).expect("holder");
		go_to_block::<T>(ito, 6);
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito, holder.clone());

		assert!(Producers::<T>::get(ito, &holder).is_none());
	}

	#[benchmark]
	fn refund() {
		// Nothing was validated, so every payment rolled over into the open block's pool.
		let (ito, _, holder, _) = busy_ito::<T>(false, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), ito, T::TokenUnit::get());

		assert_eq!(Itos::<T>::get(ito).expect("exists").available, T::TokenUnit::get());
	}

	#[benchmark]
	fn remove_work_item() {
		let (ito, _, _, producer) = busy_ito::<T>(false, true);
		let item =
			Ito::<T>::do_submit_work(ito, producer, H256::zero(), vec![], None).expect("funded");
		go_to_block::<T>(ito, 8);
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito, item);

		assert!(WorkItems::<T>::get(ito, item).is_none());
	}

	/// Not a weight (an `extra` benchmark, run by `scripts/benchmark.sh --scaling`): `claim`,
	/// and the close its roll performs, in an ITO with `h` other holders, `w` other
	/// validated work items in the block being closed, and `b` work blocks closed with full
	/// reward pools since the claimant last settled. Its slopes over `h`, `w` and `b` show
	/// that the call's cost does not grow with any of them.
	#[benchmark(extra)]
	fn claim_scaling(
		h: Linear<0, 1_000>,
		w: Linear<0, { T::MaxWorkItemsPerBlock::get().saturating_sub(1) }>,
		b: Linear<1, 100>,
	) {
		let (ito, creator) = new_ito::<T>(false);
		let claimant = funded::<T>("claimant", 0);
		let validator = funded::<T>("validator", 0);
		purchase::<T>(ito, &claimant);
		purchase::<T>(ito, &validator);
		for i in 0..h {
			purchase::<T>(ito, &funded::<T>("holder", i));
		}
		for k in 1..=b {
			go_to_block::<T>(ito, k);
			fill_pools::<T>(ito, &creator);
		}
		// Work block `b` closes at the claim: the claimant's item and `w` others, validated.
		let item = Ito::<T>::do_submit_work(ito, claimant.clone(), H256::zero(), vec![], None)
			.expect("funded");
		Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
		for i in 0..w {
			let producer = funded::<T>("producer", i);
			let item = Ito::<T>::do_submit_work(ito, producer, H256::zero(), vec![], None)
				.expect("funded");
			Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
		}
		go_to_block::<T>(ito, b + 2);
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		claim(RawOrigin::Signed(anyone), ito, claimant.clone());

		assert!(Producers::<T>::get(ito, &claimant).is_none());
		assert!(Holders::<T>::get(ito, &claimant).expect("still a holder").owed.is_empty());
		if T::MaxRewardAssets::get() > 1 {
			assert!(!T::Assets::balance(1, &claimant).is_zero());
		}
	}

	impl_benchmark_test_suite!(Ito, crate::mock::new_test_ext(), crate::mock::Test);
}
