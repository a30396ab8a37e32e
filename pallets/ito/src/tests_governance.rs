//! Authority by economic value (issue 21): proposals decided by holders' and producers'
//! value in one work block. Each adversary of the issue has its test; every test ends with
//! the invariants (`build_and_execute`), which check that no proposal counts more value than
//! the block had and that every vote weighs its voter's value now.

use crate::{mock::*, tests_adversaries::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold as _};
use sp_core::H256;
use sp_runtime::Perbill;

type E = Error<Test>;

/// Roll the ITO to the current chain block, as its first call after a boundary does.
fn roll(id: ItoId) {
	crate::blocks::ItoCtx::<Test>::load(id).unwrap().commit();
}

fn open_tally(id: ItoId, proposal: ProposalId) -> (Balance, Balance) {
	let ito = Itos::<Test>::get(id).unwrap();
	let p = ito.proposals.iter().find(|p| p.id == proposal).expect("open");
	(p.ayes, p.nays)
}

fn status(id: ItoId, proposal: ProposalId) -> ProposalStatus {
	Proposals::<Test>::get(id, proposal).expect("a proposal").status
}

fn signal() -> ProposalActionOf<Test> {
	ProposalAction::Signal {
		hash: H256::repeat_byte(9),
		uri: b"ipfs://text".to_vec().try_into().unwrap(),
	}
}

fn propose(id: ItoId, who: AccountId, action: ProposalActionOf<Test>) -> ProposalId {
	let next = Itos::<Test>::get(id).unwrap().next_proposal;
	assert_ok!(Ito::propose(o(who), id, action));
	next
}

/// 1 native planck buys one token unit; holders 2, 3 and 4 buy 1,000, 600 and 400 units in
/// block 0, and block 1 opens with a value of 2,000.
fn three_holders(approval: bool) -> ItoId {
	let id = open(UNIT, Some(1), &[1], approval);
	assert_ok!(Ito::buy(o(2), id, 1_000));
	assert_ok!(Ito::buy(o(3), id, 600));
	assert_ok!(Ito::buy(o(4), id, 400));
	next_block(id);
	roll(id);
	id
}

/// The worked example of the note: holders and a producer decide to accept asset 2 with
/// exact weights, and rewards in asset 2 flow after the close.
#[test]
fn holders_and_a_producer_accept_an_asset_with_exact_weights() {
	build_and_execute(|| {
		let id = three_holders(false);
		assert_eq!(Ito::governance_view(id, 0, 10).unwrap().value, 2_000);
		// Producer 5 holds nothing; validator 4 backs its work with 300 units.
		let item = submit(id, 5);
		assert_ok!(Ito::validate(o(4), id, item, 300));
		assert_eq!(Ito::voting_power_view(id, &5).unwrap().value, 300);
		assert_eq!(Ito::voting_power_view(id, &4).unwrap().value, 100);

		let seed_before = Assets::balance(2, 2);
		let p = propose(id, 2, ProposalAction::AcceptAsset(2));
		assert_eq!(Assets::balance(2, 2), seed_before - 1, "the proposer paid the seed");
		assert_ok!(Ito::vote(o(2), id, p, true));
		assert_ok!(Ito::vote(o(3), id, p, false));
		assert_ok!(Ito::vote(o(5), id, p, true));
		assert_ok!(Ito::vote(o(4), id, p, true));
		assert_eq!(open_tally(id, p), (1_000 + 300 + 100, 600));
		// The validator backs the producer again after voting: 50 units move from its aye to
		// the producer's aye. Nothing counts twice: the tally is the block's value.
		assert_ok!(Ito::validate(o(4), id, item, 50));
		assert_eq!(open_tally(id, p), (1_000 + 350 + 50, 600));
		assert_eq!(Voters::<Test>::get(id, 4).unwrap().weight, 50);
		assert_eq!(Voters::<Test>::get(id, 5).unwrap().weight, 350);
		assert_noop!(Ito::add_reward(o(6), id, RewardAsset::Asset(2), 10), E::AssetNotAccepted);

		next_block(id);
		roll(id);
		let decided = Proposals::<Test>::get(id, p).unwrap();
		assert_eq!(
			(decided.status, decided.ayes, decided.nays, decided.value),
			(ProposalStatus::Passed, 1_400, 600, 2_000)
		);
		assert!(pool_of(id, RewardAsset::Asset(2)).accepting);
		assert_eq!(pool_of(id, RewardAsset::Asset(2)).seed, 1);

		// Block 2: 2,000 units of asset 2 for the holders of 1,000, 600 and 50 eligible units.
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Asset(2), 2_000));
		next_block(id);
		let before: Vec<Balance> = [2, 3, 4].iter().map(|w| Assets::balance(2, *w)).collect();
		for who in [2, 3, 4] {
			assert_ok!(Ito::claim(o(8), id, who));
		}
		let paid: Vec<Balance> =
			[2, 3, 4].iter().zip(before).map(|(w, b)| Assets::balance(2, *w) - b).collect();
		assert_eq!(paid, vec![1_212, 727, 60]);

		// The deposit goes back with the proposal, and stale voter records go.
		assert_ok!(Ito::remove_proposal(o(8), id, p));
		assert_eq!(Balances::balance_on_hold(&HoldReason::ProposalDeposit.into(), &2), 0);
		for who in [2, 3, 4, 5] {
			assert_ok!(Ito::remove_votes(o(8), id, who));
			assert_eq!(Balances::balance_on_hold(&HoldReason::VoterDeposit.into(), &who), 0);
		}
	});
}

