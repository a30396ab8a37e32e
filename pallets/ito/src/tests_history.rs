//! Tests of the work-block history: what each close paid is kept for the last
//! `HistoryLength` work blocks and read through `work_block_history`.

use crate::{mock::*, *};
use frame_support::assert_ok;
use sp_core::H256;

const PRICE: Balance = 2 * UNIT;
const LEN: u64 = 10;

fn create() -> ItoId {
	let id = NextItoId::<Test>::get();
	assert_ok!(Ito::create_ito(
		RuntimeOrigin::signed(1),
		b"History".to_vec(),
		PRICE,
		UNIT,
		1_000 * UNIT,
		Some(LEN),
		None,
		None,
		false,
		vec![1, 2],
		None,
		None,
	));
	id
}

fn submit(id: ItoId, who: AccountId) -> WorkItemId {
	let item = Itos::<Test>::get(id).unwrap().next_work_item;
	assert_ok!(Ito::submit_work(
		RuntimeOrigin::signed(who),
		id,
		H256::repeat_byte(item as u8 + 1),
		b"ipfs://evidence".to_vec(),
		None
	));
	item
}

fn history(id: ItoId) -> Vec<WorkBlockSummaryViewOf<Test>> {
	Ito::work_block_history_view(id, 0, u32::MAX)
}

fn asset(summary: &WorkBlockSummaryViewOf<Test>, which: RewardAsset<u32>) -> AssetSummaryViewOf {
	summary.assets.iter().find(|a| a.asset == which).cloned().expect("a pool of the asset")
}

type AssetSummaryViewOf = AssetSummaryView<u32, Balance>;

#[test]
fn history_records_what_each_close_paid() {
	build_and_execute(|| {
		let id = create();
		// Work block 0: three agents buy 50, 100 and 150 tokens for 600 WORK.
		for (who, paid) in [(1, 100 * UNIT), (2, 200 * UNIT), (3, 300 * UNIT)] {
			assert_ok!(Ito::buy(RuntimeOrigin::signed(who), id, paid));
		}
		assert!(history(id).is_empty(), "nothing closed yet");
		// Work block 1: rewards, two items, validations.
		run_to_block(11);
		let i0 = submit(id, 4);
		let i1 = submit(id, 5);
		assert_ok!(Ito::add_reward(
			RuntimeOrigin::signed(4),
			id,
			RewardAsset::Native,
			1_000 * UNIT
		));
		assert_ok!(Ito::add_reward(
			RuntimeOrigin::signed(4),
			id,
			RewardAsset::Asset(1),
			300 * UNIT
		));
		assert_ok!(Ito::validate(RuntimeOrigin::signed(1), id, i0, 10 * UNIT));
		assert_ok!(Ito::validate(RuntimeOrigin::signed(2), id, i0, 20 * UNIT));
		assert_ok!(Ito::validate(RuntimeOrigin::signed(3), id, i1, 30 * UNIT));
		// Block 0's close is stored (the first call in block 11 wrote it).
		assert_eq!(History::<Test>::iter_prefix(id).count(), 1);
		let h = history(id);
		assert_eq!(h.len(), 1);
		let b0 = &h[0];
		assert_eq!((b0.index, b0.span, b0.first_block, b0.last_block), (0, 1, 1, 10));
		assert_eq!((b0.to_producers, b0.producer_rolled_over), (0, 600 * UNIT));
		assert_eq!((b0.eligible, b0.validation_weight), (0, 0));
		assert!(b0.assets.iter().all(|a| a.to_holders == 0 && a.rate == 0));

		// Block 1 ends at chain block 21: the read shows its close before any call does.
		run_to_block(21);
		assert_eq!(History::<Test>::iter_prefix(id).count(), 1, "not written yet");
		let h = history(id);
		assert_eq!(h.iter().map(|s| s.index).collect::<Vec<_>>(), vec![0, 1]);
		let b1 = &h[1];
		assert_eq!((b1.first_block, b1.last_block), (11, 20));
		assert_eq!((b1.to_producers, b1.producer_rolled_over), (600 * UNIT, 0));
		assert_eq!(
			(b1.validation_weight, b1.eligible, b1.earning),
			(60 * UNIT, 240 * UNIT, 240 * UNIT)
		);
		let native = asset(b1, RewardAsset::Native);
		assert_eq!(native.rate, 1_000 * UNIT * RATE_PRECISION / (240 * UNIT));
		assert_eq!(native.per_token, 4_166_666_666_666, "1000 WORK / 240 tokens, rounded down");
		// Booked rounded up (the dust goes back to the pool later).
		assert_eq!(native.to_holders, 1_000 * UNIT);
		let a1 = asset(b1, RewardAsset::Asset(1));
		assert_eq!((a1.to_holders, a1.rolled_over, a1.per_token), (300 * UNIT, 0, UNIT + UNIT / 4));
		let a2 = asset(b1, RewardAsset::Asset(2));
		assert_eq!((a2.to_holders, a2.rolled_over, a2.rate), (0, 0, 0));

		// What a holder is paid for the block is its eligible tokens at the block's rate.
		let before = Balances::free_balance(1);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(1), id, 1));
		let holder_gain = Balances::free_balance(1) - before;
		assert_eq!(holder_gain, 40 * UNIT * native.rate / RATE_PRECISION);
		// The claim wrote block 1's summary, and the read is the same.
		assert_eq!(History::<Test>::iter_prefix(id).count(), 2);
		assert_eq!(history(id)[1], *b1);
	});
}

