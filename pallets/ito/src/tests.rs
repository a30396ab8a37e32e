//! Unit tests of pallet-ito. Every test runs through `build_and_execute`, which checks the
//! pallet's invariants (`do_try_state`) and exact conservation afterwards.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold as _, fungibles::Inspect as _},
};
use sp_core::H256;

type E = Error<Test>;

/// Exact conservation: the free native balance of every ITO account is its seed plus its
/// pools and what it owes; its asset balances are its pools plus what it owes.
/// What a pool still owes is exactly its holders' remainders below one unit and the
/// closes' rounding: nothing is owed to nobody once everyone has settled and been paid.
pub fn owed_only_remainders(id: ItoId, pool: &RewardPool<u32, Balance>) -> bool {
	let remainders: u128 = Holders::<Test>::iter_prefix(id)
		.flat_map(|(_, h)| h.remainders.into_iter())
		.filter(|(a, _)| *a == pool.asset)
		.map(|(_, r)| r)
		.sum();
	pool.owed * RATE_PRECISION == remainders + pool.dust
}

pub fn assert_exact_conservation() {
	for (id, ito) in Itos::<Test>::iter() {
		let account = Ito::ito_account(id).unwrap();
		let pools = RewardPools::<Test>::get(id);
		let mut native = ito.seed + ito.producer_pool + ito.producer_owed;
		// Seeds that proposals of assets the ITO did not accept still hold.
		let unused_seed = |asset: u32| -> Balance {
			Proposals::<Test>::iter_prefix_values(id)
				.filter(|p| {
					p.status != ProposalStatus::Passed
						&& p.action == ProposalAction::AcceptAsset(asset)
				})
				.map(|p| p.seed)
				.sum()
		};
		for pool in pools.iter() {
			match pool.asset {
				RewardAsset::Native => native += pool.pool + pool.owed,
				// Written off: the asset (or a new one under its id) is nobody's books.
				RewardAsset::Asset(_) if pool.gone => {}
				RewardAsset::Asset(a) => assert_eq!(
					Assets::balance(a, account),
					pool.seed + pool.pool + pool.owed + unused_seed(a),
					"asset {a}"
				),
			}
		}
		assert_eq!(Balances::free_balance(account), native, "native of ITO {id}");
	}
}

const PRICE: Balance = 2 * UNIT;
const LEN: u64 = 10;

fn create(creator: AccountId, approval: bool) -> ItoId {
	create_with(creator, PRICE, UNIT, 1_000 * UNIT, Some(LEN), None, None, approval)
}

#[allow(clippy::too_many_arguments)]
fn create_with(
	creator: AccountId,
	price: Balance,
	min: Balance,
	max: Balance,
	len: Option<u64>,
	min_validation: Option<Balance>,
	cap: Option<Balance>,
	approval: bool,
) -> ItoId {
	let id = NextItoId::<Test>::get();
	assert_ok!(Ito::create_ito(
		RuntimeOrigin::signed(creator),
		b"Test ITO".to_vec(),
		price,
		min,
		max,
		len,
		min_validation,
		cap,
		approval,
		ACCEPTED.to_vec(),
		None,
		None,
	));
	id
}

/// The reward assets the test ITOs accept (with native: `MAX_ASSETS`).
const ACCEPTED: [u32; 3] = [1, 2, 3];

fn token(id: ItoId) -> u32 {
	OFFSET + id
}

fn tokens_of(id: ItoId, who: AccountId) -> Balance {
	Assets::balance(token(id), who)
}

fn submit(id: ItoId, who: AccountId) -> WorkItemId {
	let item = Itos::<Test>::get(id).unwrap().next_work_item;
	assert_ok!(Ito::submit_work(
		RuntimeOrigin::signed(who),
		id,
		H256::repeat_byte(item as u8),
		b"ipfs://evidence".to_vec(),
		None
	));
	item
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Ito(e) = r.event { Some(e) } else { None })
		.collect()
}

fn owed(id: ItoId, who: AccountId) -> AccountViewOf<Test> {
	Ito::account_view(id, &who).unwrap()
}

// ---------------------------------------------------------------- create_ito

#[test]
fn create_ito_works() {
	build_and_execute(|| {
		let before = Balances::free_balance(1);
		let id = create(1, false);
		assert_eq!(id, 0);
		let ito = Itos::<Test>::get(0).unwrap();
		assert_eq!(ito.creator, 1);
		assert_eq!(ito.token, OFFSET);
		assert_eq!(ito.settings.price, PRICE);
		assert_eq!(ito.settings.min_validation, UNIT, "default: one whole token");
		assert_eq!(ito.start, 1);
		let account = Ito::ito_account(0).unwrap();
		// Deposit held, seed and metadata deposit paid to the ITO account.
		let metadata = METADATA_BASE + (b"Test ITO".len() + b"ITO0".len()) as Balance;
		assert_eq!(Balances::balance_on_hold(&HoldReason::ItoDeposit.into(), &1), ITO_DEPOSIT);
		assert_eq!(Balances::free_balance(1), before - ITO_DEPOSIT - ED - metadata);
		assert_eq!(Balances::free_balance(account), ED);
		// A real asset owned by the ITO account, with metadata.
		assert!(Assets::asset_exists(OFFSET));
		assert_eq!(pallet_assets::Asset::<Test>::get(OFFSET).unwrap().owner, account);
		assert_eq!(
			<Assets as frame_support::traits::fungibles::metadata::Inspect<_>>::symbol(OFFSET),
			b"ITO0".to_vec()
		);
		assert_eq!(
			events(),
			vec![Event::ItoCreated { ito: 0, creator: 1, token: OFFSET, account }]
		);
		assert_eq!(create(2, true), 1);
		assert_eq!(Itos::<Test>::get(1).unwrap().token, OFFSET + 1);
	});
}

#[test]
fn create_ito_default_block_length() {
	build_and_execute(|| {
		let id = create_with(1, PRICE, UNIT, UNIT, None, Some(5), Some(100), false);
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!(ito.settings.work_block_length, 100_800);
		assert_eq!(ito.settings.min_validation, 5);
		assert_eq!(ito.settings.supply_cap, Some(100));
	});
}

