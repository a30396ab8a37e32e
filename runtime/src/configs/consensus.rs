//! Consensus: nominated proof of stake (NPoS), as Polkadot's relay chain runs it.
//!
//! - **Who validates.** `pallet-staking` elects each era's validators from everyone who
//!   bonded and called `validate`, by the stake behind them: their own bond and what
//!   nominators bonded to them (`nominate`). Anyone may bond, validate or nominate; the
//!   election is on-chain sequential Phragmén over bounded voter and target lists, the
//!   voters taken by stake from `pallet-bags-list`. The number of seats is
//!   `staking.validatorCount`, which only Root (a root referendum) changes.
//! - **Sessions and eras.** A session is a BABE epoch ([`SessionLength`] slots of 6 s; one
//!   hour by default) and an era is [`SessionsPerEra`] sessions (six by default). The set
//!   elected at the end of an era takes its seats one session later.
//! - **Blocks** by BABE, **finality** by GRANDPA. Both take each session's keys from
//!   `pallet-session`, which remembers every session's validator set in
//!   `pallet-session::historical` so that a key-ownership proof of any recent session can
//!   be checked.
//! - **Offences.** A validator that signs two BABE blocks in one slot, or two GRANDPA votes
//!   in one round, is reported (by any node that sees it, as an unsigned transaction that
//!   carries the proof: BABE's and GRANDPA's `report_equivocation_unsigned`);
//!   `pallet-offences` hands the offence to staking, which slashes the validator and its
//!   nominators after [`SlashDeferDuration`] eras (Root or `staking_admin` may cancel a
//!   deferred slash) and `pallet-session` disables it until the set changes (at most a
//!   third of the set, so none in a set of 3 or fewer; lighter offenders are re-enabled
//!   for heavier ones). BABE's reports do not land yet: sc-consensus-babe 0.60 builds the
//!   proof from headers whose seal it moved aside, which the runtime cannot verify
//!   (README, "Run a validator").
//! - **Stake stays slashable.** Unbonded stake is held for [`BondingDuration`] eras, longer
//!   than the slash deferral and than the window in which an offence of the session it
//!   voted in can be reported: what backed a vote can still be slashed for it.
//! - **Rewards.** Each era mints Polkadot's inflation curve's payout for the stake (2.5% to
//!   10% a year, highest at 50% staked), shared by era points (20 per authored block),
//!   each validator's share split with its nominators pro rata after its commission;
//!   anyone calls `staking.payoutStakers(stash, era)` within [`HistoryDepth`] eras. The
//!   remainder of the curve's maximum is not minted. A fifth of every transaction fee and
//!   every tip go to the block's author; the rest of the fee is burned
//!   ([`super::DealWithFees`]).
//!
//! `pallet-staking` is deprecated upstream in favour of `pallet-staking-async`, which runs
//! only on a system parachain (Polkadot's and Kusama's Asset Hub) with the relay chain's
//! `pallet-staking-async-ah-client`. A standalone chain has no such pair, so Workchain pins
//! `pallet-staking` at the stable2609 release, as other standalone chains do.

use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Get},
};
use sp_runtime::{curve::PiecewiseLinear, traits::ConvertInto, Perbill};
use sp_staking::{EraIndex, SessionIndex};

use super::MAX_AUTHORITIES;
use crate::governance::EnsureStakingAdmin;
use crate::{
	opaque::SessionKeys, AccountId, Babe, Balance, Balances, BlockNumber, Historical, Offences,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, Session, Staking, Timestamp,
	UncheckedExtrinsic, VoterList, HOURS, MILLI_SECS_PER_BLOCK,
};
use sp_runtime::traits::OpaqueKeys;

/// A runtime parameter kept in storage under `twox_128(":Name:")` (a SCALE `u32`), read
/// through a clamp: a raw chain spec may set it at genesis (the test networks' short
/// sessions and eras), and so may Root, but no value outside `MIN..=MAX` takes effect: no
/// value makes the runtime panic (a session length of 0 made every block panic in
/// `now % 0`). The session length must still never change after genesis (see
/// [`SessionLength`]).
pub struct Clamped<P, const MIN: u32, const MAX: u32>(core::marker::PhantomData<P>);
impl<P: Get<u32>, const MIN: u32, const MAX: u32> Get<u32> for Clamped<P, MIN, MAX> {
	fn get() -> u32 {
		P::get().clamp(MIN, MAX)
	}
}

/// Fewest and most slots in a session (a BABE epoch): 30 s to one day.
pub const MIN_SESSION_LENGTH: u32 = 5;
pub const MAX_SESSION_LENGTH: u32 = 24 * HOURS;
/// Fewest and most sessions in an era.
pub const MIN_SESSIONS_PER_ERA: u32 = 1;
pub const MAX_SESSIONS_PER_ERA: u32 = 28;
/// Fewest and most eras that unbonded stake stays held. At most [`HISTORY_DEPTH`]:
/// staking keeps an era's exposures that long, and an offence older than them would
/// slash nothing.
pub const MIN_BONDING_DURATION: u32 = 2;
pub const MAX_BONDING_DURATION: u32 = HISTORY_DEPTH;
/// Eras of rewards and exposures kept: an unclaimed reward can be paid this long.
pub const HISTORY_DEPTH: u32 = 84;

