//! Fees: what a transaction pays, and where it goes.
//!
//! - **Weight** costs 1 planck per unit of `ref_time` (a picosecond of this machine's
//!   execution), times the fee multiplier: a block full of normal weight (1.5 s) costs
//!   1.5 WORK at a multiplier of 1.
//! - **Bytes** cost [`TransactionByteFee`] each, times the same multiplier: a block full of
//!   normal bytes (3.75 MiB) costs 3.9 WORK at a multiplier of 1 or below, more than a block
//!   full of weight at any multiplier. Every node keeps every byte of every block, so a byte must
//!   not be cheaper than the compute it displaces. (Polkadot's byte fee is not multiplied;
//!   it is here so that a rising multiplier cannot make weight dearer than bytes again.)
//! - **The multiplier** is Polkadot's slow adjustment, driven by whichever of weight and
//!   length fills the block more ([`FeeMultiplierUpdate`]): upstream's
//!   `TargetedFeeAdjustment` looks only at weight, so fees *fell* during a flood of bytes.
//! - **Where fees go** ([`DealWithFees`]): 80% of the fee is burned and 20% goes to the
//!   block's author; tips go to the author whole. A validator that floods in its own blocks
//!   pays 80% of what anyone else pays (all fees to the author made its flood free), and
//!   the burn is spread over every holder of WORK. Workchain has no treasury: a treasury
//!   needs its own spend tracks and spenders to govern, and until the chain needs to fund
//!   anything, burning gives the same protection with nothing to capture.

use frame_support::{
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		Imbalance, OnUnbalanced,
	},
	weights::{IdentityFee, Weight, WeightToFee},
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{Bounded, Convert},
	FixedPointNumber, Perquintill, Saturating,
};

use super::RuntimeBlockLength;
use crate::{AccountId, Balance, Balances, Runtime, RuntimeEvent, MILLI_UNIT};

parameter_types! {
	/// The fee market aims at blocks a quarter full (of normal dispatch weight or length).
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// Polkadot's slow adjustment: each full block raises fees by about 0.0056%, so a day
	/// of full blocks (14,400) multiplies them by about 2.25.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// An idle chain's fees fall to a tenth of the base fee at most.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
	/// One byte of a transaction: a millionth of a WORK (1 WORK a megabyte), before the
	/// multiplier.
	pub const TransactionByteFee: Balance = MILLI_UNIT / 1_000;
	/// The share of a fee (not of a tip) that goes to the block's author; the rest is
	/// burned.
	pub const AuthorFeePercent: u32 = 20;
}

/// Polkadot's slow-adjusting fee multiplier, on weight: fees rise while blocks are fuller
/// than [`TargetBlockFullness`] and fall while they are emptier.
pub type SlowAdjustingFeeUpdate<R> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

/// The fee multiplier after this block: the higher of upstream's weight-driven adjustment
/// and the same adjustment driven by the block's length.
pub struct FeeMultiplierUpdate;
impl Convert<Multiplier, Multiplier> for FeeMultiplierUpdate {
	fn convert(previous: Multiplier) -> Multiplier {
		let by_weight = SlowAdjustingFeeUpdate::<Runtime>::convert(previous);
		by_weight.max(adjusted_by_length(previous))
	}
}
impl pallet_transaction_payment::MultiplierUpdate for FeeMultiplierUpdate {
	fn min() -> Multiplier {
		MinimumMultiplier::get()
	}
	fn max() -> Multiplier {
		MaximumMultiplier::get()
	}
	fn target() -> Perquintill {
		TargetBlockFullness::get()
	}
	fn variability() -> Multiplier {
		AdjustmentVariable::get()
	}
}

/// The slow adjustment (next = previous × (1 + v·s + (v·s)²/2), `s` the block's fullness
/// less the target, as a share of the most a block may hold) with `s` measured in bytes of
/// the block (its extrinsics and header, as `frame_system` counts them) instead of weight.
pub fn adjusted_by_length(previous: Multiplier) -> Multiplier {
	let (min, max) = (MinimumMultiplier::get(), MaximumMultiplier::get());
	let previous = previous.max(min);
	let limit = u128::from(*RuntimeBlockLength::get().max.get(DispatchClass::Normal)).max(1);
	let length = u128::from(frame_system::Pallet::<Runtime>::block_size()).min(limit);
	let target = TargetBlockFullness::get() * limit;
	let vs = AdjustmentVariable::get()
		.saturating_mul(Multiplier::saturating_from_rational(length.abs_diff(target), limit));
	let half_square =
		vs.saturating_mul(vs).saturating_mul(Multiplier::saturating_from_rational(1, 2));
	let factor = if length >= target {
		Multiplier::from(1u128).saturating_add(vs).saturating_add(half_square)
	} else {
		Multiplier::from(1u128).saturating_add(half_square).saturating_sub(vs)
	};
	previous.saturating_mul(factor).clamp(min, max)
}

/// What a transaction's bytes cost: [`TransactionByteFee`] each, times the fee multiplier
/// when it is above 1 (pallet-transaction-payment passes the length as the `ref_time` of a
/// weight).
pub struct ByteFee;
impl WeightToFee for ByteFee {
	type Balance = Balance;
	fn weight_to_fee(length: &Weight) -> Balance {
		let fee = TransactionByteFee::get().saturating_mul(u128::from(length.ref_time()));
		// Never below the base price: an idle chain's multiplier (down to 0.1) lowers what
		// compute costs, not what every node must keep forever.
		let multiplier = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get();
		multiplier.max(Multiplier::from(1u128)).saturating_mul_int(fee)
	}
}

/// Credit to the block's author (BABE's slot owner, which `pallet-authorship` finds in the
/// header). Without an author (never in a block that BABE produced), or when the deposit
/// fails (below the existential deposit into an empty account), the credit drops: burned.
pub struct ToAuthor;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToAuthor {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		if let Some(author) = pallet_authorship::Pallet::<Runtime>::author() {
			let _ = <Balances as Balanced<AccountId>>::resolve(&author, amount);
		}
	}
}

/// A transaction's fee and tip (pallet-transaction-payment's `FungibleAdapter` hands them
/// over in that order): [`AuthorFeePercent`] of the fee and the whole tip to the author,
/// the rest of the fee burned (the dropped credit lowers the total issuance).
pub struct DealWithFees;
impl OnUnbalanced<Credit<AccountId, Balances>> for DealWithFees {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<AccountId, Balances>>) {
		let Some(fees) = fees_then_tips.next() else { return };
		let author = AuthorFeePercent::get();
		let (mut to_author, burned) = fees.ration(author, 100u32.saturating_sub(author));
		for tip in fees_then_tips {
			to_author.subsume(tip);
		}
		ToAuthor::on_unbalanced(to_author);
		drop(burned);
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, DealWithFees>;
	type OperationalFeeMultiplier = frame_support::traits::ConstU8<5>;
	/// 1 planck per picosecond of `ref_time`.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ByteFee;
	type FeeMultiplierUpdate = FeeMultiplierUpdate;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