#[test]
fn create_ito_rejects_bad_settings() {
	build_and_execute(|| {
		let o = || RuntimeOrigin::signed(1);
		let n = || b"name".to_vec();
		assert_noop!(
			Ito::create_ito(o(), vec![], 1, 1, 1, None, None, None, false, vec![], None, None),
			E::BadName
		);
		assert_noop!(
			Ito::create_ito(
				o(),
				vec![b'x'; 33],
				1,
				1,
				1,
				None,
				None,
				None,
				false,
				vec![],
				None,
				None
			),
			E::BadName
		);
		assert_noop!(
			Ito::create_ito(o(), n(), 0, 1, 1, None, None, None, false, vec![], None, None),
			E::ZeroPrice
		);
		assert_noop!(
			Ito::create_ito(o(), n(), 1, 0, 1, None, None, None, false, vec![], None, None),
			E::InvalidPurchaseLimits
		);
		assert_noop!(
			Ito::create_ito(o(), n(), 1, 2, 1, None, None, None, false, vec![], None, None),
			E::InvalidPurchaseLimits
		);
		assert_noop!(
			Ito::create_ito(o(), n(), 1, 1, 1, Some(4), None, None, false, vec![], None, None),
			E::WorkBlockTooShort
		);
		assert_noop!(
			Ito::create_ito(o(), n(), 1, 1, 1, None, Some(0), None, false, vec![], None, None),
			E::ZeroMinValidation
		);
		assert_noop!(
			Ito::create_ito(o(), n(), 1, 1, 1, None, None, Some(0), false, vec![], None, None),
			E::ZeroSupplyCap
		);
		// An account without funds cannot pay the deposit.
		assert!(Ito::create_ito(
			RuntimeOrigin::signed(99),
			n(),
			1,
			1,
			1,
			None,
			None,
			None,
			false,
			vec![],
			None,
			None
		)
		.is_err());
		assert_eq!(NextItoId::<Test>::get(), 0);
	});
}

#[test]
fn create_ito_no_more_ids() {
	build_and_execute(|| {
		NextItoId::<Test>::put(u32::MAX);
		assert_noop!(
			Ito::create_ito(
				RuntimeOrigin::signed(1),
				b"x".to_vec(),
				1,
				1,
				1,
				None,
				None,
				None,
				false,
				vec![],
				None,
				None
			),
			E::NoMoreIds
		);
		// The token id `offset + id` must fit too.
		NextItoId::<Test>::put(u32::MAX - OFFSET + 1);
		assert_noop!(
			Ito::create_ito(
				RuntimeOrigin::signed(1),
				b"x".to_vec(),
				1,
				1,
				1,
				None,
				None,
				None,
				false,
				vec![],
				None,
				None
			),
			E::NoMoreIds
		);
	});
}

#[test]
fn buy_overflow_is_a_named_error() {
	build_and_execute(|| {
		// Price 1 planck per whole token: a large amount buys more units than fit in u128.
		let id = create_with(1, 1, 1, u128::MAX, Some(LEN), None, None, false);
		assert_noop!(Ito::buy(RuntimeOrigin::signed(2), id, 10u128.pow(30)), E::Overflow);
	});
}

#[test]
fn create_ito_token_id_taken() {
	build_and_execute(|| {
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), OFFSET, 1, true, 1));
		assert_noop!(
			Ito::create_ito(
				RuntimeOrigin::signed(1),
				b"x".to_vec(),
				1,
				1,
				1,
				None,
				None,
				None,
				false,
				vec![],
				None,
				None
			),
			E::TokenIdTaken
		);
	});
}

// ---------------------------------------------------------------- buy

#[test]
fn buy_mints_at_the_fixed_price() {
	build_and_execute(|| {
		let id = create(1, false);
		let account = Ito::ito_account(id).unwrap();
		let before = Balances::free_balance(2);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		assert_eq!(tokens_of(id, 2), 50 * UNIT);
		assert_eq!(Balances::free_balance(2), before - 100 * UNIT - HOLDER_DEPOSIT);
		assert_eq!(Balances::free_balance(account), ED + 100 * UNIT);
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!(ito.minted, 50 * UNIT);
		assert_eq!(ito.producer_pool, 100 * UNIT);
		assert_eq!(ito.joining, 50 * UNIT);
		assert_eq!(ito.eligible, 0);
		let h = Holders::<Test>::get(id, 2).unwrap();
		assert_eq!((h.pending, h.eligible, h.pending_block), (50 * UNIT, 0, Some(0)));
		assert!(events().contains(&Event::Bought {
			ito: id,
			who: 2,
			paid: 100 * UNIT,
			tokens: 50 * UNIT,
			recycled: 0
		}));
	});
}

#[test]
fn buy_over_max_takes_only_the_allowed_part() {
	build_and_execute(|| {
		let id = create(1, false);
		let before = Balances::free_balance(2);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 600 * UNIT));
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 600 * UNIT));
		// Max is 1000 per block: the second buy got only 400 of its 600.
		assert_eq!(Balances::free_balance(2), before - 1_000 * UNIT - HOLDER_DEPOSIT);
		assert_eq!(tokens_of(id, 2), 500 * UNIT);
		assert_noop!(Ito::buy(RuntimeOrigin::signed(2), id, 10 * UNIT), E::PurchaseLimitReached);
		// Next work block: the limit starts again.
		run_to_block(11);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 10 * UNIT));
		assert_eq!(tokens_of(id, 2), 505 * UNIT);
	});
}

#[test]
fn buy_rejects_bad_amounts() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_noop!(Ito::buy(RuntimeOrigin::signed(2), 9, 10 * UNIT), E::UnknownIto);
		assert_noop!(Ito::buy(RuntimeOrigin::signed(2), id, 0), E::ZeroAmount);
		assert_noop!(Ito::buy(RuntimeOrigin::signed(2), id, UNIT - 1), E::BelowMinPurchase);
		// A price so high that the amount buys nothing.
		let dear = create_with(1, u128::MAX / 2, 1, 10, Some(LEN), None, None, false);
		assert_noop!(Ito::buy(RuntimeOrigin::signed(2), dear, 10), E::PurchaseTooSmall);
		// An account that cannot pay.
		assert!(Ito::buy(RuntimeOrigin::signed(99), id, 10 * UNIT).is_err());
	});
}

