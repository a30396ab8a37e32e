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

use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};
use core::marker::PhantomData;

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
		Weight::from_parts(150_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn buy() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn submit_work() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn add_reward() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn validate() -> Weight {
		Weight::from_parts(250_000_000, 14_000)
			.saturating_add(RocksDbWeight::get().reads(14_u64))
			.saturating_add(RocksDbWeight::get().writes(12_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(400_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(24_u64))
			.saturating_add(RocksDbWeight::get().writes(24_u64))
	}
	fn refund() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn remove_work_item() -> Weight {
		Weight::from_parts(100_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
}
