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
	StorageVersion::new(3).put::<Ito>();
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
			None,
			None,
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
		assert_eq!(migrations::snapshot::<Test>().balances, before.balances);
		migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Ito::on_chain_storage_version(), StorageVersion::new(3));
		let after = migrations::snapshot::<Test>();
		assert_eq!(after.balances, before.balances);
		assert_eq!(after.storage.len(), before.storage.len());
		for (_, pools) in RewardPools::<Test>::iter() {
			assert!(pools.iter().all(|p| p.generation == 0 && !p.gone && p.accepting));
		}
		for (_, ito) in Itos::<Test>::iter() {
			assert_eq!(ito.quorum, DefaultQuorum::get());
			assert_eq!(ito.value, ito.eligible + ito.validation_weight);
			assert!(ito.proposals.is_empty() && ito.next_proposal == 0);
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

		// On a chain already at version 3 they do nothing.
		let after = migrations::snapshot::<Test>();
		migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(migrations::snapshot::<Test>(), after);
	});
}

/// In an ITO with `approval_required`, joiners took no reference before version 3: the
/// migration merges tokens bought in closed blocks and references the open block for the
/// tokens bought in it; everyone is then paid as before.
#[test]
fn version_2_to_3_gives_approval_joiners_their_references() {
	build_and_execute(|| {
		StorageVersion::new(3).put::<Ito>();
		let o = RuntimeOrigin::signed;
		let id = NextItoId::<Test>::get();
		assert_ok!(Ito::create_ito(
			o(1),
			b"Approval".to_vec(),
			UNIT,
			1,
			u128::MAX,
			Some(10),
			Some(1),
			None,
			true,
			vec![],
			None,
			None,
		));
		assert_ok!(Ito::buy(o(2), id, 1_000));
		run_to_block(System::block_number() + 10);
		assert_ok!(Ito::buy(o(3), id, 500));
		assert_ok!(Ito::add_reward(o(4), id, RewardAsset::Native, 900));
		assert_ok!(Ito::submit_work(o(4), id, H256::repeat_byte(1), b"w".to_vec(), None));
		assert_ok!(Ito::validate(o(2), id, 0, 100));
		run_to_block(System::block_number() + 10);
		assert_ok!(Ito::buy(o(5), id, 300));
		// Version 2's books: no reference for any joiner.
		let current = Itos::<Test>::get(id).unwrap().current;
		for (_, h) in Holders::<Test>::iter_prefix(id) {
			match h.pending_block {
				Some(k) if k == current => Itos::<Test>::mutate(id, |i| {
					i.as_mut().unwrap().pending_refs -= 1;
				}),
				Some(k) => {
					let mut record = ClosedBlocks::<Test>::get(id, k).unwrap();
					record.refs -= 1;
					if record.refs == 0 {
						ClosedBlocks::<Test>::remove(id, k);
					} else {
						ClosedBlocks::<Test>::insert(id, k, record);
					}
				}
				None => {}
			}
		}
		migrations::v3::write_v2_layout::<Test>();
		StorageVersion::new(2).put::<Ito>();
		migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		Ito::do_try_state().expect("the books hold after the migration");
		assert_eq!(Holders::<Test>::get(id, 3).unwrap().pending_block, None, "merged");
		assert_eq!(Holders::<Test>::get(id, 5).unwrap().pending_block, Some(current));
		// 2 validated in block 1 with 900 eligible units: the whole 900 is its.
		let before = Balances::free_balance(2);
		assert_ok!(Ito::claim(o(8), id, 2));
		assert_eq!(Balances::free_balance(2) - before, 900);
		run_to_block(System::block_number() + 10);
		for who in [3, 5] {
			let _ = Ito::claim(o(8), id, who);
		}
	});
}

#[test]
fn the_code_is_at_the_last_migrated_version() {
	assert_eq!(Ito::in_code_storage_version(), StorageVersion::new(3));
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
