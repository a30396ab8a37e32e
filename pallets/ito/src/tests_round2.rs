//! Regression tests of the second adversarial round (issue 20): each is named after its
//! defect, plays the attack, and checks what honest users get.

use crate::{mock::*, tests_adversaries::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold as _, fungibles::metadata::Inspect as _},
};

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Ito(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn owed_of(id: ItoId, who: AccountId, asset: RewardAssetOf<Test>) -> Balance {
	Ito::account_view(id, &who)
		.and_then(|v| v.holder_owed.into_iter().find(|(a, _)| *a == asset).map(|(_, x)| x))
		.unwrap_or(0)
}

/// Defect 1: a lone holder of one token unit adds a reward of about 3.4·10^20 units for one
/// work block and claims it back, which drives the accumulator to about `u128::MAX`. Every
/// later close of that pool must still pay.
#[test]
fn accumulator_saturation_cannot_freeze_a_pool() {
	build_and_execute(|| {
		// 1 planck buys one token unit.
		let id = open(UNIT, Some(1), &[1], false);
		assert_ok!(Ito::buy(o(2), id, 1));
		next_block(id);
		let huge = u128::MAX / RATE_PRECISION - 1_000;
		assert_ok!(Assets::mint(o(1), 1, 2, huge));
		assert_ok!(Ito::add_reward(o(2), id, RewardAsset::Asset(1), huge));
		next_block(id);
		assert_ok!(Ito::claim(o(2), id, 2));
		let acc = pool_of(id, RewardAsset::Asset(1)).acc;
		assert!(acc > u128::MAX - u128::MAX / 1_000, "the accumulator is near the top: {acc}");

		// An honest holder of one token joins; a reward of 100,000 units must reach it (its
		// rate takes the accumulator over the top).
		assert_ok!(Ito::buy(o(3), id, UNIT));
		next_block(id);
		assert_ok!(Ito::add_reward(o(5), id, RewardAsset::Asset(1), 100_000 * UNIT));
		next_block(id);
		let before = Assets::balance(1, 3);
		assert_ok!(Ito::claim(o(8), id, 3));
		let paid = Assets::balance(1, 3) - before;
		assert!(paid > 99_999 * UNIT, "the pool pays again after the wrap: {paid}");
		assert!(pool_of(id, RewardAsset::Asset(1)).acc < acc, "the accumulator wrapped");
	});
}

/// Defect 2: near an asset's maximum supply, pallet-assets burns a transfer whose credit
/// fails and reports success. A claim must not erase the holder's entitlement then: the
/// payout is undone and stays owed, and is paid once it can arrive.
#[test]
fn a_payout_that_would_burn_stays_owed() {
	build_and_execute(|| {
		let id = open(UNIT, None, &[1], false);
		assert_ok!(Ito::buy(o(2), id, 10 * UNIT));
		next_block(id);
		assert_ok!(Ito::add_reward(o(5), id, RewardAsset::Asset(1), 100 * UNIT));
		next_block(id);
		let owed = owed_of(id, 2, RewardAsset::Asset(1));
		assert_eq!(owed, 100 * UNIT);
		// The asset's admin mints until the supply cannot take the payout again.
		let supply = Assets::total_supply(1);
		let room = u128::MAX - supply;
		assert_ok!(Assets::mint(o(1), 1, 8, room - 50 * UNIT));
		let account = Ito::ito_account(id).unwrap();
		let (held, ito_held) = (Assets::balance(1, 2), Assets::balance(1, account));
		assert_ok!(Ito::claim(o(8), id, 2));
		assert_eq!(Assets::balance(1, 2), held, "nothing arrived");
		assert_eq!(Assets::balance(1, account), ito_held, "and nothing left");
		assert_eq!(owed_of(id, 2, RewardAsset::Asset(1)), owed, "still owed");
		// Once the supply has room, the claim pays it.
		assert_ok!(Assets::burn(o(1), 1, 8, 100 * UNIT));
		assert_ok!(Ito::claim(o(8), id, 2));
		assert_eq!(Assets::balance(1, 2), held + owed);
	});
}

/// Defect 3: `claim` is permissionless, so anyone can settle a victim at every close; each
/// settlement rounded down and the unit went to the others. A holder settled at every close
/// must get exactly what a twin settled once gets.
#[test]
fn third_party_claims_cannot_round_a_holder_down() {
	build_and_execute(|| {
		let id = open(UNIT, Some(1), &[], false);
		// Three holders of one token unit each: every close owes each a third.
		for who in [2, 3, 4] {
			assert_ok!(Ito::buy(o(who), id, 1));
		}
		next_block(id);
		let start = (Balances::free_balance(2), Balances::free_balance(3));
		for _ in 0..12 {
			assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Native, 10));
			next_block(id);
			// The victim is settled at every close by someone else.
			let _ = Ito::claim(o(8), id, 2);
		}
		let _ = Ito::claim(o(8), id, 2);
		assert_ok!(Ito::claim(o(8), id, 3));
		let victim = Balances::free_balance(2) - start.0;
		let twin = Balances::free_balance(3) - start.1;
		assert_eq!(victim, twin, "settling often costs the victim nothing");
		// 12 closes at the floored rate 3.333333333333333333 per unit, rounded once (settled
		// at every close and rounded each time, the victim got 36).
		assert_eq!(twin, 39);
	});
}

