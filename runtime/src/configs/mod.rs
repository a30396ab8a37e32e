//! Pallet configurations of the Workchain runtime, by concern: system, balances, fees,
//! assets, ITO, governance here; consensus (BABE, GRANDPA, session, staking, offences) in
//! [`consensus`].

pub mod consensus;
pub mod fees;
pub mod voter_bags;
pub use consensus::*;
pub use fees::*;

use frame_support::traits::{fungible::HoldConsideration, EqualPrivilegeOnly, LinearStoragePrice};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU128, ConstU32, EnsureOriginWithArg, VariantCountOf},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use super::{
	governance::origins::pallet_custom_origins, AccountId, AssetId, Assets, Balance, Balances,
	Block, BlockNumber, Hash, Nonce, OriginCaller, PalletInfo, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, DAYS, EXISTENTIAL_DEPOSIT, MILLI_UNIT, UNIT, VERSION,
};

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute in a six second block, of which normal extrinsics may fill
	/// `NORMAL_DISPATCH_RATIO` and operational ones the rest. A block's and an extrinsic's
	/// fixed costs are this machine's (`benchmark overhead`, scripts/benchmark.sh
	/// --overhead); 10% is kept for `on_initialize`.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(crate::weights::block_weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = crate::weights::extrinsic_weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			class.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
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

/// Calls that only Root may make, whatever origin pallets accept:
/// - `staking.manual_slash` (staking's `AdminOrigin`, which the `staking_admin` track has,
///   may otherwise slash any validator and its nominators by any fraction);
/// - `assets.approve_transfer`, `assets.touch` and `assets.touch_other` on an ITO token:
///   ITO tokens are frozen (only pallet-ito moves them), so an approval or an empty
///   account of one serves nobody, and either would keep the token from being destroyed
///   when its ITO is dissolved (`ito.dissolve`).
///
/// Root bypasses the filter.
pub struct BaseFilter;
impl frame_support::traits::Contains<RuntimeCall> for BaseFilter {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_assets::Call as A;
		let ito_token = |id: &codec::Compact<AssetId>| id.0 >= ITO_ASSET_ID_OFFSET;
		match call {
			RuntimeCall::Staking(pallet_staking::Call::manual_slash { .. }) => false,
			RuntimeCall::Assets(
				A::approve_transfer { id, .. } | A::touch { id } | A::touch_other { id, .. },
			) => !ito_token(id),
			_ => true,
		}
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = BaseFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// ParityDB's read and write on this machine (`benchmark storage`, scripts/benchmark.sh
	/// --storage); the node stores its chain in ParityDB.
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	/// What CheckNonce, CheckWeight, CheckEra... cost on this machine.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
}

/// The most validators a session can have: BABE's, GRANDPA's and staking's bound.
pub const MAX_AUTHORITIES: u32 = 64;

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
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
	/// Counts every asset id's destructions, so that an ITO's reward pool never takes a new
	/// asset created under a destroyed asset's id for the one it accepted.
	type CallbackHandle = pallet_ito::ItoAssetsCallback<Runtime>;
	type AssetIdAllocator = ();
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// What a user pays, as a held deposit, for each storage item it causes.
pub const STORAGE_ITEM_DEPOSIT: Balance = 10 * MILLI_UNIT;
/// What a user pays, as a held deposit, for each byte of storage it causes: Polkadot's
/// relative price (a thousandth of the currency a byte), the price a preimage pays here.
pub const STORAGE_BYTE_DEPOSIT: Balance = MILLI_UNIT;

/// The deposit for `items` storage items of `bytes` bytes in all (keys and values).
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	(items as Balance) * STORAGE_ITEM_DEPOSIT + (bytes as Balance) * STORAGE_BYTE_DEPOSIT
}

/// The largest key of a `Blake2_128Concat`/`Twox64Concat` map entry of pallet-ito: the
/// pallet and storage prefixes (32), and per key its hash (16) and its encoding (up to 32).
const ITO_KEY_BYTES: u32 = 32 + 2 * (16 + 32);

