//! The storage migrations, on a chain with ITOs, holders, work items and owed rewards.

use crate::{migrations, mock::*, *};
use frame_support::{
	assert_ok,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use sp_core::H256;

/// Two ITOs; in the first, two holders, a producer's work item with native and asset
/// rewards, a validation, and a closed work block whose rewards are owed.
fn busy_chain() -> ItoId {
	// The mock has no genesis of pallet-ito: its storage is the code's layout.
	StorageVersion::new(2).put::<Ito>();
	let o = RuntimeOrigin::signed;
	let id = NextItoId::<Test>::get();
	for _ in 0..2 {
		assert_ok!(Ito::create_ito(
			o(1),
			b"Upgraded ITO".to_vec(),
			2 * UNIT,
			UNIT,
			1_000 * UNIT,
			Some(10),
			None,
			None,
			false,
			vec![1],
		));
	}
	assert_ok!(Ito::buy(o(2), id, 100 * UNIT));
	assert_ok!(Ito::buy(o(3), id, 200 * UNIT));
	run_to_block(System::block_number() + 10);
	assert_ok!(Ito::submit_work(o(4), id, H256::repeat_byte(1), b"ipfs://work".to_vec(), None));
	assert_ok!(Ito::add_reward(o(4), id, RewardAsset::Native, 60 * UNIT));
	assert_ok!(Ito::add_reward(o(5), id, RewardAsset::Asset(1), 30 * UNIT));
	assert_ok!(Ito::validate(o(2), id, 0, 5 * UNIT));
	run_to_block(System::block_number() + 10);
	// Touch the ITO so that the closed block is settled in storage.
	assert_ok!(Ito::buy(o(6), id, 2 * UNIT));
	id
}

#[test]
fn version_0_to_1_keeps_every_record_and_balance() {
	build_and_execute(|| {
		let id = busy_chain();
		let owed = Ito::account_view(id, &3).expect("a holder").holder_owed;
		assert!(owed.iter().any(|(_, amount)| *amount > 0), "rewards are owed: {owed:?}");
		StorageVersion::new(0).put::<Ito>();
		let before = migrations::snapshot::<Test>();
		assert!(before.storage.len() > 10 && before.balances.len() == 2);

		migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Ito::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(migrations::snapshot::<Test>(), before);
		// What was owed is still owed, and claimed.
		assert_eq!(Ito::account_view(id, &3).expect("a holder").holder_owed, owed);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(3), id, 3));

		// On a chain already at version 1 it does nothing.
		let after = migrations::snapshot::<Test>();
		migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(migrations::snapshot::<Test>(), after);
		assert_eq!(Ito::on_chain_storage_version(), StorageVersion::new(1));
	});
}

#[test]
fn version_1_to_2_translates_pools_and_holders_and_keeps_every_balance() {
	build_and_execute(|| {
		let id = busy_chain();
		let owed = Ito::account_view(id, &3).expect("a holder").holder_owed;
		assert!(owed.iter().any(|(_, amount)| *amount > 0), "rewards are owed: {owed:?}");
		let before = migrations::snapshot::<Test>();
		migrations::v2::write_v1_layout::<Test>();
		StorageVersion::new(1).put::<Ito>();

		migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Ito::on_chain_storage_version(), StorageVersion::new(2));
		let after = migrations::snapshot::<Test>();
		assert_eq!(after.balances, before.balances);
		assert_eq!(after.storage.len(), before.storage.len());
		for (_, pools) in RewardPools::<Test>::iter() {
			assert!(pools.iter().all(|p| p.generation == 0 && !p.gone));
		}
		assert_eq!(Holders::<Test>::iter().count(), 3);
		assert!(Holders::<Test>::iter().all(|(_, _, h)| h.remainders.is_empty()));
		// What was owed is still owed, and claimed.
		assert_eq!(Ito::account_view(id, &3).expect("a holder").holder_owed, owed);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(3), id, 3));
		assert!(System::events().iter().any(|e| matches!(
			e.event,
			RuntimeEvent::Ito(Event::Claimed { asset: RewardAsset::Asset(1), .. })
		)));

		// On a chain already at version 2 it does nothing.
		let after = migrations::snapshot::<Test>();
		migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(migrations::snapshot::<Test>(), after);
	});
}

#[test]
fn the_code_is_at_the_last_migrated_version() {
	assert_eq!(Ito::in_code_storage_version(), StorageVersion::new(2));
}

/// The snapshot sees a change to any record or balance (the checks cannot pass vacuously).
#[test]
fn the_snapshot_sees_every_change() {
	build_and_execute(|| {
		let id = busy_chain();
		let before = migrations::snapshot::<Test>();
		assert_ok!(Ito::claim(RuntimeOrigin::signed(3), id, 3));
		assert_ne!(migrations::snapshot::<Test>(), before);
		let before = migrations::snapshot::<Test>();
		// A balance outside pallet-ito's storage: a holder's token moved by the asset pallet
		// is refused (frozen), but the ITO account's asset balance is not.
		let account = Ito::ito_account(id).expect("exists");
		assert_ok!(Assets::mint(RuntimeOrigin::signed(1), 1, account, 1));
		assert_ne!(migrations::snapshot::<Test>(), before);
		assert_ok!(Assets::burn(RuntimeOrigin::signed(1), 1, account, 1));
		assert_eq!(migrations::snapshot::<Test>(), before);
	});
}
