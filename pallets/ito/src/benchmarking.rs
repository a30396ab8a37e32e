//! Benchmarks of pallet-ito (benchmarks v2).
//!
//! Every call is measured at its worst case: an ITO with `MaxRewardAssets` reward pools and
//! accounts that settle against closed blocks. The roll is measured apart (`roll`: two
//! closes with full pools that write a closed-block record), because only the first call
//! after a work-block boundary rolls: the calls charge it on top and refund it when they did
//! not roll, so each call's own benchmark runs in a block that has already rolled. Nothing in a call depends on the number of holders,
//! producers, work items or work blocks, so the benchmarks that give the weights have no
//! components. The `extra` benchmark `claim_scaling` checks that claim: it varies the
//! number of holders, work items and closed work blocks, and its slopes are flat.

use super::*;
use crate::Pallet as Ito;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::Mutate as _,
	fungibles::{Create as _, Inspect as _, Mutate as _},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, One, Saturating, Zero},
	Perbill,
};

fn big<T: Config>() -> BalanceOf<T> {
	T::TokenUnit::get().saturating_mul(1_000_000_000u32.into())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, big::<T>().saturating_mul(10u32.into()));
	who
}

/// The reward assets of every benchmark ITO: ids 1 to `MaxRewardAssets - 1`, created (and
/// minted to `who`) where missing.
fn reward_assets<T: Config>(who: &T::AccountId) -> Vec<AssetIdOf<T>> {
	let assets: Vec<AssetIdOf<T>> = (1..T::MaxRewardAssets::get()).collect();
	for id in assets.iter().copied() {
		if !T::Assets::asset_exists(id) {
			T::Assets::create(id, who.clone(), false, One::one()).expect("free asset id");
		}
		T::Assets::mint_into(id, who, big::<T>()).expect("minting works");
	}
	assets
}

fn new_ito<T: Config>(approval: bool) -> (ItoId, T::AccountId) {
	new_ito_of::<T>(approval, T::MaxRewardAssets::get().saturating_sub(1))
}

/// An ITO accepting `assets` reward assets besides the native currency.
fn new_ito_with<T: Config>(assets: u32) -> (ItoId, T::AccountId) {
	new_ito_of::<T>(false, assets)
}

fn new_ito_of<T: Config>(approval: bool, accepted: u32) -> (ItoId, T::AccountId) {
	let creator = funded::<T>("creator", 0);
	let settings = ItoSettings {
		price: T::TokenUnit::get(),
		min_purchase: One::one(),
		max_purchase: Bounded::max_value(),
		work_block_length: T::MinWorkBlockLength::get(),
		min_validation: One::one(),
		supply_cap: None,
		approval_required: approval,
	};
	let mut assets = reward_assets::<T>(&creator);
	assets.truncate(accepted as usize);
	let id = Ito::<T>::do_create_ito(
		creator.clone(),
		b"benchmark ITO".to_vec(),
		settings,
		assets,
		T::MinQuorum::get(),
		Perbill::zero(),
	)
	.expect("creator is funded");
	(id, creator)
}

/// The proposers of the benchmarks: `MaxOpenProposals` holders who buy in block 0.
fn proposers<T: Config>(ito: ItoId) -> Vec<T::AccountId> {
	(0..T::MaxOpenProposals::get())
		.map(|i| {
			let who = funded::<T>("proposer", i);
			purchase::<T>(ito, &who);
			who
		})
		.collect()
}

/// Fill every proposal slot of the open block with a `Signal` of the longest URI.
fn open_proposals<T: Config>(ito: ItoId, proposers: &[T::AccountId]) -> Vec<ProposalId> {
	let uri = vec![b'u'; T::MaxUriLength::get() as usize];
	proposers
		.iter()
		.map(|who| {
			let action = ProposalAction::Signal {
				hash: H256::repeat_byte(7),
				uri: uri.clone().try_into().expect("the longest URI fits"),
			};
			Ito::<T>::do_propose(ito, who.clone(), action).expect("a holder of block 0").0
		})
		.collect()
}