parameter_types! {
	/// Slots (6 s each) in a session, which is a BABE epoch: one hour unless a chain spec
	/// says otherwise. BABE fixes the epoch length at genesis: set it in the chain spec,
	/// never afterwards. A later write (a root referendum's `system.set_storage`), even
	/// within the bounds, makes the runtime end epochs where the nodes do not expect them,
	/// and they reject every later block: only a hard fork recovers. The bounds only keep
	/// a chain spec from starting a chain that panics (a length of 0 did, in `now % 0`).
	pub storage SessionLength: BlockNumber = HOURS;
	/// Sessions in an era: six (six hours) unless a chain spec says otherwise.
	pub storage SessionsPerEra: SessionIndex = 6;
	/// Eras that unbonded stake stays held: 28 (seven days) unless a chain spec says
	/// otherwise.
	pub storage BondingDuration: EraIndex = 28;
}

/// [`SessionLength`] within its bounds.
pub type SessionSlots = Clamped<SessionLength, MIN_SESSION_LENGTH, MAX_SESSION_LENGTH>;
/// [`SessionsPerEra`] within its bounds.
pub type EraSessions = Clamped<SessionsPerEra, MIN_SESSIONS_PER_ERA, MAX_SESSIONS_PER_ERA>;
/// [`BondingDuration`] within its bounds.
pub type UnbondingEras = Clamped<BondingDuration, MIN_BONDING_DURATION, MAX_BONDING_DURATION>;

/// BABE's epoch duration in slots: the session length.
pub struct EpochDuration;
impl Get<u64> for EpochDuration {
	fn get() -> u64 {
		SessionSlots::get().into()
	}
}

/// A slash is applied one era before the slashed stake could leave: Polkadot's 27 of 28.
pub struct SlashDeferDuration;
impl Get<EraIndex> for SlashDeferDuration {
	fn get() -> EraIndex {
		UnbondingEras::get().saturating_sub(1)
	}
}

/// How long an equivocation report stays valid: the whole bonding duration, in blocks
/// (as Polkadot's `ReportLongevity`). An older offence could no longer be slashed.
pub struct ReportLongevity;
impl Get<u64> for ReportLongevity {
	fn get() -> u64 {
		u64::from(UnbondingEras::get())
			.saturating_mul(EraSessions::get().into())
			.saturating_mul(EpochDuration::get())
	}
}

/// GRANDPA's set-id to session map keeps the sessions of a bonding duration, the ones
/// whose offences can still be reported.
pub struct MaxSetIdSessionEntries;
impl Get<u64> for MaxSetIdSessionEntries {
	fn get() -> u64 {
		u64::from(UnbondingEras::get()).saturating_mul(EraSessions::get().into())
	}
}

parameter_types! {
	/// Backers per validator in one page of its exposure; staking pays out a page at a
	/// time.
	pub const MaxExposurePageSize: u32 = 64;
	pub const HistoryDepth: u32 = HISTORY_DEPTH;
	pub const MaxUnlockingChunks: u32 = 32;
	/// The election reads at most this many voters (nominators and validators, the ones
	/// with the most stake first, from the bags list) and this many validator candidates.
	/// On-chain sequential Phragmén runs in the block that plans an era, so its input is
	/// kept to what a block computes well within its budget; a nominator below the
	/// `MaxElectingVoters`th stake is not counted until it bonds more (Polkadot counts
	/// 22,500 with an off-chain election).
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(MAX_ELECTING_VOTERS.into())
		.targets_count(MAX_ELECTABLE_TARGETS.into())
		.build();
	pub const MaxBackersPerWinner: u32 = MAX_ELECTING_VOTERS;
	pub const MaxWinnersPerPage: u32 = MAX_AUTHORITIES;
	/// Controllers a `deprecate_controller_batch` call may touch.
	pub const MaxControllersInDeprecationBatch: u32 = 100;
	/// Bags-list rebags at most this many voters per block by itself; anyone may `rebag`.
	pub const MaxAutoRebagPerBlock: u32 = 0;
	pub const ExpectedBlockTime: u64 = MILLI_SECS_PER_BLOCK;
	pub const RewardCurve: &'static PiecewiseLinear<'static> = &REWARD_CURVE;
	pub const BagThresholds: &'static [u64] = &super::voter_bags::THRESHOLDS;
}

/// Voters the on-chain election reads at most.
pub const MAX_ELECTING_VOTERS: u32 = 1_024;
/// Validator candidates the on-chain election reads at most. It reads them in storage
/// order (by account hash), not by stake: at most this many accounts may validate
/// ([`crate::genesis_config_presets::MAX_VALIDATOR_COUNT`]), or a flood of cheap
/// candidates whose hashes sort first would keep every honest one out of the election.
pub const MAX_ELECTABLE_TARGETS: u32 = 512;
/// Validators a nominator may back (Polkadot's 16).
pub const MAX_NOMINATIONS: u32 = 16;