/// Bytes of a stored value, at its largest (`MaxEncodedLen`), with its key.
fn stored<V: codec::MaxEncodedLen>() -> u32 {
	(V::max_encoded_len() as u32).saturating_add(ITO_KEY_BYTES)
}

/// Every byte an ITO keeps in storage as long as it lives: its record, its pools, its full
/// work-block history (`HistoryLength` summaries), its token's asset record, the ITO
/// account's accounts (the token, each reward asset) and system account, and the entry that
/// counts each accepted asset's destructions (`AssetGeneration`). The token's metadata is
/// paid apart, by pallet-assets' metadata deposit.
pub struct ItoDeposit;
impl frame_support::traits::Get<Balance> for ItoDeposit {
	fn get() -> Balance {
		let history = <ItoHistoryLength as frame_support::traits::Get<u32>>::get();
		let pools = <ItoMaxRewardAssets as frame_support::traits::Get<u32>>::get();
		let bytes = stored::<pallet_ito::ItoInfoOf<Runtime>>()
			.saturating_add(stored::<pallet_ito::RewardPoolsOf<Runtime>>())
			.saturating_add(
				history.saturating_mul(stored::<pallet_ito::WorkBlockSummaryOf<Runtime>>()),
			)
			.saturating_add(stored::<pallet_assets::AssetDetails<Balance, AccountId, Balance>>())
			.saturating_add(pools.saturating_add(1).saturating_mul(stored::<
				pallet_assets::AssetAccount<Balance, Balance, (), AccountId>,
			>()))
			.saturating_add(stored::<
				frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>,
			>())
			.saturating_add(pools.saturating_mul(stored::<u32>()));
		deposit(3u32.saturating_add(history).saturating_add(2 * pools).saturating_add(2), bytes)
	}
}

/// A holder record, at its largest.
pub struct HolderDeposit;
impl frame_support::traits::Get<Balance> for HolderDeposit {
	fn get() -> Balance {
		deposit(1, stored::<pallet_ito::HolderInfoOf<Runtime>>())
	}
}

/// A work item, at its largest (its URI of `MaxUriLength` bytes).
pub struct WorkItemDeposit;
impl frame_support::traits::Get<Balance> for WorkItemDeposit {
	fn get() -> Balance {
		deposit(1, stored::<pallet_ito::WorkItemOf<Runtime>>())
	}
}

/// A proposal, at its largest (a `Signal` with a URI of `MaxUriLength` bytes).
pub struct ProposalDeposit;
impl frame_support::traits::Get<Balance> for ProposalDeposit {
	fn get() -> Balance {
		deposit(1, stored::<pallet_ito::ProposalInfoOf<Runtime>>())
	}
}

/// A voter record, at its largest.
pub struct VoterDeposit;
impl frame_support::traits::Get<Balance> for VoterDeposit {
	fn get() -> Balance {
		deposit(1, stored::<pallet_ito::VoterInfoOf<Runtime>>())
	}
}

/// A producer record.
pub struct ProducerDeposit;
impl frame_support::traits::Get<Balance> for ProducerDeposit {
	fn get() -> Balance {
		deposit(1, stored::<pallet_ito::ProducerInfoOf<Runtime>>())
	}
}