/// Buy-in before the close: tokens bought in the open block are no value in it.
#[test]
fn buying_in_cannot_buy_a_vote() {
	build_and_execute(|| {
		let id = three_holders(false);
		let p = propose(id, 2, signal());
		assert_ok!(Ito::buy(o(6), id, 1_000_000));
		assert_noop!(Ito::vote(o(6), id, p, false), E::NoValue);
		assert_noop!(Ito::propose(o(6), id, signal()), E::NoValue);
		assert_eq!(Ito::voting_power_view(id, &6).unwrap().value, 0);
		// A holder who buys more votes with what it held across the close only.
		assert_ok!(Ito::buy(o(3), id, 5_000));
		assert_ok!(Ito::vote(o(3), id, p, false));
		assert_eq!(open_tally(id, p), (0, 600));
	});
}

/// Vote-then-validate and validate-then-vote by a pair: the value counted is the same either
/// way, and never more than the pair had.
#[test]
fn a_validating_pair_counts_its_value_once_in_either_order() {
	for vote_first in [true, false] {
		build_and_execute(|| {
			let id = three_holders(false);
			let p = propose(id, 2, signal());
			let item = submit(id, 5);
			if vote_first {
				assert_ok!(Ito::vote(o(4), id, p, true));
				assert_ok!(Ito::validate(o(4), id, item, 250));
				assert_ok!(Ito::vote(o(5), id, p, true));
			} else {
				assert_ok!(Ito::validate(o(4), id, item, 250));
				assert_ok!(Ito::vote(o(5), id, p, true));
				assert_ok!(Ito::vote(o(4), id, p, true));
			}
			// Validating again after both voted moves value from one to the other.
			assert_ok!(Ito::validate(o(4), id, item, 100));
			assert_eq!(open_tally(id, p), (400, 0), "vote first: {vote_first}");
			assert_eq!(Voters::<Test>::get(id, 4).unwrap().weight, 50);
			assert_eq!(Voters::<Test>::get(id, 5).unwrap().weight, 350);
		});
	}
}