/// Defect 5: the ITO account is derived from the parent hash, which everyone knows while the
/// block is built. A front-runner in the same block funds it and uses up its consumer
/// references with junk assets; creation must still succeed, accepting a non-sufficient
/// asset.
#[test]
fn a_front_runner_cannot_stop_a_creation() {
	// Not `build_and_execute`: the front-runner's gift to the ITO account is native that no
	// book accounts for.
	new_test_ext().execute_with(|| {
		// A non-sufficient reward asset that the creator holds.
		junk_asset(3, 40, 5, 1_000_000);
		assert_ok!(Assets::transfer(o(3), 40, 1, 1_000));
		let target = Ito::new_ito_account(NextItoId::<Test>::get());
		assert_ok!(Balances::transfer_allow_death(o(7), target, 10 * ED));
		// Junk assets minted straight to it until it takes no more.
		let mut asset = 500u32;
		loop {
			assert_ok!(Assets::create(o(7), asset, 7, 1));
			asset += 1;
			if Assets::mint(o(7), asset - 1, target, 1).is_err() {
				break;
			}
		}
		assert!(!frame_system::Pallet::<Test>::can_accrue_consumers(&target, 2));
		let id = open(UNIT, None, &[1, 40], false);
		assert_eq!(Ito::ito_account(id), Some(target));
		let pool = pool_of(id, RewardAsset::Asset(40));
		assert_eq!(
			<Assets as fungibles::Refund<_>>::deposit_held(40, target).map(|(d, _)| d),
			Some(1),
			"the asset account was opened with the creator's deposit"
		);
		let _ = pool;
		assert_eq!(Assets::balance(40, target), 5, "and holds the seed");
		// The ITO works: rewards in the asset reach a holder.
		assert_ok!(Ito::buy(o(2), id, 10 * UNIT));
		next_block(id);
		assert_ok!(Ito::add_reward(o(3), id, RewardAsset::Asset(40), 500));
		next_block(id);
		assert_ok!(Ito::claim(o(2), id, 2));
		assert_eq!(Assets::balance(40, 2), 500);
		Ito::do_try_state().expect("invariants");
	});
}

/// Without the front-runner, the token has its asset metadata, paid by the creator.
#[test]
fn a_token_has_its_metadata() {
	build_and_execute(|| {
		let id = open(UNIT, None, &[], false);
		let token = Itos::<Test>::get(id).unwrap().token;
		assert_eq!(<Assets as fungibles::metadata::Inspect<_>>::name(token), b"adversary".to_vec());
		assert_eq!(Assets::symbol(token), Ito::token_symbol(id));
	});
}

