//! A test runtime: System, Balances, Assets (with the ITO freezer) and Ito.

use crate as pallet_ito;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, Hooks},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::BuildStorage;

/// 16 bytes: long enough that every ITO's sub-account is distinct, as with 32-byte ids.
pub type AccountId = u128;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

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
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(3)]
	pub type Ito = pallet_ito;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<METADATA_BASE>;
	type MetadataDepositPerByte = ConstU128<1>;
	type ApprovalDeposit = ConstU128<0>;
	type Freezer = pallet_ito::ItoFreezer<Test>;
	type CallbackHandle = pallet_ito::ItoAssetsCallback<Test>;
}

pub const ED: Balance = 10;
pub const UNIT: Balance = 1_000_000_000_000;
pub const METADATA_BASE: Balance = 100;
pub const ITO_DEPOSIT: Balance = 1_000;
pub const HOLDER_DEPOSIT: Balance = 50;
pub const WORK_ITEM_DEPOSIT: Balance = 200;
pub const PRODUCER_DEPOSIT: Balance = 30;
pub const OFFSET: u32 = 1_000_000;
pub const MAX_ASSETS: u32 = 4;
/// Closed work blocks kept per ITO in the mock (small, to see old ones drop off).
pub const HISTORY_LENGTH: u32 = 4;

pub const MAX_OPEN_PROPOSALS: u32 = 3;
pub const PROPOSAL_DEPOSIT: Balance = 70;
pub const VOTER_DEPOSIT: Balance = 20;

parameter_types! {
	pub const ItoPalletId: PalletId = PalletId(*b"wc/ito__");
	pub const MinProposerShare: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(1);
	pub const DefaultQuorum: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(20);
	pub const MinQuorum: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(5);
	pub const MaxQuorum: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
	pub const MaxValidationQuorum: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
}

impl pallet_ito::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Assets = Assets;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = ItoPalletId;
	type ItoAssetIdOffset = ConstU32<OFFSET>;
	type ItoDeposit = ConstU128<ITO_DEPOSIT>;
	type HolderDeposit = ConstU128<HOLDER_DEPOSIT>;
	type WorkItemDeposit = ConstU128<WORK_ITEM_DEPOSIT>;
	type ProducerDeposit = ConstU128<PRODUCER_DEPOSIT>;
	type TokenUnit = ConstU128<UNIT>;
	type MaxNameLength = ConstU32<32>;
	type MaxUriLength = ConstU32<64>;
	type MaxRewardAssets = ConstU32<MAX_ASSETS>;
	type HistoryLength = ConstU32<HISTORY_LENGTH>;
	type MinWorkBlockLength = ConstU64<5>;
	type DefaultWorkBlockLength = ConstU64<100_800>;
	type MaxOpenProposals = ConstU32<MAX_OPEN_PROPOSALS>;
	type ProposalDeposit = ConstU128<PROPOSAL_DEPOSIT>;
	type VoterDeposit = ConstU128<VOTER_DEPOSIT>;
	type MinProposerShare = MinProposerShare;
	type DefaultQuorum = DefaultQuorum;
	type MinQuorum = MinQuorum;
	type MaxQuorum = MaxQuorum;
	type MaxValidationQuorum = MaxValidationQuorum;
	type WeightInfo = ();
}

/// Accounts endowed at genesis.
pub const ACCOUNTS: [AccountId; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
/// Native endowment of each account.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;
/// Reward assets created at genesis (ids 1 to 5), each held by every account.
pub const REWARD_ASSETS: [u32; 5] = [1, 2, 3, 4, 5];
pub const ASSET_ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Test externalities at block 1, with endowed accounts and reward assets.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: ACCOUNTS.iter().map(|a| (*a, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: REWARD_ASSETS.iter().map(|id| (*id, 1, true, 1)).collect(),
		metadata: vec![],
		accounts: REWARD_ASSETS
			.iter()
			.flat_map(|id| ACCOUNTS.iter().map(move |a| (*id, *a, ASSET_ENDOWMENT)))
			.collect(),
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` in fresh externalities and check the pallet's invariants afterwards.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Ito::do_try_state().expect("invariants hold after the test");
		crate::tests::assert_exact_conservation();
	})
}

/// Advance to chain block `n`, running hooks.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Ito::on_initialize(next);
	}
}