/// `who` votes aye on every open proposal of `ito`.
fn vote_all<T: Config>(ito: ItoId, who: &T::AccountId) {
	let open: Vec<ProposalId> =
		Itos::<T>::get(ito).expect("exists").proposals.iter().map(|p| p.id).collect();
	for id in open {
		Ito::<T>::do_vote(ito, who.clone(), id, true).expect("a voter with value");
	}
}

/// Fill every reward pool of `ito`: the native currency and `MaxRewardAssets - 1` assets.
fn fill_pools<T: Config>(ito: ItoId, who: &T::AccountId) {
	let unit = T::TokenUnit::get();
	Ito::<T>::do_add_reward(ito, who.clone(), RewardAsset::Native, unit).expect("funded");
	for id in 1..T::MaxRewardAssets::get() {
		T::Assets::mint_into(id, who, unit).expect("minting works");
		Ito::<T>::do_add_reward(ito, who.clone(), RewardAsset::Asset(id), unit).expect("funded");
	}
}

fn purchase<T: Config>(ito: ItoId, who: &T::AccountId) {
	Ito::<T>::do_buy(ito, who.clone(), T::TokenUnit::get().saturating_mul(100u32.into()))
		.expect("funded");
}

/// Move to the chain block where work block `index` of `ito` starts.
fn go_to_block<T: Config>(ito: ItoId, index: u32) {
	let info = Itos::<T>::get(ito).expect("exists");
	let length = info.settings.work_block_length;
	let n: BlockNumberFor<T> = index.into();
	frame_system::Pallet::<T>::set_block_number(
		info.start.saturating_add(n.saturating_mul(length)),
	);
}

fn submit<T: Config>(ito: ItoId, producer: &T::AccountId) -> WorkItemId {
	Ito::<T>::do_submit_work(ito, producer.clone(), H256::zero(), vec![], None).expect("funded").0
}

/// Roll `ito` to the current chain block, as the first call after a boundary does.
fn roll_now<T: Config>(ito: ItoId) {
	crate::blocks::ItoCtx::<T>::load(ito).expect("exists").commit();
}

/// Burn the ITO account's seed of reward asset `asset` (as the asset's admin could), so
/// that the next reward in it has to open the ITO account's asset account again.
fn reap_seed<T: Config>(ito: ItoId, asset: AssetIdOf<T>) {
	use frame_support::traits::tokens::{Fortitude, Precision, Preservation};
	let account = Ito::<T>::ito_account(ito).expect("exists");
	let held = T::Assets::balance(asset, &account);
	T::Assets::burn_from(
		asset,
		&account,
		held,
		Preservation::Expendable,
		Precision::Exact,
		Fortitude::Force,
	)
	.expect("the seed can be burned");
}

/// Buy back every available token of `ito`, so that the ITO account holds none of its own
/// token and the next validation or refund has to open that asset account again.
fn drain_available<T: Config>(ito: ItoId) {
	let available = Itos::<T>::get(ito).expect("exists").available;
	if !available.is_zero() {
		let buyer = funded::<T>("drain", 0);
		Ito::<T>::do_buy(ito, buyer, available.saturating_add(T::TokenUnit::get()))
			.expect("funded");
	}
}

/// The accounts of a benchmark ITO.
struct Cast<T: Config> {
	creator: T::AccountId,
	holder: T::AccountId,
	validator: T::AccountId,
	producer: T::AccountId,
	proposers: Vec<T::AccountId>,
}

/// An ITO in work block 1 with full pools, whose holder and validator bought in block 0.
fn in_block_one<T: Config>(approval: bool) -> (ItoId, Cast<T>) {
	let (ito, creator) = new_ito::<T>(approval);
	let cast = Cast {
		creator,
		holder: funded::<T>("holder", 1),
		validator: funded::<T>("validator", 2),
		producer: funded::<T>("producer", 3),
		proposers: proposers::<T>(ito),
	};
	purchase::<T>(ito, &cast.holder);
	purchase::<T>(ito, &cast.validator);
	// The producer holds tokens too: it has value to vote with before its work is validated.
	purchase::<T>(ito, &cast.producer);
	go_to_block::<T>(ito, 1);
	fill_pools::<T>(ito, &cast.creator);
	(ito, cast)
}