/// Refund after voting: the refunded value leaves every vote of the refunder.
#[test]
fn a_refund_after_voting_takes_its_value_out_of_the_votes() {
	build_and_execute(|| {
		let id = three_holders(false);
		let a = propose(id, 2, signal());
		let b = propose(id, 3, ProposalAction::SetMinValidation(5));
		assert_ok!(Ito::vote(o(3), id, a, true));
		assert_ok!(Ito::vote(o(3), id, b, false));
		// The pool of block 1 holds nothing yet: a buyer pays into it so that refunds can be
		// paid.
		assert_ok!(Ito::buy(o(7), id, 10_000));
		assert_ok!(Ito::refund(o(3), id, 450));
		assert_eq!(open_tally(id, a), (150, 0));
		assert_eq!(open_tally(id, b), (0, 150));
		// Switching sides moves the whole (current) weight.
		assert_ok!(Ito::vote(o(3), id, a, false));
		assert_eq!(open_tally(id, a), (0, 150));
		assert_noop!(Ito::vote(o(3), id, a, false), E::AlreadyVoted);
	});
}

/// Spam and squatting: a proposer needs value (1% of the block's), one open proposal per
/// proposer, bounded slots; a slot is held by its proposer's own value, so a proposer with
/// more takes the slot of the least, and votes (which one account could lend to every
/// slot) hold none.
#[test]
fn proposals_cannot_be_spammed_or_squatted() {
	build_and_execute(|| {
		let id = open(UNIT, Some(1), &[1], false);
		// 11,500 in all: 1% is 115, which account 7 does not have.
		for (who, amount) in [(2, 4_000), (3, 3_000), (4, 2_000), (6, 1_500), (5, 990), (7, 10)] {
			assert_ok!(Ito::buy(o(who), id, amount));
		}
		next_block(id);
		assert_noop!(Ito::propose(o(7), id, signal()), E::ProposerValueTooLow);
		assert_noop!(Ito::propose(o(8), id, signal()), E::NoValue);
		let low = propose(id, 5, signal());
		assert_noop!(Ito::propose(o(5), id, signal()), E::AlreadyProposed);
		let mid = propose(id, 4, signal());
		let top = propose(id, 3, signal());
		assert_eq!(Itos::<Test>::get(id).unwrap().proposals.len() as u32, MAX_OPEN_PROPOSALS);
		// The biggest holder backs every squat with its 4,000: it protects none of them.
		for p in [low, mid, top] {
			assert_ok!(Ito::vote(o(2), id, p, true));
		}
		// 6 (1,500) takes the slot of 5 (990), the proposer with the least value.
		let six = propose(id, 6, signal());
		assert_eq!(status(id, low), ProposalStatus::Displaced);
		assert_eq!(Proposals::<Test>::get(id, low).unwrap().ayes, 4_000);
		assert_noop!(Ito::vote(o(3), id, low, true), E::ProposalNotOpen);
		// 5 cannot come back with less value than every open proposal's proposer.
		assert_noop!(Ito::propose(o(5), id, signal()), E::TooManyProposals);
		assert!(!Ito::voting_power_view(id, &5).unwrap().can_propose);
		// A displaced proposal can be removed at once, and its deposit returns.
		assert_ok!(Ito::remove_proposal(o(8), id, low));
		assert_eq!(Balances::balance_on_hold(&HoldReason::ProposalDeposit.into(), &5), 0);
		assert_noop!(Ito::remove_proposal(o(8), id, six), E::ProposalOpen);
		assert_noop!(Ito::vote(o(2), id, 99, true), E::UnknownProposal);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ProposalDeposit.into(), &6),
			PROPOSAL_DEPOSIT
		);
	});
}

