//! `create_ito`.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::Mutate as _,
		fungibles::{metadata::Mutate as _, Inspect as _, Mutate as _},
		tokens::{Fortitude, Preservation},
		AccountTouch,
	},
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Open an ITO with `settings` (see [`Pallet::create_ito`]).
	pub(crate) fn do_create_ito(
		creator: T::AccountId,
		name: Vec<u8>,
		settings: ItoSettingsOf<T>,
		reward_assets: Vec<AssetIdOf<T>>,
		quorum: sp_runtime::Perbill,
		validation_quorum: sp_runtime::Perbill,
	) -> Result<ItoId, DispatchError> {
		let name: BoundedVec<u8, T::MaxNameLength> =
			name.try_into().map_err(|_| Error::<T>::BadName)?;
		ensure!(!name.is_empty(), Error::<T>::BadName);
		ensure!(!settings.price.is_zero(), Error::<T>::ZeroPrice);
		ensure!(
			!settings.min_purchase.is_zero() && settings.min_purchase <= settings.max_purchase,
			Error::<T>::InvalidPurchaseLimits
		);
		ensure!(
			settings.work_block_length >= T::MinWorkBlockLength::get(),
			Error::<T>::WorkBlockTooShort
		);
		ensure!(!settings.min_validation.is_zero(), Error::<T>::ZeroMinValidation);
		ensure!(settings.supply_cap.is_none_or(|cap| !cap.is_zero()), Error::<T>::ZeroSupplyCap);
		ensure!(Self::quorum_in_bounds(quorum), Error::<T>::QuorumOutOfBounds);
		ensure!(validation_quorum <= T::MaxValidationQuorum::get(), Error::<T>::QuorumOutOfBounds);
		// The pools: native first, then each accepted asset (proposals may add more).
		let empty = |asset, seed| RewardPool {
			asset,
			pool: Zero::zero(),
			owed: Zero::zero(),
			acc: 0,
			dust: 0,
			seed,
			generation: 0,
			gone: false,
			accepting: true,
		};
		let mut pools = RewardPoolsOf::<T>::new();
		pools
			.try_push(empty(RewardAsset::Native, Zero::zero()))
			.map_err(|_| Error::<T>::TooManyRewardAssets)?;
		for id in reward_assets {
			let asset = RewardAsset::Asset(id);
			ensure!(!pools.iter().any(|p| p.asset == asset), Error::<T>::DuplicateRewardAsset);
			ensure!(id < T::ItoAssetIdOffset::get(), Error::<T>::ItoTokenReward);
			ensure!(Self::asset_exists(id), Error::<T>::UnknownAsset);
			let seed = T::Assets::minimum_balance(id);
			// A named error rather than the asset pallet's `FundsUnavailable`.
			ensure!(
				T::Assets::reducible_balance(
					id,
					&creator,
					Preservation::Expendable,
					Fortitude::Polite
				) >= seed,
				Error::<T>::CannotPaySeed
			);
			// From now on the asset's destructions are counted (see `AssetGeneration`; the
			// call is transactional, so a failed creation leaves no entry).
			let generation = AssetGeneration::<T>::get(id);
			AssetGeneration::<T>::insert(id, generation);
			let pool = RewardPool { generation, ..empty(asset, seed) };
			pools.try_push(pool).map_err(|_| Error::<T>::TooManyRewardAssets)?;
		}

		let id = NextItoId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?;
		let token = T::ItoAssetIdOffset::get().checked_add(id).ok_or(Error::<T>::NoMoreIds)?;
		ensure!(!Self::asset_exists(token), Error::<T>::TokenIdTaken);

		let account = Self::new_ito_account(id);
		let deposit = T::ItoDeposit::get();
		Self::hold(&creator, HoldReason::ItoDeposit, deposit)?;

		// Keep the ITO account alive.
		let seed = Self::native_min_balance();
		T::Currency::transfer(&creator, &account, seed, Preservation::Preserve)?;
		Self::create_token(token, &account)?;
		Self::set_token_metadata(&creator, token, &account, id, &name)?;

		// Where the ITO account's account of an accepted asset would need a consumer
		// reference it cannot take (anyone who knows the address may have used them up with
		// junk assets), it is opened with the creator's deposit (`touch`, as
		// pallet-asset-conversion opens its pool accounts); if someone opened it first, it
		// exists and needs none either. Then the seed: the asset's minimum balance, never
		// paid out, so that payouts never sweep a remainder away and the account never
		// needs a new reference.
		for pool in pools.iter() {
			if let RewardAsset::Asset(asset) = pool.asset {
				type Touch<T> = <T as Config>::Assets;
				if <Touch<T> as AccountTouch<AssetIdOf<T>, T::AccountId>>::should_touch(
					asset, &account,
				) {
					<Touch<T> as AccountTouch<AssetIdOf<T>, T::AccountId>>::touch(
						asset, &account, &creator,
					)?;
				}
				if !pool.seed.is_zero() {
					T::Assets::transfer(
						asset,
						&creator,
						&account,
						pool.seed,
						Preservation::Expendable,
					)?;
					// See `add_to_pool`: a transfer can report success and deliver nothing.
					ensure!(
						T::Assets::balance(asset, &account) >= pool.seed,
						Error::<T>::AssetTransferFailed
					);
				}
			}
		}

		let ito = ItoInfo {
			creator: creator.clone(),
			account: account.clone(),
			name,
			token,
			settings,
			start: frame_system::Pallet::<T>::block_number(),
			deposit,
			seed,
			minted: Zero::zero(),
			available: Zero::zero(),
			current: 0,
			eligible: Zero::zero(),
			joining: Zero::zero(),
			approved: Zero::zero(),
			producer_pool: Zero::zero(),
			producer_owed: Zero::zero(),
			producer_dust: 0,
			validation_weight: Zero::zero(),
			work_items: 0,
			next_work_item: 0,
			pending_refs: 0,
			quorum,
			validation_quorum,
			value: Zero::zero(),
			next_proposal: 0,
			proposals: BoundedVec::new(),
		};
		Itos::<T>::insert(id, ito);
		RewardPools::<T>::insert(id, pools);
		NextItoId::<T>::put(next);
		Self::deposit_event(Event::ItoCreated { ito: id, creator, token, account });
		Ok(id)
	}

	/// Give ITO token `token` its name and symbol, the creator paying the metadata deposit
	/// (which the ITO account holds). Best effort: the deposit is reserved in the ITO
	/// account, which takes a consumer reference, and a front-runner who knows the address
	/// may have used all of them up with junk assets. Creation must not fail for that: the
	/// token then has no asset metadata (the ITO's name is in its record), and nothing is
	/// paid for it.
	fn set_token_metadata(
		creator: &T::AccountId,
		token: AssetIdOf<T>,
		account: &T::AccountId,
		id: ItoId,
		name: &[u8],
	) -> DispatchResult {
		use frame_support::storage::{with_transaction, TransactionOutcome};
		let symbol = Self::token_symbol(id);
		let deposit = Self::metadata_deposit(name, &symbol);
		with_transaction(|| -> TransactionOutcome<DispatchResult> {
			// The creator must be able to pay it: that is the creator's error.
			if let Err(e) = T::Currency::transfer(creator, account, deposit, Preservation::Preserve)
			{
				return TransactionOutcome::Rollback(Err(e));
			}
			match T::Assets::set(token, account, name.to_vec(), symbol, Self::TOKEN_DECIMALS) {
				Ok(()) => TransactionOutcome::Commit(Ok(())),
				// Not set: the deposit transfer is undone with it.
				Err(_) => TransactionOutcome::Rollback(Ok(())),
			}
		})
	}

	/// Decimals of every ITO token: those of [`Config::TokenUnit`].
	pub const TOKEN_DECIMALS: u8 = 12;

	/// The asset symbol of ITO `id`'s token: `ITO` and the id.
	pub fn token_symbol(id: ItoId) -> Vec<u8> {
		let mut symbol = b"ITO".to_vec();
		let mut digits = Vec::new();
		let mut n = id;
		loop {
			digits.push(b'0' + (n % 10) as u8);
			n /= 10;
			if n == 0 {
				break;
			}
		}
		symbol.extend(digits.iter().rev());
		symbol
	}
}
