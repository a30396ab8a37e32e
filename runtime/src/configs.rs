//! Pallet configurations of the Workchain runtime.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EnsureOriginWithArg, VariantCountOf,
	},
	weights::{
		constants::{RocksDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	AccountId, AssetId, Assets, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, System, DAYS, EXISTENTIAL_DEPOSIT, MILLI_UNIT, SLOT_DURATION, UNIT,
	VERSION,
};

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute in a six second block.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks, of which normal extrinsics may fill `NORMAL_DISPATCH_RATIO`.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
		})
		.build();
	/// The generic Substrate prefix.
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// Asset ids at or above this value are reserved for ITO tokens (`ITO id + offset`).
pub const ITO_ASSET_ID_OFFSET: AssetId = 1 << 31;

/// Anyone may create a `pallet-assets` asset, as long as its id is below the ITO range.
pub struct SignedBelowItoRange;
impl EnsureOriginWithArg<RuntimeOrigin, AssetId> for SignedBelowItoRange {
	type Success = AccountId;

	fn try_origin(o: RuntimeOrigin, id: &AssetId) -> Result<AccountId, RuntimeOrigin> {
		if *id >= ITO_ASSET_ID_OFFSET {
			return Err(o);
		}
		<EnsureSigned<AccountId> as EnsureOriginWithArg<RuntimeOrigin, AssetId>>::try_origin(o, id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(id: &AssetId) -> Result<RuntimeOrigin, ()> {
		if *id >= ITO_ASSET_ID_OFFSET {
			return Err(());
		}
		Ok(frame_system::RawOrigin::Signed(AccountId::new([0u8; 32])).into())
	}
}

parameter_types! {
	/// Longest asset name or symbol; ITO names are asset names, so they share it.
	pub const AssetStringLimit: u32 = 50;
	pub const AssetDeposit: Balance = 10 * UNIT;
	pub const AssetAccountDeposit: Balance = 10 * MILLI_UNIT;
	pub const MetadataDepositBase: Balance = UNIT;
	pub const MetadataDepositPerByte: Balance = 10 * MILLI_UNIT;
	pub const ApprovalDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = SignedBelowItoRange;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = AssetStringLimit;
	/// ITO tokens are frozen by pallet-ito while they earn: see `pallet_ito::ItoFreezer`.
	type Freezer = pallet_ito::ItoFreezer<Runtime>;
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	pub const ItoPalletId: PalletId = PalletId(*b"wc/ito__");
	pub const ItoDeposit: Balance = 10 * UNIT;
	pub const HolderDeposit: Balance = 10 * MILLI_UNIT;
	pub const WorkItemDeposit: Balance = 100 * MILLI_UNIT;
	pub const ProducerDeposit: Balance = 10 * MILLI_UNIT;
	pub const ItoAssetIdOffset: AssetId = ITO_ASSET_ID_OFFSET;
	/// One whole ITO token: ITO tokens have 12 decimals, like the native currency.
	pub const TokenUnit: Balance = UNIT;
	/// Default work block: 7 days of 6 second blocks.
	pub const DefaultWorkBlockLength: BlockNumber = 7 * DAYS;
	pub const MinWorkBlockLength: BlockNumber = 5;
}

impl pallet_ito::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Assets = Assets;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = ItoPalletId;
	type ItoAssetIdOffset = ItoAssetIdOffset;
	type ItoDeposit = ItoDeposit;
	type HolderDeposit = HolderDeposit;
	type WorkItemDeposit = WorkItemDeposit;
	type ProducerDeposit = ProducerDeposit;
	type TokenUnit = TokenUnit;
	/// Also the ITO token's asset name: at most the asset pallet's `StringLimit`.
	type MaxNameLength = AssetStringLimit;
	type MaxUriLength = ConstU32<256>;
	type MaxRewardAssets = ConstU32<8>;
	type MinWorkBlockLength = MinWorkBlockLength;
	type DefaultWorkBlockLength = DefaultWorkBlockLength;
	type WeightInfo = crate::weights::pallet_ito::WeightInfo<Runtime>;
}