#[test]
fn buy_rounds_the_cost_up_and_charges_no_more_than_offered() {
	build_and_execute(|| {
		// 3 native per whole token: 10 native buys 3.333.. tokens.
		let id = create_with(1, 3 * UNIT, 1, 100 * UNIT, Some(LEN), None, None, false);
		let before = Balances::free_balance(2);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 10 * UNIT));
		let tokens = tokens_of(id, 2);
		assert_eq!(tokens, 3_333_333_333_333);
		let paid = before - HOLDER_DEPOSIT - Balances::free_balance(2);
		assert_eq!(paid, 9_999_999_999_999, "cost of the whole units, rounded up");
		// Refunding them all pays back no more than was paid.
		run_to_block(11);
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, tokens));
		assert_eq!(Balances::free_balance(2), before - HOLDER_DEPOSIT);
	});
}

#[test]
fn supply_cap_limits_minting_and_recycled_supply_sells_first() {
	build_and_execute(|| {
		let id =
			create_with(1, UNIT, 1, 1_000 * UNIT, Some(LEN), Some(UNIT), Some(100 * UNIT), false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 70 * UNIT));
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), id, 70 * UNIT));
		assert_eq!(tokens_of(id, 3), 30 * UNIT, "only 30 left under the cap");
		assert_noop!(Ito::buy(RuntimeOrigin::signed(4), id, 10 * UNIT), E::SoldOut);
		// A validation (with tokens held across a close) returns tokens to the available
		// supply, which sells again.
		run_to_block(11);
		let item = submit(id, 5);
		assert_ok!(Ito::validate(RuntimeOrigin::signed(2), id, item, 10 * UNIT));
		assert_ok!(Ito::buy(RuntimeOrigin::signed(4), id, 15 * UNIT));
		assert_eq!(tokens_of(id, 4), 10 * UNIT);
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!((ito.minted, ito.available), (100 * UNIT, 0));
		assert!(events().contains(&Event::Bought {
			ito: id,
			who: 4,
			paid: 10 * UNIT,
			tokens: 10 * UNIT,
			recycled: 10 * UNIT
		}));
	});
}

#[test]
fn ito_tokens_cannot_be_transferred_outside_the_pallet() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		assert!(Assets::transfer(RuntimeOrigin::signed(2), token(id), 3, UNIT).is_err());
		assert_eq!(tokens_of(id, 2), 50 * UNIT);
		assert_eq!(tokens_of(id, 3), 0);
	});
}

// ---------------------------------------------------------------- submit_work / add_reward

#[test]
fn submit_work_holds_a_deposit_and_can_attach_a_reward() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::submit_work(
			RuntimeOrigin::signed(4),
			id,
			H256::repeat_byte(7),
			b"https://work".to_vec(),
			Some((RewardAsset::Asset(1), 30 * UNIT))
		));
		let item = WorkItems::<Test>::get(id, 0).unwrap();
		assert_eq!((item.producer, item.block, item.weight), (4, 0, 0));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::WorkItemDeposit.into(), &4),
			WORK_ITEM_DEPOSIT
		);
		let pools = RewardPools::<Test>::get(id);
		assert_eq!(pools[0].asset, RewardAsset::Native);
		assert_eq!(pools[1].asset, RewardAsset::Asset(1));
		assert_eq!(pools[1].pool, 30 * UNIT);
		// The producer record, paid for by a deposit of its own.
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ProducerDeposit.into(), &4),
			PRODUCER_DEPOSIT
		);
		assert_eq!(Producers::<Test>::get(id, 4).unwrap().last_item_block, 0);
		assert_eq!(Itos::<Test>::get(id).unwrap().work_items, 1);
	});
}

#[test]
fn submit_work_errors() {
	build_and_execute(|| {
		let id = create(1, false);
		let o = || RuntimeOrigin::signed(4);
		assert_noop!(Ito::submit_work(o(), 7, H256::zero(), vec![], None), E::UnknownIto);
		assert_noop!(Ito::submit_work(o(), id, H256::zero(), vec![0; 65], None), E::UriTooLong);
		// No cap on items: each pays its deposit, and nothing iterates over them.
		for _ in 0..100 {
			submit(id, 4);
		}
		submit(id, 5);
		assert_eq!(Itos::<Test>::get(id).unwrap().work_items, 101);
		// The producer deposit is held once per producer, the item deposit per item.
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ProducerDeposit.into(), &4),
			PRODUCER_DEPOSIT
		);
		run_to_block(11);
		submit(id, 4);
	});
}

#[test]
fn add_reward_errors() {
	build_and_execute(|| {
		let id = create(1, false);
		let o = || RuntimeOrigin::signed(4);
		assert_noop!(Ito::add_reward(o(), 5, RewardAsset::Native, 1), E::UnknownIto);
		assert_noop!(Ito::add_reward(o(), id, RewardAsset::Native, 0), E::ZeroAmount);
		// Only the assets the creator accepted: no unknown (the same error as `create_ito`'s),
		// own or other asset.
		assert_noop!(Ito::add_reward(o(), id, RewardAsset::Asset(77), 1), E::UnknownAsset);
		assert_noop!(
			Ito::add_reward(o(), id, RewardAsset::Asset(token(id)), 1),
			E::AssetNotAccepted
		);
		assert_noop!(Ito::add_reward(o(), id, RewardAsset::Asset(5), 1), E::AssetNotAccepted);
		assert_ok!(Ito::add_reward(o(), id, RewardAsset::Native, 1));
		for a in ACCEPTED {
			assert_ok!(Ito::add_reward(o(), id, RewardAsset::Asset(a), 1));
		}
		// More than the contributor holds: a balance error, and nothing changes.
		assert!(Ito::add_reward(o(), id, RewardAsset::Native, u128::MAX).is_err());
		// More of an asset already pooled is fine.
		assert_ok!(Ito::add_reward(o(), id, RewardAsset::Asset(1), 1));
		assert!(Ito::add_reward(RuntimeOrigin::signed(99), id, RewardAsset::Native, 1).is_err());
	});
}