/// An asset admin proposes its own asset: it needs the members' value like anyone, pays the
/// seed, gets it back when the proposal fails, and destroying its asset before the close
/// leaves it unaccepted.
#[test]
fn an_asset_admin_proposing_its_own_asset_gets_no_special_power() {
	build_and_execute(|| {
		let id = three_holders(false);
		// Account 4 made asset 77 (min balance 5) and proposes it; nobody else votes aye.
		junk_asset(4, 77, 5, 1_000);
		let p = propose(id, 4, ProposalAction::AcceptAsset(77));
		assert_noop!(Ito::propose(o(3), id, ProposalAction::AcceptAsset(77)), E::AlreadyAccepted);
		assert_ok!(Ito::vote(o(4), id, p, true));
		assert_ok!(Ito::vote(o(2), id, p, false));
		let account = Itos::<Test>::get(id).unwrap().account;
		assert_eq!(Assets::balance(77, account), 5);
		next_block(id);
		roll(id);
		assert_eq!(status(id, p), ProposalStatus::Rejected);
		assert!(RewardPools::<Test>::get(id).iter().all(|p| p.asset != RewardAsset::Asset(77)));
		assert_ok!(Ito::remove_proposal(o(8), id, p));
		assert_eq!(Assets::balance(77, 4), 1_000, "the seed went back");
		assert_eq!(Assets::balance(77, account), 0);

		// It passes this time, but the admin destroys the asset before the close.
		let p = propose(id, 4, ProposalAction::AcceptAsset(77));
		assert_ok!(Ito::vote(o(2), id, p, true));
		assert_ok!(Assets::freeze_asset(o(4), 77));
		assert_ok!(Assets::start_destroy(o(4), 77));
		assert_ok!(Assets::destroy_accounts(o(4), 77));
		assert_ok!(Assets::destroy_approvals(o(4), 77));
		assert_ok!(Assets::finish_destroy(o(4), 77));
		next_block(id);
		roll(id);
		assert_eq!(status(id, p), ProposalStatus::Failed);
		assert!(RewardPools::<Test>::get(id).iter().all(|p| p.asset != RewardAsset::Asset(77)));
		assert_ok!(Ito::remove_proposal(o(8), id, p));
	});
}

/// Passing needs ayes over nays and the quorum (20% of the value by default).
#[test]
fn a_proposal_needs_a_majority_and_the_quorum() {
	build_and_execute(|| {
		let id = three_holders(false);
		// 400 of 2,000 is exactly the quorum.
		let a = propose(id, 4, ProposalAction::SetMinValidation(7));
		assert_ok!(Ito::vote(o(4), id, a, true));
		// A tie is no majority.
		let b = propose(id, 2, ProposalAction::SetMinValidation(9));
		assert_ok!(Ito::vote(o(2), id, b, true));
		assert_ok!(Ito::vote(o(3), id, b, false));
		assert_ok!(Ito::vote(o(4), id, b, false));
		next_block(id);
		roll(id);
		assert_eq!(status(id, a), ProposalStatus::Passed);
		assert_eq!(status(id, b), ProposalStatus::Rejected);
		assert_eq!(Itos::<Test>::get(id).unwrap().settings.min_validation, 7);

		// Below the quorum: 390 of 2,000 (the validator spent 10 units).
		let item = submit(id, 5);
		assert_ok!(Ito::validate(o(4), id, item, 10));
		let c = propose(id, 4, ProposalAction::SetQuorum(Perbill::from_percent(30)));
		assert_ok!(Ito::vote(o(4), id, c, true));
		next_block(id);
		roll(id);
		assert_eq!(status(id, c), ProposalStatus::Rejected);
	});
}

