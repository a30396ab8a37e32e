//! # Finality recovery: a way out of a GRANDPA stall that needs no finality
//!
//! GRANDPA finalizes with the votes of more than two thirds of the validators. If more
//! than a third of them stop voting (their nodes are down, or an attacker bought those
//! seats to halt the chain), finality stops. An ordinary change of the validator set is a
//! *standard* GRANDPA change, which takes effect only once the block that signals it is
//! finalized, by the very set that no longer finalizes: without help the stall is
//! permanent. Silence is no offence (nothing on chain proves that a vote was *not* cast),
//! so nothing slashes or removes the silent validators.
//!
//! The help is a *forced* change, which nodes apply on their best chain after a delay
//! without finality (pallet-grandpa's `note_stalled`, Root only). This pallet makes it
//! usable and safe:
//!
//! - [`Pallet::recover`] names the silent validators' stashes, the number of the last
//!   finalized block and the GRANDPA set id in which it was finalized (both as any node's
//!   `grandpa_roundState` and `chain_getFinalizedHead` show them). Its origin is Root or a
//!   referendum of the `finality_recovery` track (`governance::tracks`), which is fast (a
//!   stall is an emergency) but needs two thirds of the votes and broad support. It:
//!   - chills the named stashes (out of the next election; their stake stays bonded and
//!     slashable) and *benches* them for [`Config::BenchEras`] eras: at every election
//!     while benched, a named stash that called `validate` or `nominate` again is chilled
//!     again first, so an attacker can neither come back into the set it stalled nor move
//!     that stake behind a fresh stash;
//!   - forces a new era, so the next session change elects a set without them;
//!   - keeps the recovery pending. At the start of the first session whose validators
//!     include none of the named ones (two sessions later if the election succeeds), it
//!     sets pallet-grandpa's `Stalled`, so that this session change is signalled as a
//!     forced change to that set, [`Config::ForcedChangeDelay`] blocks later, resuming
//!     from the named finalized block. Setting it at once would force a change to the
//!     *current* set, silent voters included, and the new set would again need the old
//!     one to finalize it.
//! - The forced change also puts pallet-grandpa's `CurrentSetId` back in step with the
//!   nodes: during the stall the runtime counted a set for every change it signalled, the
//!   nodes only for those they finalized (polkadot-sdk issue 7363). After the forced change
//!   both count `set_id + 1`.
//!
//! **The named numbers are checked, because a wrong one halts the chain for good.** A node
//! refuses a block whose forced change resumes from a block at or after a standard change
//! it has not applied (sc-consensus-grandpa, `authorities.rs`): with a finalized block
//! number that is too high, every node would refuse the block that applies the change,
//! and since every author would build the same change, no block could follow. The pallet
//! records the block in which the runtime signalled each of its last [`Config::SetsKept`]
//! GRANDPA sets (a standard change takes effect in the block that signals it) and requires
//! the finalized block to lie in the named set's span: at or after the block that began
//! `set_id`, and before the one that began `set_id + 1`, if any. `set_id` must be read in
//! the state of the finalized block (every change signalled up to a finalized block was
//! applied by the nodes); read at the best block during a stall it is too high, and the
//! check refuses it. What the chain cannot check is that the named block really is the
//! last finalized one: a later block of the same span passes, and if a change was
//! signalled after the true last finalized block, such a pair halts the chain. Checking a
//! GRANDPA justification of the block by the named set would close this; it is not built.
//! After a forced change the next recovery must name that set or a later one, so that a
//! duplicate referendum cannot force a second change from the same block. Until the change is
//! signalled, [`Pallet::cancel`] withdraws a recovery found wrong (or no longer needed
//! because finality resumed on its own: then the set ids must not be rewound).
//!
//! What it cannot do: choose validators (the election does, by stake, among those not
//! benched), name more than half of the set, or shorten anybody's bonding. What it costs
//! a benched validator that was only unlucky (a crashed node): the eras it is benched for,
//! with no reward; its stake is untouched. What it does not stop: stake of *other*
//! accounts (the silent validators' nominators) backing new candidates. That is an attacker
//! paying again to out-back honest seats, and each new stall needs a new recovery.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::EnsureOrigin};
	use frame_system::pallet_prelude::*;
	use pallet_staking::WeightInfo as _;
	use sp_runtime::traits::Zero;
	use sp_staking::{EraIndex, SessionIndex, StakingInterface};

	/// A GRANDPA set id.
	pub type SetId = u64;

	/// A recovery waiting for a session without the silent validators.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	#[scale_info(skip_type_params(T))]
	pub struct PendingRecovery<T: Config> {
		/// The stashes that must be gone from the session's set.
		pub silent: BoundedVec<T::AccountId, T::MaxSilent>,
		/// The last finalized block, from which the new set resumes.
		pub best_finalized: BlockNumberFor<T>,
		/// The nodes' GRANDPA set id at that block.
		pub set_id: SetId,
	}

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_staking::Config
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
		+ pallet_grandpa::Config
	{
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
		/// Who may call [`Pallet::recover`]: Root, or the `finality_recovery` track.
		type RecoveryOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Most stashes one recovery names.
		#[pallet::constant]
		type MaxSilent: Get<u32>;
		/// Most stashes benched at once.
		#[pallet::constant]
		type MaxBenched: Get<u32>;
		/// For how many eras a named stash is kept out of elections.
		#[pallet::constant]
		type BenchEras: Get<EraIndex>;
		/// The forced change takes effect this many blocks after the block that signals it.
		/// Shorter than the shortest session, so that the next session's change is not
		/// dropped as `ChangePending`.
		#[pallet::constant]
		type ForcedChangeDelay: Get<BlockNumberFor<Self>>;
		/// How many GRANDPA sets' first blocks are remembered to check the named finalized
		/// block.
		#[pallet::constant]
		type SetsKept: Get<u32>;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Stashes kept out of elections, with the era until which (exclusive: elections held
	/// while the current era is lower keep them out).
	#[pallet::storage]
	pub type Benched<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, EraIndex), T::MaxBenched>, ValueQuery>;

	/// The recovery waiting for a session without its silent validators.
	#[pallet::storage]
	pub type Pending<T: Config> = StorageValue<_, PendingRecovery<T>, OptionQuery>;

	/// The block in which the runtime signalled GRANDPA set `id` (its last
	/// [`Config::SetsKept`] sets; set 0 began at genesis).
	#[pallet::storage]
	pub type SetStarts<T: Config> = StorageMap<_, Twox64Concat, SetId, BlockNumberFor<T>>;

	/// The GRANDPA set id seen at the last block ([`SetStarts`] records its changes).
	#[pallet::storage]
	pub type LastSetId<T: Config> = StorageValue<_, SetId, ValueQuery>;

	/// The set that the last forced change began: a later recovery must name it or a later
	/// one (naming an earlier set again would force a second change from the same block and
	/// put the runtime's set ids out of step with the nodes' for good).
	#[pallet::storage]
	pub type LastForcedSet<T: Config> = StorageValue<_, SetId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A recovery was scheduled: `silent` are chilled and benched until era
		/// `benched_until`, and a new era is forced.
		RecoveryScheduled {
			silent: Vec<T::AccountId>,
			best_finalized: BlockNumberFor<T>,
			set_id: SetId,
			benched_until: EraIndex,
		},
		/// The session `session` starts with a set without the silent validators: its GRANDPA
		/// change is forced, resuming from `best_finalized`, as set `set_id`.
		ForcedChangeSignalled {
			session: SessionIndex,
			best_finalized: BlockNumberFor<T>,
			set_id: SetId,
		},
		/// A benched stash that had called `validate` or `nominate` again was chilled before
		/// an election.
		BenchedChilled { stash: T::AccountId },
		/// The pending recovery was withdrawn before its change was signalled.
		RecoveryCancelled,
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No stash was named.
		NoneNamed,
		/// A stash was named twice.
		Duplicate,
		/// A named account is not a bonded stash.
		NotAStash,
		/// More than half of the current set was named: too many to leave to this track.
		TooManyNamed,
		/// The finalized block named is not in the past.
		FinalizedInFuture,
		/// The set id named is higher than any the runtime signalled.
		SetIdInFuture,
		/// The set id named is older than the last forced change's.
		SetIdBeforeLastRecovery,
		/// The runtime no longer knows where the named set's span starts or ends.
		SetSpanUnknown,
		/// The finalized block named is outside the named set's span: the forced change
		/// would resume from a block the nodes cannot have finalized in that set (before
		/// its start, or at or after the next change, which would halt the chain).
		FinalizedOutsideSet,
		/// More stashes would be benched than [`Config::MaxBenched`].
		TooManyBenched,
		/// No recovery is pending.
		NothingPending,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Record the block of a GRANDPA set change (pallet-session rotates, and
		/// pallet-grandpa counts the new set, in earlier pallets' `on_initialize`).
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let current = pallet_grandpa::CurrentSetId::<T>::get();
			if current == LastSetId::<T>::get() {
				return T::DbWeight::get().reads(2);
			}
			SetStarts::<T>::insert(current, now);
			LastSetId::<T>::put(current);
			if let Some(old) = current.checked_sub(T::SetsKept::get().into()) {
				SetStarts::<T>::remove(old);
			}
			T::DbWeight::get().reads_writes(2, 3)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Recover from a finality stall caused by `silent` validators (see the module docs).
		///
		/// - Origin: [`Config::RecoveryOrigin`] (Root or the `finality_recovery` track).
		/// - `silent`: the stashes of the validators that do not vote: bonded stashes, as many
		///   as half of the current session's set at most, every name counted (one that
		///   already left the set is benched all the same).
		/// - `best_finalized`: the number of the last finalized block
		///   (`chain_getFinalizedHead`).
		/// - `set_id`: the GRANDPA set that finalized it: `grandpa.currentSetId` in the state
		///   of that block.
		///
		/// Emits `RecoveryScheduled` (and staking's `Chilled` for each stash); later, at the
		/// session change, `ForcedChangeSignalled`. Errors: see [`Error`].
		///
		/// Weight: reads and writes of this pallet, staking's and grandpa's, plus staking's
		/// `chill` for each stash. Not benchmarked here: a governance-only call, at most
		/// [`Config::MaxSilent`] stashes.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::DbWeight::get().reads_writes(8, 4).saturating_add(
				<T as pallet_staking::Config>::WeightInfo::chill()
					.saturating_mul(silent.len() as u64),
			)
		)]
		pub fn recover(
			origin: OriginFor<T>,
			silent: BoundedVec<T::AccountId, T::MaxSilent>,
			best_finalized: BlockNumberFor<T>,
			set_id: SetId,
		) -> DispatchResult {
			T::RecoveryOrigin::ensure_origin(origin)?;
			Self::do_recover(silent, best_finalized, set_id)
		}

		/// Withdraw the pending recovery before its forced change is signalled (its numbers
		/// were found wrong, or finality resumed on its own). The bench and the chills stay.
		///
		/// - Origin: [`Config::RecoveryOrigin`].
		///
		/// Emits `RecoveryCancelled`. Errors: `NothingPending`. Weight: one read, one write.
		#[pallet::call_index(1)]
		#[pallet::weight(T::DbWeight::get().reads_writes(1, 1))]
		pub fn cancel(origin: OriginFor<T>) -> DispatchResult {
			T::RecoveryOrigin::ensure_origin(origin)?;
			ensure!(Pending::<T>::take().is_some(), Error::<T>::NothingPending);
			Self::deposit_event(Event::RecoveryCancelled);
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		pub(crate) fn do_recover(
			silent: BoundedVec<T::AccountId, T::MaxSilent>,
			best_finalized: BlockNumberFor<T>,
			set_id: SetId,
		) -> DispatchResult {
			ensure!(!silent.is_empty(), Error::<T>::NoneNamed);
			let validators = pallet_session::Validators::<T>::get();
			for (i, stash) in silent.iter().enumerate() {
				ensure!(!silent[..i].contains(stash), Error::<T>::Duplicate);
				ensure!(pallet_staking::Bonded::<T>::contains_key(stash), Error::<T>::NotAStash);
			}
			// Every name counts, in the set or not: the track cannot bench more stashes than
			// half a set's worth.
			ensure!(
				silent.len().saturating_mul(2) <= validators.len()
					&& silent.len() < validators.len(),
				Error::<T>::TooManyNamed
			);
			ensure!(
				best_finalized < frame_system::Pallet::<T>::block_number(),
				Error::<T>::FinalizedInFuture
			);
			Self::ensure_in_set_span(best_finalized, set_id)?;

			let era = pallet_staking::CurrentEra::<T>::get().unwrap_or(0);
			let benched_until = era.saturating_add(T::BenchEras::get());
			let mut benched = Benched::<T>::get();
			benched.retain(|(stash, until)| *until > era && !silent.contains(stash));
			for stash in silent.iter() {
				benched
					.try_push((stash.clone(), benched_until))
					.map_err(|_| Error::<T>::TooManyBenched)?;
			}
			for stash in silent.iter() {
				// A stash that is not validating any more is fine: chill is then a no-op.
				<pallet_staking::Pallet<T> as StakingInterface>::chill(stash)?;
			}
			Benched::<T>::put(benched);
			pallet_staking::ForceEra::<T>::put(pallet_staking::Forcing::ForceNew);
			Pending::<T>::put(PendingRecovery { silent: silent.clone(), best_finalized, set_id });
			Self::deposit_event(Event::RecoveryScheduled {
				silent: silent.into_inner(),
				best_finalized,
				set_id,
				benched_until,
			});
			Ok(())
		}

		/// `best_finalized` must lie in the span of blocks in which set `set_id` finalized:
		/// from the block that signalled it to before the one that signalled the next set.
		fn ensure_in_set_span(best_finalized: BlockNumberFor<T>, set_id: SetId) -> DispatchResult {
			let current = pallet_grandpa::CurrentSetId::<T>::get();
			ensure!(set_id <= current, Error::<T>::SetIdInFuture);
			ensure!(set_id >= LastForcedSet::<T>::get(), Error::<T>::SetIdBeforeLastRecovery);
			let start_of = |set: SetId| -> Option<BlockNumberFor<T>> {
				if set == 0 {
					return Some(Zero::zero());
				}
				SetStarts::<T>::get(set)
			};
			let first = start_of(set_id).ok_or(Error::<T>::SetSpanUnknown)?;
			ensure!(best_finalized >= first, Error::<T>::FinalizedOutsideSet);
			if set_id < current {
				let next = start_of(set_id.saturating_add(1)).ok_or(Error::<T>::SetSpanUnknown)?;
				ensure!(best_finalized < next, Error::<T>::FinalizedOutsideSet);
			}
			Ok(())
		}

		/// Before an election: chill benched stashes that validate or nominate again; forget
		/// expired ones.
		fn enforce_bench() {
			let era = pallet_staking::CurrentEra::<T>::get().unwrap_or(0);
			let mut benched = Benched::<T>::get();
			let before = benched.len();
			benched.retain(|(_, until)| *until > era);
			for (stash, _) in benched.iter() {
				let active = pallet_staking::Validators::<T>::contains_key(stash)
					|| pallet_staking::Nominators::<T>::contains_key(stash);
				if active && <pallet_staking::Pallet<T> as StakingInterface>::chill(stash).is_ok() {
					Self::deposit_event(Event::BenchedChilled { stash: stash.clone() });
				}
			}
			if benched.len() != before {
				Benched::<T>::put(benched);
			}
		}

		/// At the start of `session`: signal the pending forced change if the session's set is
		/// free of the silent validators and pallet-grandpa can schedule it now.
		fn on_session_start(session: SessionIndex) {
			let Some(pending) = Pending::<T>::get() else { return };
			let validators = pallet_session::Validators::<T>::get();
			if pending.silent.iter().any(|stash| validators.contains(stash)) {
				// The election has not taken them out yet (or failed): wait for the next
				// session. Forcing now would hand finality back to the silent set.
				return;
			}
			let now = frame_system::Pallet::<T>::block_number();
			if pallet_grandpa::PendingChange::<T>::exists()
				|| pallet_grandpa::NextForced::<T>::get().is_some_and(|next| next > now)
			{
				// pallet-grandpa would refuse to schedule it (`ChangePending`, `TooSoon`): try
				// again at the next session, set ids untouched.
				return;
			}
			Pending::<T>::kill();
			// pallet-grandpa's `on_new_session`, later in this same rotation, takes
			// `Stalled`, schedules a forced change to this session's set and counts it as
			// the set after `set_id`.
			pallet_grandpa::Stalled::<T>::put((
				T::ForcedChangeDelay::get(),
				pending.best_finalized,
			));
			pallet_grandpa::CurrentSetId::<T>::put(pending.set_id);
			// The forced set finalizes from `best_finalized` on: its span starts there, and
			// no later recovery may name an older set.
			let forced = pending.set_id.saturating_add(1);
			SetStarts::<T>::insert(forced, pending.best_finalized);
			LastSetId::<T>::put(forced);
			LastForcedSet::<T>::put(forced);
			Self::deposit_event(Event::ForcedChangeSignalled {
				session,
				best_finalized: pending.best_finalized,
				set_id: pending.set_id.saturating_add(1),
			});
		}
	}

	/// pallet-session's `SessionManager`: `I` (staking) with the bench enforced before each
	/// election and a pending recovery signalled at the start of a session.
	pub struct RecoveringSessions<T, I>(core::marker::PhantomData<(T, I)>);

	impl<T: Config, I: pallet_session::SessionManager<T::AccountId>>
		pallet_session::SessionManager<T::AccountId> for RecoveringSessions<T, I>
	{
		fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			Pallet::<T>::enforce_bench();
			I::new_session(new_index)
		}
		fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			I::new_session_genesis(new_index)
		}
		fn start_session(start_index: SessionIndex) {
			I::start_session(start_index);
			Pallet::<T>::on_session_start(start_index);
		}
		fn end_session(end_index: SessionIndex) {
			I::end_session(end_index)
		}
	}

	impl<T: Config, F, I: pallet_session::historical::SessionManager<T::AccountId, F>>
		pallet_session::historical::SessionManager<T::AccountId, F> for RecoveringSessions<T, I>
	{
		fn new_session(new_index: SessionIndex) -> Option<Vec<(T::AccountId, F)>> {
			Pallet::<T>::enforce_bench();
			<I as pallet_session::historical::SessionManager<_, _>>::new_session(new_index)
		}
		fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<(T::AccountId, F)>> {
			<I as pallet_session::historical::SessionManager<_, _>>::new_session_genesis(new_index)
		}
		fn start_session(start_index: SessionIndex) {
			<I as pallet_session::historical::SessionManager<_, _>>::start_session(start_index);
			Pallet::<T>::on_session_start(start_index);
		}
		fn end_session(end_index: SessionIndex) {
			<I as pallet_session::historical::SessionManager<_, _>>::end_session(end_index)
		}
	}
}