// ---------------------------------------------------------------- validate

#[test]
fn validate_spends_tokens_and_counts_weight() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		run_to_block(11);
		let item = submit(id, 4);
		assert_ok!(Ito::validate(RuntimeOrigin::signed(2), id, item, 5 * UNIT));
		assert_eq!(tokens_of(id, 2), 45 * UNIT);
		assert_eq!(tokens_of(id, Ito::ito_account(id).unwrap()), 5 * UNIT);
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!((ito.available, ito.validation_weight), (5 * UNIT, 5 * UNIT));
		assert_eq!(WorkItems::<Test>::get(id, item).unwrap().weight, 5 * UNIT);
		assert_eq!(Producers::<Test>::get(id, 4).unwrap().weight, 5 * UNIT);
		assert!(events().contains(&Event::Validated {
			ito: id,
			item,
			validator: 2,
			amount: 5 * UNIT
		}));
	});
}

#[test]
fn validate_errors() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 10 * UNIT));
		let item = submit(id, 2);
		let other = submit(id, 4);
		let v = |who, item, amount| Ito::validate(RuntimeOrigin::signed(who), id, item, amount);
		assert_noop!(Ito::validate(RuntimeOrigin::signed(2), 9, item, UNIT), E::UnknownIto);
		assert_noop!(v(2, 99, UNIT), E::UnknownWorkItem);
		assert_noop!(v(2, item, UNIT), E::SelfValidation);
		assert_noop!(v(2, other, UNIT - 1), E::BelowMinValidation);
		assert_noop!(v(3, other, UNIT), E::NotHolder);
		assert_noop!(v(2, other, 6 * UNIT), E::InsufficientTokens);
		// Tokens bought in the open block cannot validate it.
		assert_noop!(v(2, other, UNIT), E::TokensNotEligible);
		run_to_block(11);
		assert_noop!(v(2, other, UNIT), E::WrongWorkBlock);
	});
}

// ---------------------------------------------------------------- the full scenario

/// 3 agents buy, 2 producers submit work and add rewards in native + 2 assets, holders
/// validate, the block closes, every claim pays exactly the pro-rata amounts, and the ITO
/// account ends holding only its seed, dust and open pools.
#[test]
fn scenario_exact_pro_rata() {
	build_and_execute(|| {
		let id = create(1, false);
		let account = Ito::ito_account(id).unwrap();
		// Work block 0 (chain blocks 1..11): three agents buy 50, 100 and 150 tokens.
		for (who, paid) in [(1, 100 * UNIT), (2, 200 * UNIT), (3, 300 * UNIT)] {
			assert_ok!(Ito::buy(RuntimeOrigin::signed(who), id, paid));
		}
		// Work block 1: they are eligible now.
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
		assert_ok!(Ito::add_reward(
			RuntimeOrigin::signed(5),
			id,
			RewardAsset::Asset(2),
			600 * UNIT
		));
		assert_ok!(Ito::validate(RuntimeOrigin::signed(1), id, i0, 10 * UNIT));
		assert_ok!(Ito::validate(RuntimeOrigin::signed(2), id, i0, 20 * UNIT));
		assert_ok!(Ito::validate(RuntimeOrigin::signed(3), id, i1, 30 * UNIT));
		// Eligible at the close: 40 + 80 + 120 = 240 tokens; weights 30 and 30.
		let wb = Ito::work_block_view(id).unwrap();
		assert_eq!((wb.index, wb.eligible, wb.validation_weight), (1, 240 * UNIT, 60 * UNIT));
		assert_eq!(wb.producer_pool, 600 * UNIT, "block 0's payments rolled over");

		run_to_block(21);
		let native: Vec<Balance> = (1..=5).map(Balances::free_balance).collect();
		let a1: Vec<Balance> = (1..=5).map(|w| Assets::balance(1, w)).collect();
		let a2: Vec<Balance> = (1..=5).map(|w| Assets::balance(2, w)).collect();
		// Anyone may trigger the claims; the owners are paid.
		for who in 1..=5 {
			assert_ok!(Ito::claim(RuntimeOrigin::signed(8), id, who));
		}
		let gained =
			|who: AccountId, before: &Vec<Balance>, now: Balance| now - before[who as usize - 1];
		// Native: 1000 * 40/240, 1000 * 80/240, 1000 * 120/240 at the floored rate
		// 4_166_666_666_666_666_666 / 10^18 per unit, rounded down.
		assert_eq!(gained(1, &native, Balances::free_balance(1)), 166_666_666_666_666);
		assert_eq!(gained(2, &native, Balances::free_balance(2)), 333_333_333_333_333);
		assert_eq!(gained(3, &native, Balances::free_balance(3)), 499_999_999_999_999);
		// Producers: 600 * 30/60 each, and the deposit of their records, which the claim
		// removed (they have no item in the open block).
		assert_eq!(gained(4, &native, Balances::free_balance(4)), 300 * UNIT + PRODUCER_DEPOSIT);
		assert_eq!(gained(5, &native, Balances::free_balance(5)), 300 * UNIT + PRODUCER_DEPOSIT);
		// Asset 1 (300) and asset 2 (600), split 1:2:3.
		for (who, x, y) in [(1, 50, 100), (2, 100, 200), (3, 150, 300)] {
			assert_eq!(gained(who, &a1, Assets::balance(1, who)), x * UNIT);
			assert_eq!(gained(who, &a2, Assets::balance(2, who)), y * UNIT);
		}
		// The ITO account: its seeds and 2 units of rounding, which the holders keep as
		// remainders below one unit (they still hold), and nothing else.
		let pools = RewardPools::<Test>::get(id);
		let native_pool = pools.iter().find(|p| p.asset == RewardAsset::Native).unwrap();
		assert_eq!(native_pool.pool + native_pool.owed, 2);
		assert!(owed_only_remainders(id, native_pool));
		assert_eq!(Balances::free_balance(account), ED + 2);
		assert_eq!(Assets::balance(1, account), 1, "the seed: asset 1's minimum balance");
		assert_eq!(Assets::balance(2, account), 1);
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!((ito.producer_pool, ito.producer_owed), (0, 0));
		// Validated tokens are available for sale again.
		assert_eq!(ito.available, 60 * UNIT);
		assert_eq!(ClosedBlocks::<Test>::iter().count(), 0, "every account settled");
		// Nothing more to claim.
		assert_noop!(Ito::claim(RuntimeOrigin::signed(8), id, 4), E::NothingToClaim);
	});
}