parameter_types! {
	pub const ItoPalletId: PalletId = PalletId(*b"wc/ito__");
	pub const ItoHistoryLength: u32 = 64;
	pub const ItoMaxRewardAssets: u32 = 8;
	pub const ItoAssetIdOffset: AssetId = ITO_ASSET_ID_OFFSET;
	/// One whole ITO token: ITO tokens have 12 decimals, like the native currency.
	pub const TokenUnit: Balance = UNIT;
	/// Default work block: 7 days of 6 second blocks.
	pub const DefaultWorkBlockLength: BlockNumber = 7 * DAYS;
	pub const MinWorkBlockLength: BlockNumber = 5;
	/// Proposals open at once per ITO: every change of a voter's value (a validation, a
	/// refund) updates the tally of each, so few keep `validate` cheap; a proposer with more
	/// value takes the slot of the one whose proposer has the least, so squatting them all
	/// takes four accounts, each with more value than anyone who wants to propose. Never
	/// lower it without a migration: ITO records hold up to this many.
	pub const ItoMaxOpenProposals: u32 = 4;
	/// A proposer needs 1% of the block's value: nobody proposes from nothing.
	pub const ItoMinProposerShare: Perbill = Perbill::from_percent(1);
	/// A fifth of the block's value must vote aye for a decision to pass.
	pub const ItoDefaultQuorum: Perbill = Perbill::from_percent(20);
	/// No ITO's decisions can be taken by fewer than 5% of its value...
	pub const ItoMinQuorum: Perbill = Perbill::from_percent(5);
	/// ...nor need more than half of it: a quorum that dormant holders could keep out of
	/// reach would lock the ITO's settings for good.
	pub const ItoMaxQuorum: Perbill = Perbill::from_percent(50);
	/// A validation quorum of at most half the value: above it, producers of a quiet ITO
	/// would seldom be paid.
	pub const ItoMaxValidationQuorum: Perbill = Perbill::from_percent(50);
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
	type MaxRewardAssets = ItoMaxRewardAssets;
	/// The last 64 work blocks of every ITO are kept (`ito_workBlockHistory`), paid for by
	/// the ITO deposit.
	type HistoryLength = ItoHistoryLength;
	type MinWorkBlockLength = MinWorkBlockLength;
	type DefaultWorkBlockLength = DefaultWorkBlockLength;
	type MaxOpenProposals = ItoMaxOpenProposals;
	type ProposalDeposit = ProposalDeposit;
	type VoterDeposit = VoterDeposit;
	type MinProposerShare = ItoMinProposerShare;
	type DefaultQuorum = ItoDefaultQuorum;
	type MinQuorum = ItoMinQuorum;
	type MaxQuorum = ItoMaxQuorum;
	type MaxValidationQuorum = ItoMaxValidationQuorum;
	type WeightInfo = crate::weights::pallet_ito::WeightInfo<Runtime>;
}

parameter_types! {
	pub const PreimageBaseDeposit: Balance = UNIT;
	pub const PreimageByteDeposit: Balance = MILLI_UNIT;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may use up to 80% of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// Only referenda (through Root) schedule; there is no scheduling key.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	/// 100: twice Polkadot's 50, so that agendas that spec 201 let fill to 50 keep room for
	/// the critical tasks of `governance::scheduler` (its reserve is 68).
	type MaxScheduledPerBlock = ConstU32<100>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// Votes stay locked this long per conviction doubling (1x: 1 day, 6x: 32 days).
	pub const VoteLockingPeriod: BlockNumber = DAYS;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	type MaxTurnout =
		frame_support::traits::tokens::currency::ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	/// What submitting a referendum reserves; the decision deposit is per track.
	pub const SubmissionDeposit: Balance = 10 * UNIT;
	pub const AlarmInterval: BlockNumber = 1;
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
}

impl pallet_custom_origins::Config for Runtime {}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	/// pallet-scheduler, with agenda room held for seat-freeing alarms and enactments
	/// (`governance::scheduler`).
	type Scheduler = crate::governance::scheduler::ReservingScheduler;
	type Currency = Balances;
	/// Anyone may submit a referendum, on any track.
	type SubmitOrigin = EnsureSigned<AccountId>;
	/// Cancelling a referendum (deposits refunded) takes Root or a `referendum_canceller`
	/// referendum; killing one (deposits burned) Root or a `referendum_killer` one.
	type CancelOrigin = crate::governance::EnsureReferendumCanceller;
	type KillOrigin = crate::governance::EnsureReferendumKiller;
	/// Deposits of killed referenda are burned.
	type Slash = ();
	type Votes = Balance;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = AlarmInterval;
	type Tracks = crate::governance::tracks::TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}