/// An ITO whose next call rolls two closes with full pools and writes a closed-block record:
/// holders bought in blocks 0 and 1, a producer's items were validated in blocks 1 and 2
/// (if `validated`), a joiner bought in block 2 and work block 4 has begun without any call.
fn busy_ito<T: Config>(
	approval: bool,
	validated: bool,
) -> (ItoId, T::AccountId, T::AccountId, T::AccountId) {
	let (ito, Cast { creator, holder, validator, producer, .. }) = in_block_one::<T>(approval);
	let item = submit::<T>(ito, &producer);
	if validated {
		Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
	}
	purchase::<T>(ito, &holder);
	fill_pools::<T>(ito, &creator);
	go_to_block::<T>(ito, 2);
	// A joiner and a validation of block 2, so that its close keeps a record (in approval
	// mode only validators take references) and tokens are available for sale.
	let joiner = funded::<T>("joiner", 4);
	purchase::<T>(ito, &joiner);
	if validated {
		let item = submit::<T>(ito, &producer);
		Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
	}
	fill_pools::<T>(ito, &creator);
	go_to_block::<T>(ito, 4);
	(ito, creator, holder, producer)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The most reward assets, each seeded into a new asset account, and the longest name.
	#[benchmark]
	fn create_ito() {
		let creator = funded::<T>("creator", 0);
		let name = vec![b'n'; T::MaxNameLength::get() as usize];
		let unit = T::TokenUnit::get();
		let assets = reward_assets::<T>(&creator);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(creator),
			name,
			unit,
			unit,
			unit,
			None,
			None,
			Some(unit),
			true,
			assets,
			None,
			None,
		);

		assert_eq!(NextItoId::<T>::get(), 1);
		assert_eq!(RewardPools::<T>::get(0).len() as u32, T::MaxRewardAssets::get());
	}

	/// A holder that settles against a stored closed-block record, and tokens both recycled
	/// (emptying the ITO account's token account) and minted.
	#[benchmark]
	fn buy() {
		let (ito, _, holder, _) = busy_ito::<T>(false, true);
		roll_now::<T>(ito);
		let amount = T::TokenUnit::get().saturating_mul(10u32.into());
		assert!(!Itos::<T>::get(ito).expect("exists").available.is_zero());

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), ito, amount);

		let info = Itos::<T>::get(ito).expect("exists");
		assert_eq!((info.current, info.available), (4, Zero::zero()));
		assert!(Holders::<T>::get(ito, &holder).expect("holder").pending_block == Some(4));
		assert!(ClosedBlocks::<T>::get(ito, 2).is_some());
	}

	/// A new producer (two deposits) with the longest URI and, if `r` is 1, an attached
	/// asset reward into an ITO account whose account of that asset its admin emptied (so
	/// it is opened again).
	#[benchmark]
	fn submit_work(r: Linear<0, 1>) {
		let (ito, _, _, _) = busy_ito::<T>(false, true);
		roll_now::<T>(ito);
		let producer = funded::<T>("newcomer", 5);
		let uri = vec![b'u'; T::MaxUriLength::get() as usize];
		let last = T::MaxRewardAssets::get() - 1;
		let asset = if last == 0 { RewardAsset::Native } else { RewardAsset::Asset(last) };
		if let RewardAsset::Asset(id) = asset {
			T::Assets::mint_into(id, &producer, big::<T>()).expect("minting works");
			reap_seed::<T>(ito, id);
		}
		let reward = (r == 1).then(|| (asset, T::TokenUnit::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(producer.clone()), ito, H256::repeat_byte(1), uri, reward);

		assert_eq!(Itos::<T>::get(ito).expect("exists").work_items, 1);
		assert!(Producers::<T>::get(ito, &producer).is_some());
	}

	/// An asset reward into an ITO account whose account of that asset its admin emptied,
	/// by a contributor who sends its whole balance (its own asset account goes).
	#[benchmark]
	fn add_reward() {
		let (ito, creator, _, _) = busy_ito::<T>(false, true);
		roll_now::<T>(ito);
		let last = T::MaxRewardAssets::get() - 1;
		let asset = if last == 0 { RewardAsset::Native } else { RewardAsset::Asset(last) };
		let contributor = funded::<T>("contributor", 6);
		let mut amount = T::TokenUnit::get();
		if let RewardAsset::Asset(id) = asset {
			// Its pool was filled and distributed: take the whole balance.
			reap_seed::<T>(ito, id);
			T::Assets::mint_into(id, &contributor, amount).expect("minting works");
			amount = T::Assets::balance(id, &contributor);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor.clone()), ito, asset, amount);

		assert_eq!(Itos::<T>::get(ito).expect("exists").current, 4);
		if let RewardAsset::Asset(id) = asset {
			assert!(T::Assets::balance(id, &contributor).is_zero());
		}
		let _ = creator;
	}

	/// Approval mode: the validator settles its approval of block 1 and the producer its
	/// weight of block 2, two different stored records; the validator approves for the
	/// first time in the open block, and the ITO account holds none of its token. (A
	/// validation never rolls: its item was submitted in the open block, which rolled.) The
	/// validator and the producer voted on every open proposal: both votes move.
	#[benchmark]
	fn validate() {
		let (ito, Cast { creator, holder, validator, producer, proposers }) =
			in_block_one::<T>(true);
		let item = submit::<T>(ito, &producer);
		Ito::<T>::do_validate(ito, holder.clone(), item, One::one()).expect("holder");
		go_to_block::<T>(ito, 2);
		fill_pools::<T>(ito, &creator);
		let item = submit::<T>(ito, &producer);
		Ito::<T>::do_validate(ito, validator, item, One::one()).expect("holder");
		drain_available::<T>(ito);
		go_to_block::<T>(ito, 3);
		let item = submit::<T>(ito, &producer);
		assert!(
			ClosedBlocks::<T>::get(ito, 1).is_some() && ClosedBlocks::<T>::get(ito, 2).is_some()
		);
		open_proposals::<T>(ito, &proposers);
		vote_all::<T>(ito, &holder);
		vote_all::<T>(ito, &producer);

		// The holder spends its last tokens: its token account goes.
		let all = Holders::<T>::get(ito, &holder).expect("a holder").eligible;
		let all = all.saturating_add(Holders::<T>::get(ito, &holder).expect("a holder").pending);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), ito, item, all);

		assert_eq!(WorkItems::<T>::get(ito, item).expect("exists").weight, all);
		assert!(Voters::<T>::get(ito, &holder).expect("voted").weight.is_zero());
		assert!(ClosedBlocks::<T>::get(ito, 1).is_none(), "the holder was its last reference");
		assert_eq!(Itos::<T>::get(ito).expect("exists").available, all);
		let token = Itos::<T>::get(ito).expect("exists").token;
		assert!(T::Assets::balance(token, &holder).is_zero());
	}

	/// The claimant is paid every asset and native as a holder and native as a producer,
	/// settles against two stored records (its pending purchase of block 2 and its producer
	/// weight of block 3), and both of its records are removed with their deposits.
	#[benchmark]
	fn claim() {
		let (ito, Cast { creator, holder: claimant, validator, .. }) = in_block_one::<T>(false);
		let unit = T::TokenUnit::get();
		go_to_block::<T>(ito, 2);
		// Block 2: the claimant returns every token, buys and returns again: it holds
		// nothing, is owed block 1's rewards and still refers to block 2.
		let held = unit.saturating_mul(100u32.into());
		Ito::<T>::do_refund(ito, claimant.clone(), held).expect("the pool pays");
		Ito::<T>::do_buy(ito, claimant.clone(), unit).expect("funded");
		Ito::<T>::do_refund(ito, claimant.clone(), unit).expect("the pool pays");
		fill_pools::<T>(ito, &creator);
		go_to_block::<T>(ito, 3);
		// Block 3: its work is validated; a joiner keeps block 3's record.
		let item = submit::<T>(ito, &claimant);
		Ito::<T>::do_validate(ito, validator, item, One::one()).expect("holder");
		purchase::<T>(ito, &funded::<T>("joiner", 3));
		fill_pools::<T>(ito, &creator);
		go_to_block::<T>(ito, 4);
		purchase::<T>(ito, &funded::<T>("joiner", 4));
		fill_pools::<T>(ito, &creator);
		go_to_block::<T>(ito, 6);
		roll_now::<T>(ito);
		assert!(
			ClosedBlocks::<T>::get(ito, 2).is_some() && ClosedBlocks::<T>::get(ito, 3).is_some()
		);
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito, claimant.clone());

		assert!(Producers::<T>::get(ito, &claimant).is_none());
		assert!(Holders::<T>::get(ito, &claimant).is_none());
		assert!(ClosedBlocks::<T>::get(ito, 4).is_some());
	}

	/// A holder that settles against a stored record and spends eligible and pending tokens,
	/// and an ITO account that holds none of its token.
	#[benchmark]
	fn refund() {
		// Nothing was validated, so every payment rolled over into the open block's pool.
		let (ito, _, holder, _) = busy_ito::<T>(false, false);
		roll_now::<T>(ito);
		assert!(Itos::<T>::get(ito).expect("exists").available.is_zero());
		let tokens = T::TokenUnit::get().saturating_mul(150u32.into());
		// The holder voted on every open proposal: its votes lose the refunded value.
		let proposers: Vec<T::AccountId> =
			(0..T::MaxOpenProposals::get()).map(|i| account("proposer", i, 0)).collect();
		open_proposals::<T>(ito, &proposers);
		vote_all::<T>(ito, &holder);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), ito, tokens);

		assert_eq!(Itos::<T>::get(ito).expect("exists").available, tokens);
	}

	/// An item of a closed block, removed by someone else than its producer.
	#[benchmark]
	fn remove_work_item() {
		let (ito, _, _, producer) = busy_ito::<T>(false, true);
		let item = submit::<T>(ito, &producer);
		purchase::<T>(ito, &funded::<T>("joiner", 5));
		go_to_block::<T>(ito, 8);
		roll_now::<T>(ito);
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito, item);

		assert!(WorkItems::<T>::get(ito, item).is_none());
		assert!(ClosedBlocks::<T>::get(ito, 4).is_some());
	}

	/// A holder that holds nothing forfeits what it is owed: it settles against a stored
	/// closed-block record (its purchase of the closed block), the amount goes back to the
	/// pool, and its record is removed with its deposit.
	#[benchmark]
	fn forfeit() {
		let (ito, creator) = new_ito::<T>(false);
		let holder = funded::<T>("holder", 1);
		let unit = T::TokenUnit::get();
		purchase::<T>(ito, &holder);
		go_to_block::<T>(ito, 1);
		Ito::<T>::do_add_reward(ito, creator, RewardAsset::Native, unit).expect("funded");
		go_to_block::<T>(ito, 2);
		// Block 2: the holder returns every token (it is owed block 1's reward), buys and
		// returns again: it holds nothing and still refers to block 2. A joiner keeps block
		// 2's record after the holder settles.
		let held = unit.saturating_mul(100u32.into());
		Ito::<T>::do_refund(ito, holder.clone(), held).expect("the pool pays");
		Ito::<T>::do_buy(ito, holder.clone(), unit).expect("funded");
		Ito::<T>::do_refund(ito, holder.clone(), unit).expect("the pool pays");
		purchase::<T>(ito, &funded::<T>("joiner", 2));
		go_to_block::<T>(ito, 3);
		roll_now::<T>(ito);
		assert!(ClosedBlocks::<T>::get(ito, 2).is_some());

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), ito, RewardAsset::Native);

		assert!(Holders::<T>::get(ito, &holder).is_none());
		assert!(ClosedBlocks::<T>::get(ito, 2).is_some(), "the joiner still refers to it");
	}

	/// An ITO with the most reward assets (each account opened with the creator's deposit
	/// and holding its seed and a rolled-over pool), a full work-block history, tokens to
	/// burn and its token's metadata.
	#[benchmark]
	fn dissolve() {
		let (ito, creator) = new_ito::<T>(false);
		let holder = funded::<T>("holder", 1);
		let unit = T::TokenUnit::get();
		purchase::<T>(ito, &holder);
		let held = unit.saturating_mul(100u32.into());
		Ito::<T>::do_refund(ito, holder.clone(), held).expect("the pool pays");
		fill_pools::<T>(ito, &creator);
		// One close per work block, to fill the history.
		for k in 1..=T::HistoryLength::get() {
			go_to_block::<T>(ito, k);
			roll_now::<T>(ito);
		}
		go_to_block::<T>(ito, T::HistoryLength::get() + 1);
		Ito::<T>::do_claim(ito, holder).expect("the record goes");
		let info = Itos::<T>::get(ito).expect("exists");
		assert!(!info.available.is_zero() && info.available == info.minted);
		assert_eq!(History::<T>::iter_prefix(ito).count() as u32, T::HistoryLength::get());
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito);

		assert!(Itos::<T>::get(ito).is_none());
		assert!(!T::Assets::asset_exists(info.token));
	}

	/// The roll of the first call after a work-block boundary: two closes (the open block
	/// with full pools, validation weight and references, then an idle stretch), a stored
	/// closed-block record and two history entries. It loads and writes the ITO and its
	/// pools, as every call does too: a call that rolls is charged those twice.
	///
	/// The closing block has `MaxOpenProposals` proposals (`Signal`s with the longest URI),
	/// each passed and enacted. An `AcceptAsset` enacted reads three more items (the asset,
	/// its generation, the ITO account's balance of it) and writes one: the calls charge
	/// that on top, per open proposal (see `Pallet::roll_weight`).
	#[benchmark]
	fn roll() {
		let (ito, creator, holder, producer) = busy_ito::<T>(false, true);
		go_to_block::<T>(ito, 3);
		let proposers: Vec<T::AccountId> =
			(0..T::MaxOpenProposals::get()).map(|i| account("proposer", i, 0)).collect();
		open_proposals::<T>(ito, &proposers);
		vote_all::<T>(ito, &holder);
		// Block 3 closes with full pools, validation weight and a joiner's reference.
		fill_pools::<T>(ito, &creator);
		let item = submit::<T>(ito, &producer);
		Ito::<T>::do_validate(ito, holder.clone(), item, One::one()).expect("holder");
		purchase::<T>(ito, &funded::<T>("joiner", 7));
		go_to_block::<T>(ito, 5);
		assert!(ClosedBlocks::<T>::get(ito, 3).is_none());

		#[block]
		{
			roll_now::<T>(ito);
		}

		assert_eq!(Itos::<T>::get(ito).expect("exists").current, 5);
		assert!(ClosedBlocks::<T>::get(ito, 3).is_some());
		let passed = Proposals::<T>::iter_prefix(ito)
			.filter(|(_, p)| p.status == ProposalStatus::Passed)
			.count() as u32;
		assert_eq!(passed, T::MaxOpenProposals::get());
		let length = T::HistoryLength::get().max(1);
		assert_eq!(History::<T>::get(ito, 3 % length).expect("written").span, 1);
	}

	/// Every slot is taken: the proposer (with more value than any other) displaces one,
	/// after reading every open proposal; it proposes a new reward asset, so it opens the ITO
	/// account's account of it with its deposit and pays its seed.
	#[benchmark]
	fn propose() {
		let (ito, creator) = new_ito_with::<T>(T::MaxRewardAssets::get().saturating_sub(2));
		let proposers = proposers::<T>(ito);
		let whale = funded::<T>("whale", 0);
		Ito::<T>::do_buy(ito, whale.clone(), T::TokenUnit::get().saturating_mul(1_000u32.into()))
			.expect("funded");
		go_to_block::<T>(ito, 1);
		open_proposals::<T>(ito, &proposers);
		let asset = T::MaxRewardAssets::get().saturating_sub(1).max(1);
		if !T::Assets::asset_exists(asset) {
			T::Assets::create(asset, creator.clone(), false, One::one()).expect("free asset id");
		}
		T::Assets::mint_into(asset, &whale, big::<T>()).expect("minting works");

		#[extrinsic_call]
		_(RawOrigin::Signed(whale.clone()), ito, ProposalAction::AcceptAsset(asset));

		let open = Itos::<T>::get(ito).expect("exists").proposals;
		assert_eq!(open.len() as u32, T::MaxOpenProposals::get());
		assert!(
			Proposals::<T>::iter_prefix(ito).any(|(_, p)| p.status == ProposalStatus::Displaced)
		);
	}

	/// A first vote in the block: the voter's record is opened with its deposit; the voter
	/// holds tokens and received validation.
	#[benchmark]
	fn vote() {
		let (ito, Cast { holder, validator, producer, proposers, .. }) = in_block_one::<T>(false);
		let ids = open_proposals::<T>(ito, &proposers);
		let item = submit::<T>(ito, &producer);
		Ito::<T>::do_validate(ito, validator, item, One::one()).expect("holder");
		let _ = holder;

		#[extrinsic_call]
		_(RawOrigin::Signed(producer.clone()), ito, ids[0], true);

		assert!(Voters::<T>::get(ito, &producer).is_some());
	}

	/// A rejected `AcceptAsset`: its seed goes back to its proposer, and the deposit for the
	/// ITO account's account of the asset, which goes.
	#[benchmark]
	fn remove_proposal() {
		let (ito, creator) = new_ito_with::<T>(T::MaxRewardAssets::get().saturating_sub(2));
		let proposer = funded::<T>("proposer", 0);
		purchase::<T>(ito, &proposer);
		let asset = T::MaxRewardAssets::get().saturating_sub(1).max(1);
		if !T::Assets::asset_exists(asset) {
			T::Assets::create(asset, creator, false, One::one()).expect("free asset id");
		}
		T::Assets::mint_into(asset, &proposer, big::<T>()).expect("minting works");
		go_to_block::<T>(ito, 1);
		let (id, _) =
			Ito::<T>::do_propose(ito, proposer.clone(), ProposalAction::AcceptAsset(asset))
				.expect("a holder");
		go_to_block::<T>(ito, 2);
		roll_now::<T>(ito);
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito, id);

		assert!(Proposals::<T>::get(ito, id).is_none());
		let account = Ito::<T>::ito_account(ito).expect("exists");
		assert!(T::Assets::balance(asset, &account).is_zero());
	}

	/// A stale voter record, removed by someone else.
	#[benchmark]
	fn remove_votes() {
		let (ito, Cast { holder, proposers, .. }) = in_block_one::<T>(false);
		open_proposals::<T>(ito, &proposers);
		vote_all::<T>(ito, &holder);
		go_to_block::<T>(ito, 2);
		roll_now::<T>(ito);
		let anyone = funded::<T>("anyone", 9);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), ito, holder.clone());

		assert!(Voters::<T>::get(ito, &holder).is_none());
	}

	/// Not a weight (an `extra` benchmark, run by `scripts/benchmark.sh --scaling`): `claim`,
	/// and the close its roll performs, in an ITO with `h` other holders, `w` other
	/// validated work items in the block being closed, and `b` work blocks closed with full
	/// reward pools since the claimant last settled. Its slopes over `h`, `w` and `b` show
	/// that the call's cost does not grow with any of them.
	#[benchmark(extra)]
	fn claim_scaling(h: Linear<0, 1_000>, w: Linear<0, 1_023>, b: Linear<1, 100>) {
		let (ito, creator) = new_ito::<T>(false);
		let claimant = funded::<T>("claimant", 0);
		let validator = funded::<T>("validator", 0);
		purchase::<T>(ito, &claimant);
		purchase::<T>(ito, &validator);
		for i in 0..h {
			purchase::<T>(ito, &funded::<T>("holder", i));
		}
		for k in 1..=b {
			go_to_block::<T>(ito, k);
			fill_pools::<T>(ito, &creator);
		}
		// Work block `b` closes at the claim: the claimant's item and `w` others, validated.
		let item = submit::<T>(ito, &claimant);
		Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
		for i in 0..w {
			let producer = funded::<T>("producer", i);
			let item = submit::<T>(ito, &producer);
			Ito::<T>::do_validate(ito, validator.clone(), item, One::one()).expect("holder");
		}
		go_to_block::<T>(ito, b + 2);
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		claim(RawOrigin::Signed(anyone), ito, claimant.clone());

		assert!(Producers::<T>::get(ito, &claimant).is_none());
		assert!(Holders::<T>::get(ito, &claimant).expect("still a holder").owed.is_empty());
		if T::MaxRewardAssets::get() > 1 {
			assert!(!T::Assets::balance(1, &claimant).is_zero());
		}
	}

	impl_benchmark_test_suite!(Ito, crate::mock::new_test_ext(), crate::mock::Test);
}