#[test]
fn history_keeps_the_last_history_length_work_blocks() {
	build_and_execute(|| {
		let id = create();
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		// Seven work blocks, each with a reward and a call that closes the one before.
		for k in 0..7u64 {
			run_to_block(1 + k * LEN);
			let reward = (k as Balance + 1) * UNIT;
			assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Native, reward));
		}
		run_to_block(1 + 7 * LEN);
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Native, UNIT));
		// Closed: 0..=6. Kept: the last HISTORY_LENGTH (4) indices, oldest first.
		assert_eq!(History::<Test>::iter_prefix(id).count() as u32, HISTORY_LENGTH);
		let h = history(id);
		assert_eq!(h.iter().map(|s| s.index).collect::<Vec<_>>(), vec![3, 4, 5, 6]);
		// Block k paid out what was added in it (agent 2 is eligible from block 1 on).
		for s in &h {
			assert_eq!(asset(s, RewardAsset::Native).to_holders, (s.index as Balance + 1) * UNIT);
		}
		// `from` and `limit`.
		let from5: Vec<_> =
			Ito::work_block_history_view(id, 5, 10).iter().map(|s| s.index).collect();
		assert_eq!(from5, vec![5, 6]);
		let first: Vec<_> =
			Ito::work_block_history_view(id, 0, 1).iter().map(|s| s.index).collect();
		assert_eq!(first, vec![3]);
		// Unknown ITOs have no history.
		assert!(Ito::work_block_history_view(99, 0, 10).is_empty());
	});
}

#[test]
fn an_idle_stretch_is_one_summary() {
	build_and_execute(|| {
		let id = create();
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Native, 10 * UNIT));
		// Many work blocks pass with no call: block 0 closes, then 1..=98 as one stretch.
		run_to_block(1_000);
		let h = history(id);
		// Block 0 is older than the last 4 indices (the open block is 99); the stretch
		// reaches into them.
		assert_eq!(h.len(), 1);
		let stretch = &h[0];
		assert_eq!((stretch.index, stretch.span), (1, 98));
		assert_eq!((stretch.first_block, stretch.last_block), (11, 990));
		assert_eq!(asset(stretch, RewardAsset::Native).to_holders, 10 * UNIT);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(2), id, 2));
		assert_eq!(history(id), h);
	});
}