// ---------------------------------------------------------------- closes and rollovers

#[test]
fn tokens_bought_during_a_block_earn_from_the_next() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		run_to_block(11);
		// Agent 3 buys in block 1 just before the close: it must not share block 1's pool.
		assert_ok!(Ito::add_reward(
			RuntimeOrigin::signed(4),
			id,
			RewardAsset::Asset(1),
			100 * UNIT
		));
		run_to_block(20);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), id, 100 * UNIT));
		run_to_block(21);
		assert_eq!(owed(id, 2).holder_owed, vec![(RewardAsset::Asset(1), 100 * UNIT)]);
		assert_eq!(owed(id, 3).holder_owed, vec![]);
		// Block 2: both eligible, equal shares.
		assert_ok!(Ito::add_reward(
			RuntimeOrigin::signed(4),
			id,
			RewardAsset::Asset(1),
			100 * UNIT
		));
		run_to_block(31);
		assert_eq!(owed(id, 2).holder_owed, vec![(RewardAsset::Asset(1), 150 * UNIT)]);
		assert_eq!(owed(id, 3).holder_owed, vec![(RewardAsset::Asset(1), 50 * UNIT)]);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(3), id, 3));
		assert_ok!(Ito::claim(RuntimeOrigin::signed(2), id, 2));
	});
}

#[test]
fn empty_pools_roll_over() {
	build_and_execute(|| {
		let id = create(1, false);
		// No holders: the holder pool rolls over; no validations: the producer pool too.
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Native, 90 * UNIT));
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		run_to_block(11);
		let wb = Ito::work_block_view(id).unwrap();
		assert_eq!(wb.producer_pool, 100 * UNIT);
		assert_eq!(wb.holder_pools[0].pool, 90 * UNIT);
		// Block 1: agent 2 is eligible, so the rolled pool is owed at the close.
		run_to_block(21);
		assert_eq!(owed(id, 2).holder_owed, vec![(RewardAsset::Native, 90 * UNIT)]);
		let wb = Ito::work_block_view(id).unwrap();
		assert_eq!((wb.holder_pools[0].pool, wb.holder_pools[0].owed), (0, 90 * UNIT));
		assert_eq!(wb.producer_pool, 100 * UNIT, "still no validated work");
	});
}

#[test]
fn idle_stretch_closes_in_one_step() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Native, 10 * UNIT));
		// Many work blocks pass with no call at all.
		run_to_block(1_000);
		let wb = Ito::work_block_view(id).unwrap();
		assert_eq!(wb.index, 99);
		assert_eq!((wb.start, wb.end), (991, 1_001));
		assert_eq!(owed(id, 2).holder_owed, vec![(RewardAsset::Native, 10 * UNIT)]);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(2), id, 2));
		let closes =
			events().into_iter().filter(|e| matches!(e, Event::WorkBlockClosed { .. })).count();
		assert_eq!(closes, 2, "the open block and the idle stretch");
	});
}

#[test]
fn several_itos_are_independent() {
	build_and_execute(|| {
		let a = create(1, false);
		let b = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), a, 100 * UNIT));
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), b, 100 * UNIT));
		run_to_block(11);
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), a, RewardAsset::Asset(1), 10 * UNIT));
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), b, RewardAsset::Asset(2), 20 * UNIT));
		run_to_block(21);
		assert_eq!(owed(a, 2).holder_owed, vec![(RewardAsset::Asset(1), 10 * UNIT)]);
		assert_eq!(owed(b, 3).holder_owed, vec![(RewardAsset::Asset(2), 20 * UNIT)]);
		assert_eq!(owed(a, 3).holder_owed, vec![]);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(2), a, 2));
		assert_noop!(Ito::claim(RuntimeOrigin::signed(2), b, 2), E::NothingToClaim);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(3), b, 3));
	});
}

#[test]
fn approval_required_pays_only_validators_and_rolls_the_rest() {
	build_and_execute(|| {
		let id = create(1, true);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT)); // 50 tokens
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), id, 100 * UNIT)); // 50 tokens
		run_to_block(11);
		let item = submit(id, 4);
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(5), id, RewardAsset::Native, 100 * UNIT));
		// Only agent 2 validates (10 tokens): E = 40 + 50 = 90, its share 40/90.
		assert_ok!(Ito::validate(RuntimeOrigin::signed(2), id, item, 10 * UNIT));
		assert!(owed(id, 2).validated_this_block);
		run_to_block(21);
		let share = 100 * UNIT * 40 / 90;
		assert_eq!(owed(id, 2).holder_owed, vec![(RewardAsset::Native, share)]);
		assert_eq!(owed(id, 3).holder_owed, vec![]);
		let wb = Ito::work_block_view(id).unwrap();
		// Agent 3's share rolled over; the close booked `ceil(40 * rate)`, one unit more than
		// agent 2 earns, and that unit of rounding returns once agent 2 has settled.
		assert_eq!(wb.holder_pools[0].pool, 100 * UNIT - share - 1);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(2), id, 2));
		let pool = &RewardPools::<Test>::get(id)[0];
		// Agent 2 keeps its remainder below one unit; the rest of the unit is rounding.
		assert_eq!((pool.pool, pool.owed), (100 * UNIT - share - 1, 1));
		assert!(owed_only_remainders(id, pool));
		// Agent 3 is paid nothing; its claim only settles its purchase of block 0.
		let before = Balances::free_balance(3);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(3), id, 3));
		assert_eq!(Balances::free_balance(3), before);
		assert_noop!(Ito::claim(RuntimeOrigin::signed(3), id, 3), E::NothingToClaim);
		// Producer 4 got all of the producer pool.
		assert_eq!(owed(id, 4).producer_owed, 200 * UNIT);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(4), id, 4));
	});
}

