//! # Workchain runtime
//!
//! A standalone chain (BABE block production, GRANDPA finality, nominated proof of stake)
//! whose runtime carries
//! [`pallet_ito`], the Infinite Token Organization, next to the native currency
//! ([`pallet_balances`]) and user assets ([`pallet_assets`]). Every ITO token is a
//! `pallet-assets` asset whose id is at or above [`configs::ITO_ASSET_ID_OFFSET`]; user
//! assets are created below it, so the two id ranges never collide.
//!
//! The chain is permissionless at its own level:
//! - **Validators by stake (NPoS).** Anyone bonds and validates, anyone nominates;
//!   `pallet-staking` elects each era's validators by the stake behind them, and
//!   `pallet-session` hands their keys to BABE and GRANDPA. Equivocations are reported,
//!   slashed and disabled ([`configs::consensus`]).
//! - **Authors are paid.** Transaction fees and tips go to each block's author; era
//!   rewards (Polkadot's inflation curve) go to validators and their nominators.
//! - **Governance, no sudo.** Root is reached only by referendum ([`governance`]).
//!
//! `pallet-ito` itself has no privileged origin.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to large code.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod finality_recovery;
pub mod genesis_config_presets;
pub mod governance;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use opaque::SessionKeys;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_ito::Call as ItoCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs to know without knowing the runtime's call types.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The session keys of a Workchain validator.
		pub struct SessionKeys {
			pub babe: Babe,
			pub grandpa: Grandpa,
		}
	}
}

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("workchain"),
	impl_name: alloc::borrow::Cow::Borrowed("workchain"),
	authoring_version: 1,
	spec_version: 205,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Target block time. BABE slots have this length.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// BABE slot duration; cannot change once the chain is running.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// BABE's genesis epoch configuration, as Polkadot's: a slot has a primary author with
/// probability 1/4 (`c`), and every slot without one has a secondary author picked by
/// VRF, so that every slot gets a block.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: (1, 4),
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// Time measured in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// The native currency has 12 decimals: one `UNIT` is `10^12` planck.
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = 1_000_000_000;
pub const MICRO_UNIT: Balance = 1_000_000;

/// The existential deposit of the native currency.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;
/// An account id: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account (native currency and assets alike).
pub type Balance = u128;
/// Index of a transaction in the chain.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;
/// An index to a block.
pub type BlockNumber = u32;
/// Identifier of a `pallet-assets` asset.
pub type AssetId = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions checked for every signed transaction.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	// The signer's promise that it decoded the call with this runtime's metadata: with
	// mode 1 the payload signed carries the metadata hash, and a transaction whose hash is
	// not this runtime's has a bad signature. A page or wallet fed altered metadata by a
	// hostile RPC node (one that makes `buy` read as `transfer`) thus cannot get a user to
	// sign a call other than the one shown. Mode 0 (no hash) stays valid, for signers that
	// cannot hash metadata yet.
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// The storage migrations of this runtime's upgrade, each versioned: it runs once, on the
/// storage version it migrates from, and is a no-op after (README, "Upgrades").
/// - pallet-ito 0 to 1: spec version 201's layout, versioned from now on.
/// - pallet-ito 1 to 2: holders keep their remainders, pools their witness and whether
///   they were written off (spec version 203).
/// - pallet-ito 2 to 3: ITOs gain their governance (quorums, the open block's value,
///   proposals), pools whether they accept new rewards (spec version 204).
pub type Migrations = (
	pallet_ito::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_ito::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_ito::migrations::v3::MigrateV2ToV3<Runtime>,
);

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	// In polkadot's order: BABE notes the slot before anything else of a block; Balances
	// before Staking (genesis bonds) and Staking before Session (the genesis set);
	// Authorship before Session, so that a block's author is noted before a session
	// rotates.
	#[runtime::pallet_index(2)]
	pub type Babe = pallet_babe;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(9)]
	pub type Authorship = pallet_authorship;

	#[runtime::pallet_index(10)]
	pub type Staking = pallet_staking;

	#[runtime::pallet_index(17)]
	pub type Offences = pallet_offences;

	#[runtime::pallet_index(18)]
	pub type Historical = pallet_session::historical;

	#[runtime::pallet_index(11)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(19)]
	pub type VoterList = pallet_bags_list<Instance1>;

	#[runtime::pallet_index(20)]
	pub type FinalityRecovery = finality_recovery;

	// Index 6 was pallet-sudo's; it stays unused.

	#[runtime::pallet_index(7)]
	pub type Assets = pallet_assets;

	#[runtime::pallet_index(8)]
	pub type Ito = pallet_ito;

	#[runtime::pallet_index(12)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(13)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(14)]
	pub type Referenda = pallet_referenda;

	#[runtime::pallet_index(15)]
	pub type ConvictionVoting = pallet_conviction_voting;

	#[runtime::pallet_index(16)]
	pub type Origins = governance::origins::pallet_custom_origins;
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_governance;
#[cfg(test)]
mod tests_network;
#[cfg(all(test, feature = "try-runtime"))]
mod tests_upgrade;