/// Every setting a proposal may change, changed, and the bounds checked at proposing.
#[test]
fn proposals_change_what_may_change_within_bounds() {
	build_and_execute(|| {
		let id = three_holders(false);
		assert_noop!(
			Ito::propose(o(2), id, ProposalAction::SetMinValidation(0)),
			E::ZeroMinValidation
		);
		assert_noop!(
			Ito::propose(o(2), id, ProposalAction::SetPurchaseLimits { min: 5, max: 4 }),
			E::InvalidPurchaseLimits
		);
		assert_noop!(
			Ito::propose(o(2), id, ProposalAction::SetQuorum(Perbill::from_percent(4))),
			E::QuorumOutOfBounds
		);
		assert_noop!(
			Ito::propose(o(2), id, ProposalAction::SetQuorum(Perbill::from_percent(51))),
			E::QuorumOutOfBounds
		);
		assert_noop!(
			Ito::propose(o(2), id, ProposalAction::SetValidationQuorum(Perbill::from_percent(51))),
			E::QuorumOutOfBounds
		);
		assert_noop!(Ito::propose(o(2), id, ProposalAction::AcceptAsset(1)), E::AlreadyAccepted);
		assert_noop!(Ito::propose(o(2), id, ProposalAction::AcceptAsset(999)), E::UnknownAsset);
		assert_noop!(Ito::propose(o(2), id, ProposalAction::StopAsset(3)), E::AssetNotAccepted);
		assert_noop!(
			Ito::propose(o(2), id, ProposalAction::AcceptAsset(OFFSET + id)),
			E::ItoTokenReward
		);
		let a = propose(id, 2, ProposalAction::SetPurchaseLimits { min: 10, max: UNIT });
		let b = propose(id, 3, ProposalAction::SetQuorum(Perbill::from_percent(50)));
		let c = propose(id, 4, ProposalAction::StopAsset(1));
		for p in [a, b, c] {
			assert_ok!(Ito::vote(o(2), id, p, true));
		}
		next_block(id);
		assert_noop!(Ito::buy(o(6), id, 9), E::BelowMinPurchase);
		assert_ok!(Ito::buy(o(6), id, 100));
		let ito = Itos::<Test>::get(id).unwrap();
		assert_eq!((ito.settings.min_purchase, ito.settings.max_purchase), (10, UNIT));
		assert_eq!(ito.quorum, Perbill::from_percent(50));
		// Asset 1 takes no new rewards; what it holds is still distributed and paid.
		assert_noop!(Ito::add_reward(o(6), id, RewardAsset::Asset(1), 10), E::AssetNotAccepted);
		// Accepted again, without a new seed.
		let d = propose(id, 2, ProposalAction::AcceptAsset(1));
		assert_eq!(Proposals::<Test>::get(id, d).unwrap().seed, 0);
		assert_ok!(Ito::vote(o(2), id, d, true));
		next_block(id);
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Asset(1), 10));
	});
}

/// `approval_required` changed by proposals, both ways, while holders are owed, pending and
/// validating: every holder is paid exactly what it earned under each mode (the invariants
/// and exact conservation run after the test).
#[test]
fn switching_approval_pays_every_holder_exactly() {
	build_and_execute(|| {
		let id = three_holders(false);
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Native, 2_000));
		let p = propose(id, 2, ProposalAction::SetApprovalRequired(true));
		assert_ok!(Ito::vote(o(2), id, p, true));
		assert_ok!(Ito::buy(o(7), id, 500));
		next_block(id);
		roll(id);
		// Block 2, approval mode: only 3 validates, so only 3's share is distributed.
		assert!(Itos::<Test>::get(id).unwrap().settings.approval_required);
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Native, 2_500));
		let item = submit(id, 5);
		assert_ok!(Ito::validate(o(3), id, item, 100));
		assert_ok!(Ito::buy(o(6), id, 300));
		let q = propose(id, 3, ProposalAction::SetApprovalRequired(false));
		assert_ok!(Ito::vote(o(2), id, q, true));
		next_block(id);
		roll(id);
		// Block 3, no approval again.
		assert!(!Itos::<Test>::get(id).unwrap().settings.approval_required);
		assert_ok!(Ito::add_reward(o(6), id, RewardAsset::Native, 3_100));
		next_block(id);
		let before: Vec<Balance> = [2, 3, 4, 6, 7].iter().map(Balances::free_balance).collect();
		for who in [2, 3, 4, 6, 7] {
			assert_ok!(Ito::claim(o(8), id, who));
		}
		let paid: Vec<Balance> = [2, 3, 4, 6, 7]
			.iter()
			.zip(before)
			.map(|(w, b)| Balances::free_balance(w) - b)
			.collect();
		// Block 1, no approval: 2,000 over 2,000 eligible units: 1,000 / 600 / 400.
		// Block 2, approval: 2,500 at a rate of 2,500 / 2,400 (the eligible units at the
		// close, after 3 spent 100), owed only to 3's 500 approved units: 520 and 5/6 (the
		// 5/6 stays 3's remainder); 1,979 roll over.
		// Block 3, no approval: 5,079 over 2,700 eligible units (2: 1,000, 3: 500, 4: 400,
		// 6: 300, 7: 500) at 1.8811...: 1,881 / 940 (+ 3's remainder: 941) / 752 / 564 / 940.
		assert_eq!(paid, vec![1_000 + 1_881, 600 + 520 + 941, 400 + 752, 564, 940]);
	});
}