// ---------------------------------------------------------------- refund / claim / remove

#[test]
fn refund_pays_from_the_open_producer_pool() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT)); // 50 tokens
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), id, 20 * UNIT)); // 10 tokens
		let before = Balances::free_balance(2);
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, 20 * UNIT));
		assert_eq!(Balances::free_balance(2), before + 40 * UNIT);
		assert_eq!(tokens_of(id, 2), 30 * UNIT);
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!(
			(ito.producer_pool, ito.available, ito.joining),
			(80 * UNIT, 20 * UNIT, 40 * UNIT)
		);
		assert!(events().contains(&Event::Refunded {
			ito: id,
			who: 2,
			tokens: 20 * UNIT,
			paid: 40 * UNIT
		}));
		// Agent 2 returns its other 30 tokens (60 native of the 80 pooled).
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, 30 * UNIT));
		assert_eq!(Itos::<Test>::get(id).unwrap().producer_pool, 20 * UNIT);
		// Agent 3 asks for 10 tokens (20 native): exactly what is left.
		assert_ok!(Ito::refund(RuntimeOrigin::signed(3), id, 10 * UNIT));
		assert_eq!(Itos::<Test>::get(id).unwrap().producer_pool, 0);
	});
}

#[test]
fn refund_is_limited_by_the_pool_and_errors() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT)); // 50 tokens
		run_to_block(11);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), id, 20 * UNIT)); // pool of block 1: 120 (100 rolled)
		let item = submit(id, 4);
		assert_ok!(Ito::validate(RuntimeOrigin::signed(2), id, item, UNIT));
		run_to_block(21);
		// Block 1's pool went to producer 4; block 2's pool is empty.
		assert_noop!(Ito::refund(RuntimeOrigin::signed(2), id, UNIT), E::RefundPoolEmpty);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(5), id, 4 * UNIT)); // pool: 4 native
		let before = Balances::free_balance(2);
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, 10 * UNIT));
		assert_eq!(Balances::free_balance(2), before + 4 * UNIT, "only 2 tokens could be paid");
		assert_eq!(tokens_of(id, 2), 47 * UNIT);
		assert_noop!(Ito::refund(RuntimeOrigin::signed(2), id, 0), E::ZeroAmount);
		assert_noop!(Ito::refund(RuntimeOrigin::signed(6), id, UNIT), E::NotHolder);
		assert_noop!(Ito::refund(RuntimeOrigin::signed(2), id, 48 * UNIT), E::InsufficientTokens);
		assert_noop!(Ito::refund(RuntimeOrigin::signed(2), 9, UNIT), E::UnknownIto);
	});
}

#[test]
fn refund_mid_block_reduces_the_holders_weight() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT)); // 50
		assert_ok!(Ito::buy(RuntimeOrigin::signed(3), id, 100 * UNIT)); // 50
		run_to_block(11);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(5), id, 100 * UNIT)); // refund pool: 100 + 200 rolled
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, 25 * UNIT));
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Asset(3), 75 * UNIT));
		run_to_block(21);
		// 25 : 50 at the close.
		assert_eq!(owed(id, 2).holder_owed, vec![(RewardAsset::Asset(3), 25 * UNIT)]);
		assert_eq!(owed(id, 3).holder_owed, vec![(RewardAsset::Asset(3), 50 * UNIT)]);
	});
}

#[test]
fn claim_removes_empty_holder_records_and_releases_the_deposit() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::HolderDeposit.into(), &2),
			HOLDER_DEPOSIT
		);
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, 50 * UNIT));
		// The record still refers to block 0, where it bought.
		assert_noop!(Ito::claim(RuntimeOrigin::signed(8), id, 2), E::NothingToClaim);
		// After the close it holds nothing, is owed nothing: the claim removes the record.
		run_to_block(11);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(8), id, 2));
		assert!(!Holders::<Test>::contains_key(id, 2));
		assert_eq!(Balances::balance_on_hold(&HoldReason::HolderDeposit.into(), &2), 0);
		assert_noop!(Ito::claim(RuntimeOrigin::signed(8), id, 2), E::NothingToClaim);
	});
}

#[test]
fn holder_record_goes_when_empty_and_paid() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		run_to_block(11);
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Native, 10 * UNIT));
		run_to_block(21);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(5), id, 100 * UNIT));
		assert_ok!(Ito::refund(RuntimeOrigin::signed(2), id, 50 * UNIT));
		assert_ok!(Ito::claim(RuntimeOrigin::signed(2), id, 2));
		assert!(!Holders::<Test>::contains_key(id, 2));
		assert_eq!(Balances::balance_on_hold(&HoldReason::HolderDeposit.into(), &2), 0);
	});
}

#[test]
fn remove_work_item_after_close() {
	build_and_execute(|| {
		let id = create(1, false);
		let item = submit(id, 4);
		assert_noop!(Ito::remove_work_item(RuntimeOrigin::signed(8), id, item), E::WorkBlockOpen);
		assert_noop!(Ito::remove_work_item(RuntimeOrigin::signed(8), id, 5), E::UnknownWorkItem);
		assert_noop!(Ito::remove_work_item(RuntimeOrigin::signed(8), 3, item), E::UnknownIto);
		run_to_block(11);
		assert_ok!(Ito::remove_work_item(RuntimeOrigin::signed(8), id, item));
		assert!(!WorkItems::<Test>::contains_key(id, item));
		assert_eq!(Balances::balance_on_hold(&HoldReason::WorkItemDeposit.into(), &4), 0);
	});
}

/// Found by the property test: a holder that is also the ITO's creator is paid a native
/// reward added after its purchase.
#[test]
fn creator_holder_is_paid_a_native_reward() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(1), id, 3_333_333_333_333));
		run_to_block(11);
		assert_ok!(Ito::add_reward(
			RuntimeOrigin::signed(1),
			id,
			RewardAsset::Native,
			142_857_142_857
		));
		run_to_block(31);
		let before = Balances::free_balance(1);
		assert_ok!(Ito::claim(RuntimeOrigin::signed(8), id, 1));
		// The whole reward, less one unit lost to the floored rate (it stays in the ITO).
		assert_eq!(Balances::free_balance(1), before + 142_857_142_856);
	});
}