/// Defect 6: an owed amount that can never be paid (here: under the asset's minimum balance,
/// for a holder without an account of it) pinned the holder record and its deposit for
/// ever. The holder forfeits it: it goes back to the pool, the record and deposit go.
#[test]
fn an_unpayable_amount_can_be_forfeited() {
	build_and_execute(|| {
		// Asset 40: minimum balance 1,000; the holder has no account of it.
		junk_asset(3, 40, 1_000, 1_000_000);
		assert_ok!(Assets::transfer(o(3), 40, 1, 10_000));
		let id = open(UNIT, Some(1), &[40], false);
		assert_ok!(Ito::buy(o(2), id, 1));
		assert_ok!(Ito::buy(o(4), id, 1));
		next_block(id);
		assert_ok!(Ito::add_reward(o(3), id, RewardAsset::Asset(40), 1_000));
		next_block(id);
		assert_ok!(Ito::refund(o(2), id, 1));
		assert_noop!(Ito::claim(o(8), id, 2), E::NothingToClaim);
		assert_eq!(owed_of(id, 2, RewardAsset::Asset(40)), 500, "unpayable: under the minimum");
		assert!(Holders::<Test>::contains_key(id, 2), "pinned");
		assert_noop!(Ito::forfeit(o(2), id, RewardAsset::Native), E::NothingOwed);
		assert_noop!(Ito::forfeit(o(5), id, RewardAsset::Asset(40)), E::NotHolder);

		assert_ok!(Ito::forfeit(o(2), id, RewardAsset::Asset(40)));
		assert!(!Holders::<Test>::contains_key(id, 2), "the record goes");
		assert_eq!(Balances::balance_on_hold(&HoldReason::HolderDeposit.into(), &2), 0);
		assert!(events().contains(&Event::RewardForfeited {
			ito: id,
			who: 2,
			asset: RewardAsset::Asset(40),
			amount: 500,
		}));
		// What was forfeited is the other holder's at the next close.
		assert_eq!(pool_of(id, RewardAsset::Asset(40)).pool, 500);
		next_block(id);
		assert_ok!(Ito::claim(o(4), id, 4));
		assert_eq!(Assets::balance(40, 4), 1_000);
	});
}

/// Defect 7: the spec's deposit is refundable. An ITO that nobody holds, is owed by or has
/// work in is dissolved: every storage item goes, and the deposit, the seeds and what no
/// one is owed go back to the creator.
#[test]
fn dissolve_returns_the_deposit_and_seeds_and_removes_everything() {
	build_and_execute(|| {
		junk_asset(3, 40, 5, 1_000_000);
		assert_ok!(Assets::transfer(o(3), 40, 1, 1_000));
		let native_before = Balances::total_balance(&1);
		let asset_before = Assets::balance(40, 1);
		let id = open(UNIT, None, &[1, 40], false);
		let ito = Itos::<Test>::get(id).unwrap();
		// A life: a holder, work, rewards, a validation, claims, a refund.
		assert_ok!(Ito::buy(o(2), id, 10 * UNIT));
		next_block(id);
		let item = submit(id, 5);
		assert_ok!(Ito::add_reward(o(3), id, RewardAsset::Asset(40), 700));
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Native, 3 * UNIT));
		assert_ok!(Ito::validate(o(2), id, item, UNIT));
		assert_noop!(Ito::dissolve(o(9), id), E::TokensCirculate);
		// The holder leaves before the close: the rewards roll over, owed to no one.
		assert_ok!(Ito::refund(o(2), id, 9 * UNIT));
		next_block(id);
		assert_noop!(Ito::dissolve(o(9), id), E::RecordsLeft);
		assert_ok!(Ito::remove_work_item(o(9), id, item));
		assert_ok!(Ito::claim(o(9), id, 5));
		assert_ok!(Ito::claim(o(9), id, 2));
		// A gift, owed to nobody.
		assert_ok!(Balances::transfer_allow_death(o(6), ito.account, 7));

		assert_ok!(Ito::dissolve(o(9), id));
		assert!(Itos::<Test>::get(id).is_none());
		assert!(!RewardPools::<Test>::contains_key(id));
		assert_eq!(History::<Test>::iter_prefix(id).count(), 0);
		assert!(!Ito::asset_exists(ito.token));
		assert_eq!(Balances::total_balance(&ito.account), 0, "the ITO account is reaped");
		assert_eq!(Assets::balance(40, ito.account), 0);
		assert_eq!(Balances::balance_on_hold(&HoldReason::ItoDeposit.into(), &1), 0);
		// The creator has its native back (deposit, seed, metadata deposit), and what no one
		// was owed: the rolled-over native pool and the 7 planck gift; and its asset seed and
		// the rolled-over asset pool.
		assert_eq!(Balances::total_balance(&1), native_before + 3 * UNIT + 7);
		assert_eq!(Assets::balance(40, 1), asset_before + 700);
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::Dissolved { ito, creator: 1, .. } if *ito == id)));
		assert_noop!(Ito::dissolve(o(9), id), E::UnknownIto);
		assert_noop!(Ito::buy(o(2), id, UNIT), E::UnknownIto);
		// The id is never used again.
		assert_eq!(open(UNIT, None, &[], false), id + 1);
	});
}