// Polkadot's inflation curve: 2.5% a year at no stake, 10% at the ideal stake of 50%,
// falling off above it.
pallet_staking_reward_curve::build! {
	const REWARD_CURVE: PiecewiseLinear<'static> = curve!(
		min_inflation: 0_025_000,
		max_inflation: 0_100_000,
		ideal_stake: 0_500_000,
		falloff: 0_050_000,
		max_piece_count: 40,
		test_precision: 0_005_000,
	);
}

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	/// Sessions end epochs: pallet-session asks BABE whether an epoch is over.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	/// A report's weight is charged for every backer the slash may touch.
	type MaxNominators = MaxBackersPerWinner;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_babe::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = MaxBackersPerWinner;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Babe;
	type MinimumPeriod = frame_support::traits::ConstU64<{ crate::SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	/// Staking gives the author era points (20 a block), by which era rewards are shared.
	type EventHandler = (Staking,);
}

parameter_types! {
	/// What setting session keys holds: it pays for their three storage items.
	pub const SessionKeyDeposit: Balance = 100 * crate::MILLI_UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is identified by its stash account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	/// A session ends with its BABE epoch.
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	/// Staking plans each era's set; the historical pallet remembers every session's set
	/// for key-ownership proofs.
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<
		Self,
		// Staking, with a finality recovery's bench and forced change (see
		// `crate::finality_recovery`).
		crate::finality_recovery::RecoveringSessions<Self, Staking>,
	>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// An offender is disabled until the era ends, a third of the set at most; a heavier
	/// offender takes the place of a lighter one.
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

parameter_types! {
	/// A recovery names at most half of the largest set.
	pub const MaxSilent: u32 = crate::genesis_config_presets::MAX_VALIDATOR_COUNT / 2;
}

impl crate::finality_recovery::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RecoveryOrigin = crate::governance::EnsureFinalityRecovery;
	type MaxSilent = MaxSilent;
	type MaxBenched = ConstU32<{ crate::genesis_config_presets::MAX_VALIDATOR_COUNT }>;
	/// Benched for as long as unbonding takes (28 eras, a week, on a live network).
	type BenchEras = UnbondingEras;
	/// One block: a session is counted in slots, and one whose validators also stopped
	/// authoring may hold few blocks; a longer delay could overlap the next session's
	/// change, which pallet-grandpa would then drop (`ChangePending`).
	type ForcedChangeDelay = ConstU32<1>;
	/// A set per era: 512 eras, four months of six-hour eras, longer than pallet-grandpa
	/// keeps its sets' sessions (`MaxSetIdSessionEntries`).
	type SetsKept = ConstU32<512>;
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A proof names the validator; staking looks its exposure up itself.
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Staking;
}

/// The on-chain election: sequential Phragmén over the bounded snapshot.
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxBackersPerWinner = MaxBackersPerWinner;
	type MaxWinnersPerPage = MaxWinnersPerPage;
	type Bounds = ElectionBoundsOnChain;
	type Sort = frame_support::traits::ConstBool<true>;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	type Currency = Balances;
	type CurrencyBalance = Balance;
	type RuntimeHoldReason = RuntimeHoldReason;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type ElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<MAX_NOMINATIONS>;
	type HistoryDepth = HistoryDepth;
	/// The curve's remainder is not minted.
	type RewardRemainder = ();
	type RuntimeEvent = RuntimeEvent;
	/// Slashed stake is burned.
	type Slash = ();
	type Reward = ();
	type SessionsPerEra = EraSessions;
	type BondingDuration = UnbondingEras;
	type SlashDeferDuration = SlashDeferDuration;
	/// Root, or a `staking_admin` referendum: cancelling a deferred slash, the minimum
	/// commission (`manual_slash` is filtered to Root: [`super::BaseFilter`]). Seats and
	/// minimum bonds are Root's; no origin chooses who validates.
	type AdminOrigin = EnsureStakingAdmin;
	type SessionInterface = Self;
	type EraPayout = pallet_staking::ConvertCurve<RewardCurve>;
	type NextNewSession = Session;
	type MaxExposurePageSize = MaxExposurePageSize;
	type MaxValidatorSet = ConstU32<MAX_AUTHORITIES>;
	type VoterList = VoterList;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type MaxUnlockingChunks = MaxUnlockingChunks;
	type MaxControllersInDeprecationBatch = MaxControllersInDeprecationBatch;
	type EventListeners = ();
	type Filter = frame_support::traits::Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}

/// The sizes staking's benchmarks run at: the election's voter and target bounds.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxNominators = ConstU32<MAX_ELECTING_VOTERS>;
	type MaxValidators = ConstU32<MAX_ELECTABLE_TARGETS>;
}

/// The voters' bags list: nominators and validators sorted by stake, so that the election
/// reads the largest first.
impl pallet_bags_list::Config<pallet_bags_list::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_bags_list::weights::SubstrateWeight<Runtime>;
	type ScoreProvider = Staking;
	type BagThresholds = BagThresholds;
	type MaxAutoRebagPerBlock = MaxAutoRebagPerBlock;
	type Score = frame_election_provider_support::VoteWeight;
}

/// BABE's and GRANDPA's equivocation reports are unsigned transactions.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}