#[test]
fn claim_errors() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_noop!(Ito::claim(RuntimeOrigin::signed(2), 4, 2), E::UnknownIto);
		assert_noop!(Ito::claim(RuntimeOrigin::signed(2), id, 2), E::NothingToClaim);
	});
}

#[test]
fn reads_show_closed_blocks_without_any_call() {
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		let item = submit(id, 4);
		run_to_block(11);
		let view = Ito::ito_view(id).unwrap();
		assert_eq!((view.current_block, view.current_block_end), (1, 21));
		assert_eq!((view.minted, view.circulating), (50 * UNIT, 50 * UNIT));
		let items = Ito::work_items_view(id, 0, 10);
		assert_eq!(items.len(), 1);
		assert_eq!((items[0].id, items[0].status), (item, WorkItemStatus::Closed));
		let acc = owed(id, 2);
		assert_eq!((acc.balance, acc.eligible, acc.pending), (50 * UNIT, 50 * UNIT, 0));
		// Reads change nothing.
		assert_eq!(Itos::<Test>::get(id).unwrap().current, 0);
		assert!(Ito::ito_view(9).is_none());
	});
}

#[test]
fn views_serialize_amounts_as_decimal_strings_and_bytes_as_hex() {
	use serde_json::json;
	build_and_execute(|| {
		let id = create(1, false);
		assert_ok!(Ito::buy(RuntimeOrigin::signed(2), id, 100 * UNIT));
		submit(id, 4);
		assert_ok!(Ito::add_reward(RuntimeOrigin::signed(4), id, RewardAsset::Asset(1), 7 * UNIT));
		// Rewarded in block 0, where nobody is eligible yet: the pool rolls over to block
		// 1, where the buyer's 50 tokens earn it all.
		run_to_block(21);

		let ito = Ito::ito_view(id).unwrap();
		let v = serde_json::to_value(&ito).unwrap();
		assert_eq!(v["name"], json!("0x546573742049544f")); // "Test ITO"
		assert_eq!(v["settings"]["price"], json!("2000000000000"));
		assert_eq!(v["settings"]["supply_cap"], json!(null));
		assert_eq!(v["settings"]["work_block_length"], json!(10));
		assert_eq!(v["minted"], json!("50000000000000"));
		assert_eq!(v["current_block"], json!(2));
		assert_eq!(serde_json::from_value::<ItoViewOf<Test>>(v).unwrap(), ito);

		let block = Ito::work_block_view(id).unwrap();
		let v = serde_json::to_value(&block).unwrap();
		assert_eq!(v["eligible"], json!("50000000000000"));
		assert_eq!(
			v["holder_pools"],
			json!([
				{"asset": "Native", "pool": "0", "owed": "0"},
				{"asset": {"Asset": 1}, "pool": "0", "owed": "7000000000000"},
				{"asset": {"Asset": 2}, "pool": "0", "owed": "0"},
				{"asset": {"Asset": 3}, "pool": "0", "owed": "0"}
			])
		);
		assert_eq!(serde_json::from_value::<WorkBlockViewOf<Test>>(v).unwrap(), block);

		let acc = owed(id, 2);
		let v = serde_json::to_value(&acc).unwrap();
		assert_eq!(v["balance"], json!("50000000000000"));
		assert!(v["holder_owed"]
			.as_array()
			.unwrap()
			.contains(&json!([{"Asset": 1}, "7000000000000"])));
		assert_eq!(serde_json::from_value::<AccountViewOf<Test>>(v).unwrap(), acc);

		let items = Ito::work_items_view(id, 0, 1);
		let v = serde_json::to_value(&items[0]).unwrap();
		assert_eq!(v["uri"], json!("0x697066733a2f2f65766964656e6365")); // "ipfs://evidence"
		assert_eq!(v["weight"], json!("0"));
	});
	// A u128 beyond 2^53 keeps every digit; a number or a bad string is refused.
	let pool = PoolView::<u32, u128> { asset: RewardAsset::Native, pool: u128::MAX, owed: 1 };
	let v = serde_json::to_value(&pool).unwrap();
	assert_eq!(v["pool"], json!("340282366920938463463374607431768211455"));
	assert_eq!(serde_json::from_value::<PoolView<u32, u128>>(v).unwrap(), pool);
	assert!(serde_json::from_value::<PoolView<u32, u128>>(
		json!({"asset": "Native", "pool": 5, "owed": "1"})
	)
	.is_err());
	assert!(serde_json::from_value::<PoolView<u32, u128>>(
		json!({"asset": "Native", "pool": "-5", "owed": "1"})
	)
	.is_err());
}

// ---------------------------------------------------------------- weights

/// The weight a successful call reports having used.
fn used(
	result: frame_support::dispatch::DispatchResultWithPostInfo,
) -> frame_support::weights::Weight {
	result.expect("the call succeeds").actual_weight.expect("every call reports its weight")
}