/// The validation quorum: below it the block's validation decides its share of the
/// producer pool and the rest rolls over; at it, the whole pool is owed.
#[test]
fn below_the_validation_quorum_the_producer_pool_rolls_over() {
	build_and_execute(|| {
		let id = three_holders(false);
		let p = propose(id, 2, ProposalAction::SetValidationQuorum(Perbill::from_percent(10)));
		assert_ok!(Ito::vote(o(2), id, p, true));
		next_block(id);
		// Block 2: value 2,000, so validation must reach 200 to decide the whole pool (the
		// 2,000 paid in block 0 and the 1,000 of block 2). 199 decide 199/200 of it: 2,985;
		// 15 roll over.
		assert_ok!(Ito::buy(o(6), id, 1_000));
		let item = submit(id, 5);
		assert_ok!(Ito::validate(o(4), id, item, 199));
		next_block(id);
		assert_eq!(Ito::account_view(id, &5).unwrap().producer_owed, 2_985);
		let ito = crate::blocks::ItoCtx::<Test>::view(id).unwrap().ito;
		assert_eq!(ito.producer_pool, 15);
		// Block 3: value 2,801 (199 spent, 1,000 joined): 281 of validation reaches it, and
		// 500 do: the 15 are owed too.
		let item = submit(id, 5);
		assert_ok!(Ito::validate(o(2), id, item, 500));
		assert_eq!(Itos::<Test>::get(id).unwrap().value, 2_801);
		next_block(id);
		assert_eq!(Ito::account_view(id, &5).unwrap().producer_owed, 3_000);
	});
}

/// Giant numbers: values near the top of the balance type never overflow a tally.
#[test]
fn giant_values_never_overflow_a_tally() {
	build_and_execute(|| {
		// 1 planck buys a whole token (10^12 units): 10^18 planck buy 10^30 units.
		let id = open(1, None, &[], false);
		assert_ok!(Ito::buy(o(2), id, ENDOWMENT / 2));
		assert_ok!(Ito::buy(o(3), id, ENDOWMENT / 2));
		next_block(id);
		let p = propose(id, 2, signal());
		assert_ok!(Ito::vote(o(2), id, p, true));
		assert_ok!(Ito::vote(o(3), id, p, true));
		let value = Itos::<Test>::get(id).unwrap().value;
		assert_eq!(open_tally(id, p), (value, 0));
		next_block(id);
		roll(id);
		assert_eq!(status(id, p), ProposalStatus::Passed);
		assert_eq!(Proposals::<Test>::get(id, p).unwrap().ayes, value);
	});
}