/// Dissolving is refused while anyone holds, is owed or has work or a record.
#[test]
fn dissolve_is_refused_while_anyone_holds_or_is_owed() {
	build_and_execute(|| {
		let id = open(UNIT, Some(1), &[], false);
		assert_ok!(Ito::buy(o(2), id, 1));
		assert_noop!(Ito::dissolve(o(9), id), E::TokensCirculate);
		next_block(id);
		let item = submit(id, 5);
		assert_ok!(Ito::validate(o(2), id, item, 1));
		assert_noop!(Ito::dissolve(o(9), id), E::RecordsLeft);
		next_block(id);
		assert_ok!(Ito::remove_work_item(o(9), id, item));
		// The producer is owed what the buyer paid: its record is left.
		assert_noop!(Ito::dissolve(o(9), id), E::RecordsLeft);
		assert_ok!(Ito::claim(o(9), id, 5));
		assert_ok!(Ito::claim(o(9), id, 2));
		assert_ok!(Ito::dissolve(o(9), id));
	});
}

/// An approval of the ITO token (which Workchain's runtime filters since spec 203; one made
/// before stays) cannot keep an ITO from dissolving: the token is left being destroyed, and
/// anyone finishes that with pallet-assets' calls.
#[test]
fn a_token_approval_cannot_stop_a_dissolve() {
	build_and_execute(|| {
		let id = open(UNIT, None, &[], false);
		let token = Itos::<Test>::get(id).unwrap().token;
		assert_ok!(Assets::approve_transfer(o(4), token, 5, 1));
		assert_ok!(Ito::dissolve(o(9), id));
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::Dissolved { token_destroyed: false, .. })));
		assert!(Itos::<Test>::get(id).is_none());
		assert_ok!(Assets::destroy_approvals(o(9), token));
		assert_ok!(Assets::finish_destroy(o(9), token));
		assert!(!Ito::asset_exists(token));
	});
}