#[test]
fn only_the_first_call_after_a_boundary_pays_for_the_roll() {
	use frame_support::dispatch::GetDispatchInfo;
	type W = <Test as Config>::WeightInfo;
	build_and_execute(|| {
		let id = create(1, false);
		let start = System::block_number();
		let roll = W::roll();
		let o = RuntimeOrigin::signed;
		// Every call that may roll is charged the roll up front.
		let declared = |call: Call<Test>| call.get_dispatch_info().call_weight;
		assert_eq!(declared(Call::buy { ito: id, amount: UNIT }), W::buy() + roll);
		assert_eq!(declared(Call::claim { ito: id, who: 2 }), W::claim() + roll);
		let work = |reward| Call::submit_work {
			ito: id,
			evidence_hash: H256::zero(),
			uri: vec![],
			reward,
		};
		assert_eq!(declared(work(None)), W::submit_work(0) + roll);
		assert_eq!(declared(work(Some((RewardAsset::Native, UNIT)))), W::submit_work(1) + roll);
		assert!(W::submit_work(1).ref_time() > W::submit_work(0).ref_time());

		// Work block 0 is open from creation: nothing to close, the roll is refunded.
		assert_eq!(used(Ito::buy(o(2), id, 10 * UNIT)), W::buy());
		assert_eq!(used(Ito::submit_work(o(4), id, H256::zero(), vec![], None)), W::submit_work(0));

		// The first call of each later work block closes the last one and pays the roll; the
		// next calls in the same block do not.
		run_to_block(start + LEN);
		assert_eq!(used(Ito::buy(o(3), id, 10 * UNIT)), W::buy() + roll);
		assert_eq!(used(Ito::buy(o(2), id, 10 * UNIT)), W::buy());
		assert_eq!(used(Ito::add_reward(o(1), id, RewardAsset::Native, UNIT)), W::add_reward());
		assert_eq!(used(Ito::validate(o(2), id, submit(id, 4), UNIT)), W::validate());

		run_to_block(start + 2 * LEN);
		assert_eq!(
			used(Ito::add_reward(o(1), id, RewardAsset::Native, UNIT)),
			W::add_reward() + roll
		);
		let with_reward = Some((RewardAsset::Native, UNIT));
		assert_eq!(
			used(Ito::submit_work(o(4), id, H256::zero(), vec![], with_reward)),
			W::submit_work(1)
		);

		// An idle stretch of three work blocks is one roll too.
		run_to_block(start + 5 * LEN);
		assert_eq!(used(Ito::claim(o(9), id, 2)), W::claim() + roll);
		assert_eq!(used(Ito::claim(o(9), id, 3)), W::claim());
		// Payments of a block without validations roll over: the next block's refunds.
		assert_ok!(Ito::buy(o(5), id, 10 * UNIT));
		run_to_block(start + 6 * LEN);
		assert_eq!(used(Ito::refund(o(2), id, UNIT)), W::refund() + roll);
		assert_eq!(used(Ito::refund(o(3), id, UNIT)), W::refund());
		run_to_block(start + 7 * LEN);
		assert_eq!(used(Ito::remove_work_item(o(9), id, 0)), W::remove_work_item() + roll);
		assert_eq!(used(Ito::remove_work_item(o(9), id, 1)), W::remove_work_item());
	});
}

// ---------------------------------------------------------------- properties

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Buy(AccountId, u128),
		Submit(AccountId),
		Reward(AccountId, u8, u128),
		Validate(AccountId, u32, u128),
		Claim(AccountId),
		Refund(AccountId, u128),
		Remove(u32),
		Advance(u64),
	}

	fn op() -> impl Strategy<Value = Op> {
		let who = 1 as AccountId..=6;
		prop_oneof![
			(who.clone(), 1u128..400).prop_map(|(w, a)| Op::Buy(w, a * UNIT / 3)),
			who.clone().prop_map(Op::Submit),
			(who.clone(), 0u8..4, 1u128..1_000).prop_map(|(w, a, x)| Op::Reward(
				w,
				a,
				x * UNIT / 7
			)),
			(who.clone(), 0u32..12, 1u128..40).prop_map(|(w, i, x)| Op::Validate(
				w,
				i,
				x * UNIT / 3
			)),
			who.clone().prop_map(Op::Claim),
			(who, 1u128..60).prop_map(|(w, x)| Op::Refund(w, x * UNIT / 2)),
			(0u32..12).prop_map(Op::Remove),
			(1u64..25).prop_map(Op::Advance),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]
		#[test]
		fn random_call_sequences_keep_the_invariants(
			approval in any::<bool>(),
			ops in proptest::collection::vec(op(), 1..60),
		) {
			new_test_ext().execute_with(|| {
				let id = create_with(1, PRICE, UNIT / 10, 300 * UNIT, Some(LEN), Some(UNIT / 2), Some(400 * UNIT), approval);
				let o = RuntimeOrigin::signed;
				for op in ops {
					// Every call either succeeds or fails without changing state; the
					// invariants hold after each.
					let _ = match op {
						Op::Buy(w, a) => Ito::buy(o(w), id, a),
						Op::Submit(w) => Ito::submit_work(o(w), id, H256::zero(), vec![], None),
						Op::Reward(w, a, x) => {
							let asset = if a == 0 { RewardAsset::Native } else { RewardAsset::Asset(a as u32) };
							Ito::add_reward(o(w), id, asset, x)
						},
						Op::Validate(w, i, x) => Ito::validate(o(w), id, i, x),
						Op::Claim(w) => Ito::claim(o(8), id, w),
						Op::Refund(w, x) => Ito::refund(o(w), id, x),
						Op::Remove(i) => Ito::remove_work_item(o(8), id, i),
						Op::Advance(n) => { run_to_block(System::block_number() + n); Ok(().into()) },
					};
					Ito::do_try_state().expect("invariants");
					assert_exact_conservation();
				}
				// Everyone claims at the end: what is left in the ITO account is the seed,
				// the open pools and rounding dust owed to nobody.
				run_to_block(System::block_number() + 2 * LEN);
				let owed_before: Vec<_> = (1..=6 as AccountId).map(|w| Ito::account_view(id, &w).unwrap()).collect();
				for w in 1..=6 as AccountId {
					let _ = Ito::claim(o(8), id, w);
				}
				for (i, w) in (1..=6 as AccountId).enumerate() {
					let after = Ito::account_view(id, &w).unwrap();
					prop_assert_eq!(after.producer_owed, 0);
					prop_assert!(after.holder_owed.is_empty(), "{:?} had {:?}", w, owed_before[i]);
				}
				let ito = Itos::<Test>::get(id).unwrap();
				prop_assert_eq!(ito.producer_owed, 0);
				for pool in RewardPools::<Test>::get(id).iter() {
					// Everyone was paid: no rounding dust stays owed to nobody.
					prop_assert!(owed_only_remainders(id, pool), "owed dust of {:?}", pool);
				}
				Ito::do_try_state().expect("invariants");
				assert_exact_conservation();
				Ok(())
			})?;
		}
	}
}