/// Records go lazily and hold their deposits until then; an ITO with any left cannot be
/// dissolved; a voter record of a closed block is reused by the next vote.
#[test]
fn proposals_and_votes_go_lazily_with_their_deposits() {
	build_and_execute(|| {
		let id = three_holders(false);
		let p = propose(id, 2, signal());
		assert_ok!(Ito::vote(o(3), id, p, true));
		assert_noop!(Ito::remove_votes(o(8), id, 3), E::VotesOpen);
		assert_noop!(Ito::remove_votes(o(8), id, 4), E::NoVotes);
		next_block(id);
		let q = propose(id, 2, signal());
		// The record of block 1 is reused (its deposit too).
		assert_ok!(Ito::vote(o(3), id, q, false));
		assert_eq!(Balances::balance_on_hold(&HoldReason::VoterDeposit.into(), &3), VOTER_DEPOSIT);
		assert_eq!(Voters::<Test>::get(id, 3).unwrap().votes.to_vec(), vec![(q, false)]);
		assert_eq!(status(id, p), ProposalStatus::Passed);
		next_block(id);
		// Everyone leaves; the proposals and the voter record still block a dissolve.
		assert_ok!(Ito::buy(o(7), id, 10_000));
		for who in [2, 3, 4] {
			let held = Ito::account_view(id, &who).unwrap().balance;
			assert_ok!(Ito::refund(o(who), id, held));
			assert_ok!(Ito::claim(o(8), id, who));
		}
		let held = Ito::account_view(id, &7).unwrap().balance;
		assert_ok!(Ito::refund(o(7), id, held));
		next_block(id);
		assert_ok!(Ito::claim(o(8), id, 7));
		assert_noop!(Ito::dissolve(o(8), id), E::RecordsLeft);
		assert_ok!(Ito::remove_proposal(o(8), id, p));
		assert_ok!(Ito::remove_proposal(o(8), id, q));
		assert_noop!(Ito::dissolve(o(8), id), E::RecordsLeft);
		assert_ok!(Ito::remove_votes(o(8), id, 3));
		assert_ok!(Ito::dissolve(o(8), id));
	});
}

/// Review H1: nobody proposes in a block's last moments and passes it unanswered; the second
/// half of every work block is left for voting.
#[test]
fn proposals_are_made_in_the_first_half_of_a_block() {
	build_and_execute(|| {
		let id = three_holders(false);
		let start = Itos::<Test>::get(id).unwrap().start + LEN;
		// LEN is 10: proposals until chain block start + 5 (exclusive).
		run_to_block(start + 4);
		let p = propose(id, 2, signal());
		run_to_block(start + 5);
		assert_noop!(Ito::propose(o(3), id, signal()), E::ProposingClosed);
		assert!(!Ito::voting_power_view(id, &3).unwrap().can_propose);
		assert_eq!(Ito::governance_view(id, 0, 10).unwrap().proposing_until, start + 5);
		// Votes go on to the end of the block.
		run_to_block(start + 9);
		assert_ok!(Ito::vote(o(3), id, p, false));
		assert_ok!(Ito::vote(o(4), id, p, false));
		assert_ok!(Ito::vote(o(2), id, p, true));
		next_block(id);
		roll(id);
		assert_eq!(status(id, p), ProposalStatus::Rejected);
	});
}

/// Review M4: a nay never helps a proposal pass: the ayes alone must reach the quorum.
#[test]
fn nays_never_carry_a_proposal_over_the_quorum() {
	build_and_execute(|| {
		let id = open(UNIT, Some(1), &[1], false);
		for (who, amount) in [(2, 150), (3, 60), (4, 790)] {
			assert_ok!(Ito::buy(o(who), id, amount));
		}
		next_block(id);
		// Ayes 15% and nays 6% of 1,000: turnout 21% is over the 20% quorum, ayes are not.
		let p = propose(id, 2, ProposalAction::SetMinValidation(3));
		assert_ok!(Ito::vote(o(2), id, p, true));
		assert_ok!(Ito::vote(o(3), id, p, false));
		next_block(id);
		roll(id);
		assert_eq!(status(id, p), ProposalStatus::Rejected);
		assert_eq!(Itos::<Test>::get(id).unwrap().settings.min_validation, 1);
	});
}

