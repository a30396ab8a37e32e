//! A runtime upgrade on a chain with ITOs, holders, work and owed rewards: every migration's
//! try-runtime checks (pre and post) and every pallet's `try_state` pass, and pallet-ito
//! ends at its new storage version. Needs the `try-runtime` feature (scripts/test.sh:
//! `cargo test -p workchain-runtime --features try-runtime tests_upgrade`).

use super::*;
use crate::tests::ext_from_preset;
use frame_support::{
	assert_ok,
	traits::{GetStorageVersion, StorageVersion},
};
use frame_try_runtime::UpgradeCheckSelect;
use sp_keyring::Sr25519Keyring::*;

fn signed(who: sp_keyring::Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}

#[test]
fn the_upgrade_passes_its_try_runtime_checks_on_a_chain_with_itos() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let id = pallet_ito::NextItoId::<Runtime>::get();
		assert_ok!(crate::tests::open_ito(&Alice.to_account_id(), b"Upgraded", vec![1]));
		assert_ok!(Ito::buy(signed(Bob), id, 100 * UNIT));
		assert_ok!(Ito::buy(signed(Charlie), id, 200 * UNIT));
		run_to(System::block_number() + 10);
		assert_ok!(Ito::submit_work(
			signed(Dave),
			id,
			sp_core::H256::repeat_byte(1),
			b"ipfs://work".to_vec(),
			None
		));
		assert_ok!(Ito::add_reward(signed(Dave), id, pallet_ito::RewardAsset::Native, 60 * UNIT));
		assert_ok!(Ito::add_reward(signed(Eve), id, pallet_ito::RewardAsset::Asset(1), 30 * UNIT));
		assert_ok!(Ito::validate(signed(Bob), id, 0, 5 * UNIT));
		run_to(System::block_number() + 10);
		assert_ok!(Ito::buy(signed(Ferdie), id, 2 * UNIT));
		let owed = Ito::account_view(id, &Charlie.to_account_id()).expect("a holder").holder_owed;
		assert!(owed.iter().any(|(_, amount)| *amount > 0), "{owed:?}");

		// The chain as spec version 201 left it: version 0, version 1's layout.
		let before = pallet_ito::migrations::snapshot::<Runtime>();
		pallet_ito::migrations::v2::write_v1_layout::<Runtime>();
		StorageVersion::new(0).put::<Ito>();
		assert_ok!(Executive::try_runtime_upgrade(UpgradeCheckSelect::All));
		assert_eq!(Ito::on_chain_storage_version(), StorageVersion::new(3));
		// Every balance an ITO accounts for is as it was; so is every record the layout
		// change leaves alone.
		let after = pallet_ito::migrations::snapshot::<Runtime>();
		assert_eq!(after.balances, before.balances);
		assert_eq!(after.storage.len(), before.storage.len());
		assert_eq!(
			Ito::account_view(id, &Charlie.to_account_id()).expect("a holder").holder_owed,
			owed
		);
	});
}
