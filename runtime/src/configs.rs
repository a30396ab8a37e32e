//! Pallet configurations of the Workchain runtime.

use alloc::vec::Vec;
use frame_support::traits::{
	fungible::{Balanced, Credit, HoldConsideration},
	EqualPrivilegeOnly, LinearStoragePrice, OnUnbalanced,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EnsureOriginWithArg, Get, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
/// pallet-session's session index (`sp_staking::SessionIndex`).
type SessionIndex = u32;
use sp_runtime::{
	traits::{Bounded, OpaqueKeys},
	FixedPointNumber, Perbill, Perquintill,
};
use sp_version::RuntimeVersion;

use super::{
	governance::origins::pallet_custom_origins, opaque::SessionKeys, AccountId, AssetId, Assets,
	Aura, Balance, Balances, Block, BlockNumber, CollatorSelection, Hash, Nonce, OriginCaller,
	PalletInfo, Preimage, Referenda, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Scheduler, Session, System, DAYS,
	EXISTENTIAL_DEPOSIT, HOURS, MILLI_UNIT, SLOT_DURATION, UNIT, VERSION,
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

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
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

/// The most validators a session can have: Aura's and GRANDPA's bound. Collator
/// selection never picks more (`MaxInvulnerables + MaxCandidates`).
pub const MAX_AUTHORITIES: u32 = 64;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
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
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// The fee market aims at blocks a quarter full (of normal dispatch weight).
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// Polkadot's slow adjustment: each full block raises fees by about 0.0056%, so a day
	/// of full blocks (14,400) multiplies them by about 2.25.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// An idle chain's fees fall to a tenth of the base fee at most.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// Polkadot's slow-adjusting fee multiplier: fees rise while blocks are fuller than
/// [`TargetBlockFullness`] and fall while they are emptier.
pub type SlowAdjustingFeeUpdate<R> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

/// Transaction fees and tips go to collator selection's pot, from which every block's
/// author is paid half (`pallet_collator_selection`'s `note_author`).
pub struct ToAuthors;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToAuthors {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		let pot = CollatorSelection::account_id();
		// The pot is endowed at genesis and never paid out below the existential deposit,
		// so the deposit cannot fail; if it ever did, the credit is dropped: burned.
		let _ = <Balances as Balanced<AccountId>>::resolve(&pot, amount);
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ToAuthors>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
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
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
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
	/// The last 64 work blocks of every ITO are kept (`ito_workBlockHistory`).
	type HistoryLength = ConstU32<64>;
	type MinWorkBlockLength = MinWorkBlockLength;
	type DefaultWorkBlockLength = DefaultWorkBlockLength;
	type WeightInfo = crate::weights::pallet_ito::WeightInfo<Runtime>;
}

parameter_types! {
	/// The default session length. A chain spec may set another (the raw storage key of
	/// `:SessionLength:`, a SCALE `u32`), and so may a root referendum (`system.set_storage`):
	/// the join test runs 10-block sessions on the same runtime.
	pub storage SessionLength: BlockNumber = HOURS;
	pub const SessionOffset: BlockNumber = 0;
	/// What setting session keys holds: it pays for their three storage items.
	pub const SessionKeyDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// A validator is identified by its account.
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionLength, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionLength, SessionOffset>;
	/// Collator selection picks each session's validators: invulnerables and the top
	/// candidates by bond; a set equal to the current one is not reported as new.
	type SessionManager = NewSetsOnly;
	/// Aura and GRANDPA learn each new set; GRANDPA schedules a change only when the set
	/// or a key really changed.
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// No offences are reported, so nobody is disabled.
	type DisablingStrategy = ();
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

/// Collator selection as the session manager, except that a planned set equal to the
/// current one is reported as no new set.
///
/// Collator selection returns a set at every session, which pallet-session takes as a
/// change, and GRANDPA then starts a new authority set (a new set id) every session. With
/// this wrapper the session reports a change, and GRANDPA starts a new set, only when the
/// validators or one of their keys really changed.
pub struct NewSetsOnly;
impl pallet_session::SessionManager<AccountId> for NewSetsOnly {
	fn new_session(index: SessionIndex) -> Option<Vec<AccountId>> {
		let planned = <CollatorSelection as pallet_session::SessionManager<_>>::new_session(index)?;
		(planned != pallet_session::Validators::<Runtime>::get()).then_some(planned)
	}
	fn new_session_genesis(index: SessionIndex) -> Option<Vec<AccountId>> {
		<CollatorSelection as pallet_session::SessionManager<_>>::new_session_genesis(index)
	}
	fn end_session(index: SessionIndex) {
		<CollatorSelection as pallet_session::SessionManager<_>>::end_session(index)
	}
	fn start_session(index: SessionIndex) {
		<CollatorSelection as pallet_session::SessionManager<_>>::start_session(index)
	}
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	/// Collator selection pays each block's author from the pot and notes that it authored.
	type EventHandler = (CollatorSelection,);
}

/// The most invulnerables (genesis validators; governance may change them).
pub const MAX_INVULNERABLES: u32 = 16;

parameter_types! {
	pub const PotId: PalletId = PalletId(*b"wc/pot__");
	pub const MaxInvulnerables: u32 = MAX_INVULNERABLES;
	/// Candidates by bond. A full list is joined by outbidding its lowest bond
	/// (`take_candidate_slot`).
	pub const MaxCandidates: u32 = MAX_AUTHORITIES - MAX_INVULNERABLES;
	/// Leaving, and removing invulnerables, never empties the validator set.
	pub const MinEligibleCollators: u32 = 1;
}

/// Two sessions, collator selection's kick threshold.
///
/// Registering counts as authoring one threshold ahead, and a candidate enters the set
/// two sessions after it registers. With a threshold of one session, a candidate that
/// registered in the first block of a session would count as lazy the moment it entered
/// the set, before its first slot.
pub struct TwoSessions;
impl Get<BlockNumber> for TwoSessions {
	fn get() -> BlockNumber {
		SessionLength::get().saturating_mul(2)
	}
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	/// Root or a `validator_admin` referendum.
	type UpdateOrigin = crate::governance::EnsureValidatorAdmin;
	type PotId = PotId;
	type MaxCandidates = MaxCandidates;
	type MinEligibleCollators = MinEligibleCollators;
	type MaxInvulnerables = MaxInvulnerables;
	/// A candidate that authored nothing for two sessions is kicked at a session's end.
	type KickThreshold = TwoSessions;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = crate::weights::pallet_collator_selection::WeightInfo<Runtime>;
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
	type MaxScheduledPerBlock = ConstU32<50>;
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
	type Scheduler = Scheduler;
	type Currency = Balances;
	/// Anyone may submit a referendum, on any track.
	type SubmitOrigin = EnsureSigned<AccountId>;
	/// Cancelling or killing a referendum takes a root referendum.
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
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
