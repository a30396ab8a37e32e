//! Weights of pallet-ito.
//!
//! The runtime uses the file `workchain-node benchmark pallet` generates from this pallet's
//! benchmarks (`runtime/src/weights/pallet_ito.rs`). The `()` implementation below is for
//! tests and mocks; its numbers are the same measurement, rounded up.
//!
//! Every call is constant: each touches at most `MaxRewardAssets` pools and a fixed number
//! of storage items, whatever the number of holders, producers, work items or work blocks.
//! The calls' weights leave out the roll (closing up to two work blocks), which only the
//! first call after a work-block boundary does: `roll` is its weight, charged on top of
//! every call that may roll and refunded after dispatch when it did not.

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
	fn submit_work(r: u32) -> Weight;
	fn add_reward() -> Weight;
	fn validate() -> Weight;
	fn claim() -> Weight;
	fn refund() -> Weight;
	fn remove_work_item() -> Weight;
	fn roll() -> Weight;
	fn forfeit() -> Weight;
	fn dissolve() -> Weight;
	fn propose() -> Weight;
	fn vote() -> Weight;
	fn remove_proposal() -> Weight;
	fn remove_votes() -> Weight;
}

impl WeightInfo for () {
	fn create_ito() -> Weight {
		Weight::from_parts(668_000_000, 37516)
			.saturating_add(RocksDbWeight::get().reads(35_u64))
			.saturating_add(RocksDbWeight::get().writes(36_u64))
	}
	fn buy() -> Weight {
		Weight::from_parts(217_000_000, 7246)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn submit_work(r: u32) -> Weight {
		Weight::from_parts(154_000_000, 4214)
			.saturating_add(Weight::from_parts(96_000_000, 3104).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads(5_u64).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64).saturating_mul(r.into()))
	}
	fn add_reward() -> Weight {
		Weight::from_parts(142_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn validate() -> Weight {
		Weight::from_parts(218_000_000, 6638)
			.saturating_add(RocksDbWeight::get().reads(14_u64))
			.saturating_add(RocksDbWeight::get().writes(14_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(836_000_000, 37516)
			.saturating_add(RocksDbWeight::get().reads(37_u64))
			.saturating_add(RocksDbWeight::get().writes(30_u64))
	}
	fn refund() -> Weight {
		Weight::from_parts(219_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn remove_work_item() -> Weight {
		Weight::from_parts(106_000_000, 4214)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn forfeit() -> Weight {
		Weight::from_parts(112_000_000, 4214)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn dissolve() -> Weight {
		Weight::from_parts(791_000_000, 194782)
			.saturating_add(RocksDbWeight::get().reads(101_u64))
			.saturating_add(RocksDbWeight::get().writes(94_u64))
	}
	fn roll() -> Weight {
		Weight::from_parts(120_000_000, 12730)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn propose() -> Weight {
		Weight::from_parts(282_000_000, 16630)
			.saturating_add(RocksDbWeight::get().reads(23_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(122_000_000, 4214)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn remove_proposal() -> Weight {
		Weight::from_parts(175_000_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn remove_votes() -> Weight {
		Weight::from_parts(105_000_000, 4214)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
}