/// Defect 9: a destroyed asset was written off one claim at a time, and if its id was
/// created again (anyone may), the old books were paid from the new asset's rewards. The
/// whole pool is written off the first time the asset is found gone, and the new asset is
/// never confused with the old.
#[test]
fn a_recreated_asset_never_pays_old_books() {
	build_and_execute(|| {
		junk_asset(7, 40, 1, 1_000_000);
		assert_ok!(Assets::transfer(o(7), 40, 1, 1_000));
		let id = open(UNIT, None, &[40], false);
		assert_ok!(Ito::buy(o(2), id, 10 * UNIT));
		assert_ok!(Ito::buy(o(3), id, 10 * UNIT));
		next_block(id);
		assert_ok!(Ito::add_reward(o(7), id, RewardAsset::Asset(40), 10_000));
		next_block(id);
		// Whatever the admin does to the ITO account's balance short of destroying the asset,
		// the pool is not gone: its payouts wait.
		let account = Ito::ito_account(id).unwrap();
		let held = Assets::balance(40, account);
		assert_ok!(Assets::burn(o(7), 40, account, held));
		let _ = Ito::claim(o(8), id, 2);
		assert!(!pool_of(id, RewardAsset::Asset(40)).gone);
		assert_eq!(owed_of(id, 2, RewardAsset::Asset(40)), 5_000);
		assert_ok!(Assets::mint(o(7), 40, account, held));
		// The admin destroys its asset and creates it again under the same id.
		assert_ok!(Assets::start_destroy(o(7), 40));
		assert_ok!(Assets::destroy_accounts(o(7), 40));
		assert_ok!(Assets::destroy_approvals(o(7), 40));
		assert_ok!(Assets::finish_destroy(o(7), 40));
		junk_asset(7, 40, 1, 1_000_000);
		assert_ok!(Assets::transfer(o(7), 40, 5, 100_000));
		// Even with the ITO account's account of the new asset opened with a deposit and
		// given the new asset, it is not the accepted one.
		assert_ok!(Assets::touch_other(o(7), 40, account));
		assert_ok!(Assets::transfer(o(7), 40, account, 50_000));
		assert_noop!(Ito::add_reward(o(5), id, RewardAsset::Asset(40), 20_000), E::UnknownAsset);

		assert_ok!(Ito::claim(o(8), id, 2));
		let pool = pool_of(id, RewardAsset::Asset(40));
		assert!(pool.gone && pool.owed == 0 && pool.pool == 0, "written off whole: {pool:?}");
		assert_eq!(
			events().iter().filter(|e| matches!(e, Event::RewardPoolWrittenOff { .. })).count(),
			1
		);
		assert_ok!(Ito::claim(o(8), id, 3));
		assert_eq!(Assets::balance(40, 2), 0, "no old book paid from the new asset");
		assert_eq!(Assets::balance(40, 3), 0);
		assert_eq!(Assets::balance(40, account), 50_000);
		// The destruction was counted for the accepted id only: creating and destroying an
		// asset no ITO accepted leaves nothing in storage.
		assert_eq!(AssetGeneration::<Test>::get(40), 1);
		junk_asset(7, 41, 1, 10);
		assert_ok!(Assets::start_destroy(o(7), 41));
		assert_ok!(Assets::destroy_accounts(o(7), 41));
		assert_ok!(Assets::destroy_approvals(o(7), 41));
		assert_ok!(Assets::finish_destroy(o(7), 41));
		assert!(!AssetGeneration::<Test>::contains_key(41));
		// Later closes pay the native pool as ever.
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Native, 1_000));
		next_block(id);
		assert_ok!(Ito::claim(o(8), id, 2));
		assert_eq!(owed_of(id, 2, RewardAsset::Native), 0);
	});
}

/// The same unknown asset gets the same named error from `create_ito` and `add_reward`.
#[test]
fn an_unknown_asset_is_named_the_same_everywhere() {
	build_and_execute(|| {
		let id = open(UNIT, None, &[1], false);
		assert_noop!(Ito::add_reward(o(5), id, RewardAsset::Asset(999), 10), E::UnknownAsset);
		assert_noop!(try_open(UNIT, None, &[999], false), E::UnknownAsset);
		// An existing asset the ITO does not accept is another matter.
		assert_noop!(Ito::add_reward(o(5), id, RewardAsset::Asset(2), 10), E::AssetNotAccepted);
	});
}

/// `create_ito` without the seed of an accepted asset names it.
#[test]
fn a_creator_without_the_seed_gets_a_named_error() {
	build_and_execute(|| {
		junk_asset(7, 40, 1_000, 1_000_000);
		assert_noop!(try_open(UNIT, None, &[40], false), E::CannotPaySeed);
	});
}

/// A claim that only settles (pending tokens become eligible) says so with an event.
#[test]
fn a_claim_that_only_settles_says_so() {
	build_and_execute(|| {
		let id = open(UNIT, None, &[], false);
		assert_ok!(Ito::buy(o(2), id, 10 * UNIT));
		next_block(id);
		System::reset_events();
		assert_ok!(Ito::claim(o(8), id, 2));
		let settled: Vec<_> =
			events().into_iter().filter(|e| !matches!(e, Event::WorkBlockClosed { .. })).collect();
		assert_eq!(settled, vec![Event::Settled { ito: id, who: 2 }]);
		assert_noop!(Ito::claim(o(8), id, 2), E::NothingToClaim);
	});
}