/// Review M1: a slot is held by its proposer's value now: a proposer who gives up its
/// value after proposing keeps no rank.
#[test]
fn a_slot_is_held_by_its_proposers_value_now() {
	build_and_execute(|| {
		let id = open(UNIT, Some(1), &[1], false);
		for (who, amount) in [(3, 3_000), (4, 2_000), (6, 1_500), (5, 990)] {
			assert_ok!(Ito::buy(o(who), id, amount));
		}
		next_block(id);
		let five = propose(id, 5, signal());
		let four = propose(id, 4, signal());
		let _ = propose(id, 3, signal());
		// 4 refunds everything: its proposal's slot is held by nothing, and 6 (1,500) takes
		// it rather than 5's (990).
		assert_ok!(Ito::buy(o(7), id, 100_000));
		assert_ok!(Ito::refund(o(4), id, 2_000));
		let six = propose(id, 6, signal());
		assert_eq!(status(id, four), ProposalStatus::Displaced);
		assert_eq!(status(id, five), ProposalStatus::Open);
		assert_eq!(status(id, six), ProposalStatus::Open);
	});
}

/// Review 2: no majority can price the others out: a setting may be loosened freely, but
/// tightened only up to one whole token (or its price).
#[test]
fn no_proposal_can_lock_members_out() {
	build_and_execute(|| {
		// Price: 1 native planck per token unit, so one whole token costs UNIT.
		let id = three_holders(false);
		for action in [
			ProposalAction::SetMinValidation(UNIT + 1),
			ProposalAction::SetPurchaseLimits { min: UNIT + 1, max: u128::MAX },
			ProposalAction::SetPurchaseLimits { min: 1, max: UNIT - 1 },
		] {
			assert_noop!(Ito::propose(o(2), id, action), E::WouldLockOut);
		}
		let a = propose(id, 2, ProposalAction::SetMinValidation(UNIT));
		let b = propose(id, 3, ProposalAction::SetPurchaseLimits { min: UNIT, max: UNIT });
		for p in [a, b] {
			assert_ok!(Ito::vote(o(2), id, p, true));
		}
		next_block(id);
		roll(id);
		let settings = Itos::<Test>::get(id).unwrap().settings;
		assert_eq!(
			(settings.min_validation, settings.min_purchase, settings.max_purchase),
			(UNIT, UNIT, UNIT)
		);
		// Anyone can still buy a whole token and validate with it.
		assert_ok!(Ito::buy(o(6), id, UNIT));
	});
}

/// Review M2 and L1: an asset destroyed and created again under its id: removing a rejected
/// proposal of the old asset returns nothing out of the new asset's pool.
#[test]
fn a_stale_seed_never_comes_out_of_a_new_assets_pool() {
	build_and_execute(|| {
		let id = three_holders(false);
		junk_asset(4, 77, 5, 1_000);
		let old = propose(id, 4, ProposalAction::AcceptAsset(77));
		next_block(id);
		roll(id);
		assert_eq!(status(id, old), ProposalStatus::Rejected);
		// The admin destroys asset 77 (the ITO account's seed goes with it) and makes a new
		// one under its id; the members accept the new one and rewards flow into it.
		assert_ok!(Assets::freeze_asset(o(4), 77));
		assert_ok!(Assets::start_destroy(o(4), 77));
		assert_ok!(Assets::destroy_accounts(o(4), 77));
		assert_ok!(Assets::finish_destroy(o(4), 77));
		junk_asset(4, 77, 1, 10_000);
		assert_ok!(Assets::transfer(o(4), 77, 2, 5_000));
		let new = propose(id, 2, ProposalAction::AcceptAsset(77));
		assert_ok!(Ito::vote(o(2), id, new, true));
		next_block(id);
		assert_ok!(Ito::add_reward(o(2), id, RewardAsset::Asset(77), 1_000));
		let account = Itos::<Test>::get(id).unwrap().account;
		assert_eq!(Assets::balance(77, account), 1 + 1_000);
		assert_ok!(Ito::remove_proposal(o(8), id, old));
		assert_eq!(Assets::balance(77, account), 1 + 1_000, "the pool keeps its books");
		assert_eq!(Assets::balance(77, 4), 5_000);
	});
}
