//! Weights of pallet-ito.
//!
//! The runtime uses the file `workchain-node benchmark pallet` generates from this pallet's
//! benchmarks (`runtime/src/weights/pallet_ito.rs`). The `()` implementation below is for
//! tests and mocks; its numbers are the same measurement, rounded up.
//!
//! Every call is constant: each touches at most `MaxRewardAssets` pools and a fixed number
//! of storage items, whatever the number of holders, producers, work items or work blocks.

#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for pallet-ito.
pub trait WeightInfo {
	fn create_ito() -> Weight;
	fn buy() -> Weight;
	fn submit_work() -> Weight;
	fn add_reward() -> Weight;
	fn validate() -> Weight;
	fn claim() -> Weight;
	fn refund() -> Weight;
	fn remove_work_item() -> Weight;
}

impl WeightInfo for () {
	fn create_ito() -> Weight {
		Weight::from_parts(116_000_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn buy() -> Weight {
		Weight::from_parts(118_000_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn submit_work() -> Weight {
		Weight::from_parts(136_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn add_reward() -> Weight {
		Weight::from_parts(87_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn validate() -> Weight {
		Weight::from_parts(101_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(386_000_000, 37516)
			.saturating_add(RocksDbWeight::get().reads(28_u64))
			.saturating_add(RocksDbWeight::get().writes(29_u64))
	}
	fn refund() -> Weight {
		Weight::from_parts(148_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn remove_work_item() -> Weight {
		Weight::from_parts(68_000_000, 3910)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
}
