//! The pallets benchmarked by `workchain-node benchmark pallet`.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_assets, Assets]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_timestamp, Timestamp]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_staking, Staking]
	[pallet_bags_list, VoterList]
	[pallet_babe, Babe]
	[pallet_grandpa, Grandpa]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, Referenda]
	[pallet_conviction_voting, ConvictionVoting]
	[pallet_ito, Ito]
);

use crate::{Runtime, SessionKeys};
use alloc::vec::Vec;
use codec::Encode;

pub use cumulus_pallet_session_benchmarking::Pallet as SessionBench;

impl cumulus_pallet_session_benchmarking::Config for Runtime {
	fn generate_session_keys_and_proof(owner: Self::AccountId) -> (SessionKeys, Vec<u8>) {
		let generated = SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

// The fee charged is the configured one; the benchmark endows its caller itself.
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}
