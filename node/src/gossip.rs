//! The transaction pool as the network's transaction gossip sees it: in bounded rounds, what
//! is new first.
//!
//! The transactions protocol sends one notification per transaction (RFC 56). A litep2p
//! peer whose channel holds 2,048 unsent notifications is disconnected ("notification
//! channel clogged, force close connection"). Substrate gossips every transaction as the
//! pool imports it, and every 2.9 s all ready transactions a peer does not know yet. A
//! flooded pool holds thousands of ready transactions: they overflow the channel, the
//! peer is force-closed, reconnects knowing nothing, is offered the whole pool again and is
//! closed again. On a small validator set the authors are left without peers, skip their
//! slots ("waiting for the network") and the chain halts: `scripts/flood-test.sh
//! --network` did this to two validators before this module.
//!
//! The network is given this view of the pool instead. Once per propagation round (every
//! 2.9 s) `sc-network-transactions` asks for the transactions to gossip (`transactions()`,
//! which `sc_service::TransactionPoolAdapter` answers with [`TransactionPool::ready`], the
//! propagable ones), and [`Rounds`] chooses what the round offers:
//! - at most [`MAX_PER_ROUND`] transactions, so that no round can fill a peer's channel;
//! - first the *fresh* ones, best first (in the ready queue's order, the order blocks take
//!   them: priority first): ready now but not at the last round, that is imported since,
//!   or just made ready by the transaction before them (an earlier nonce). A new
//!   transaction reaches the peers in the next round however long the queue, unless a
//!   round's worth of better ones came with it;
//! - with the rest of the budget, the *pass*: a walk through the ready queue, best first,
//!   that offers every transaction once. It remembers which transactions it has offered
//!   (their hashes), not a position in the queue, so that transactions leaving the queue
//!   (into blocks) or joining it make it skip none; when it has offered all of the queue,
//!   the next pass begins with the best. A peer that authors thereby gets transactions its
//!   own pool lacks, not only the few next in line (which this node's own block takes
//!   anyway), and a peer that reconnected gets the pool again, a round's worth at a time.
//!   Fresh transactions leave the pass at least [`PASS_MIN`] of a round when it has that
//!   many to offer: a flood of new transactions cannot stop it, and the fresh that do not
//!   fit in their round are not lost (the pass offers them);
//! - a transaction is not pushed on its own as it arrives (the per-transaction path finds
//!   nothing to send): the next round carries it, as fresh.
//!
//! Bounds: a round looks at the best [`WALK_LIMIT`] ready transactions (twice the default
//! `--pool-limit`; with a larger one, the rest wait until they move up, and are fresh when
//! they do) and remembers only those: one map of at most [`WALK_LIMIT`] hashes, each with a
//! flag (offered in this pass or not), about 4.3 MiB at the limit with 32-byte hashes
//! (2.1 MiB for the default 32,768 ready). While a round is chosen the last round's map and the new one both exist, with at
//! most 3 × [`MAX_PER_ROUND`] transactions set aside (fresh, the pass's next and, should a
//! new pass begin, the best). The work is a walk of at most [`WALK_LIMIT`] transactions
//! with a map look-up and insert each, every 2.9 s; Substrate itself walks the whole pool.
//!
//! What is fresh is found by comparing with the last round, not from the pool's import
//! notifications: a round drains a stream only every 2.9 s, and the fork-aware pool drops a
//! listener whose channel (1,024 notifications) is full, which a flood fills.
//!
//! Everything else, including what peers send to this node, goes to the pool unchanged; RPC
//! and block authoring use the pool itself.

use sc_transaction_pool_api::{
	ImportNotificationStream, InPoolTransaction, PoolStatus, ReadyTransactions, TransactionFor,
	TransactionPool, TransactionSource, TransactionStatusStreamFor, TxHash, TxInvalidityReportMap,
};
use sp_runtime::traits::Block as BlockT;
use std::{
	collections::HashMap,
	pin::Pin,
	sync::{Arc, Mutex, PoisonError},
	time::Duration,
};

/// Most ready transactions one propagation round offers a peer: half of what a litep2p
/// notification channel holds, so that a round finds room even if the last one is still
/// being written.
pub const MAX_PER_ROUND: usize = 1024;

/// The least share of a round that fresh transactions leave to the pass, when the pass has
/// that many transactions to offer.
pub const PASS_MIN: usize = MAX_PER_ROUND / 4;

/// How many ready transactions, best first, a round looks at and remembers: twice the
/// default `--pool-limit` (`command::POOL_LIMIT`).
pub const WALK_LIMIT: usize = 64 * MAX_PER_ROUND;

/// What each propagation round offers (see the module docs), over transaction hashes only:
/// [`BoundedGossip`] gives it the ready queue once per round.
pub struct Rounds<H> {
	/// The transactions among the best [`WALK_LIMIT`] of the ready queue at the last round,
	/// each with whether the current pass has offered it. At most [`WALK_LIMIT`] entries:
	/// each round rebuilds it from the queue.
	known: HashMap<H, bool>,
}

impl<H> Default for Rounds<H> {
	fn default() -> Self {
		Self { known: HashMap::new() }
	}
}

impl<H: std::hash::Hash + Eq + Clone> Rounds<H> {
	/// What this round offers, at most [`MAX_PER_ROUND`] of `ready`: the ready queue, best
	/// first, as (hash, transaction). First the fresh (not in the queue at the last round),
	/// best first; then the pass's next, best first. Only the best [`WALK_LIMIT`] of `ready`
	/// are taken from it.
	pub fn select<T>(&mut self, ready: impl IntoIterator<Item = (H, T)>) -> Vec<T> {
		let mut known = HashMap::with_capacity(self.known.len());
		// Not in the queue at the last round, best first (a round's worth at most).
		let mut fresh = Vec::new();
		// In the queue at the last round and not offered in this pass yet, best first (a
		// round's worth at most).
		let mut waiting = Vec::new();
		// The best transactions, offered in this pass already: what a new pass begins with
		// (a round's worth at most).
		let mut head = Vec::new();
		// The transactions this pass has not offered yet: `fresh` and `waiting`, and those
		// they have no room for.
		let mut unoffered = 0usize;
		let mut walked = 0usize;
		for (hash, tx) in ready.into_iter().take(WALK_LIMIT) {
			walked += 1;
			let offered = match self.known.get(&hash).copied() {
				Some(true) => {
					if head.len() < MAX_PER_ROUND {
						head.push((hash.clone(), tx));
					}
					true
				}
				Some(false) => {
					unoffered += 1;
					if waiting.len() < MAX_PER_ROUND {
						waiting.push((hash.clone(), tx));
					}
					false
				}
				None => {
					unoffered += 1;
					if fresh.len() < MAX_PER_ROUND {
						fresh.push((hash.clone(), tx));
					}
					false
				}
			};
			known.insert(hash, offered);
		}

		// This pass has offered all the queue holds (the rest went into blocks): the next
		// pass begins now, with the best.
		let new_pass = unoffered == 0;
		let (offer, left) = if new_pass {
			let left = walked.saturating_sub(head.len());
			(head, left)
		} else {
			// The fresh first, leaving the pass its share.
			fresh.truncate(MAX_PER_ROUND.saturating_sub(waiting.len().min(PASS_MIN)));
			waiting.truncate(MAX_PER_ROUND.saturating_sub(fresh.len()));
			let left = unoffered.saturating_sub(fresh.len() + waiting.len());
			fresh.append(&mut waiting);
			(fresh, left)
		};

		if left == 0 {
			// This round ends the pass: the next round begins a new one, with the best.
			known.values_mut().for_each(|offered| *offered = false);
		} else {
			if new_pass {
				known.values_mut().for_each(|offered| *offered = false);
			}
			for (hash, _) in &offer {
				if let Some(offered) = known.get_mut(hash) {
					*offered = true;
				}
			}
		}

		self.known = known;
		offer.into_iter().map(|(_, tx)| tx).collect()
	}
}

/// `pool`, with gossip in bounded rounds (see the module docs).
pub struct BoundedGossip<P: TransactionPool> {
	pool: Arc<P>,
	/// What the rounds offered. `ready` takes `&self`; only the network's transactions
	/// handler calls it, once per round, so the lock is not contended.
	rounds: Mutex<Rounds<TxHash<P>>>,
}

impl<P: TransactionPool> BoundedGossip<P> {
	pub fn new(pool: Arc<P>) -> Arc<Self> {
		Arc::new(Self { pool, rounds: Mutex::new(Rounds::default()) })
	}
}

/// What one round offers (reports of invalid transactions go to the pool's iterator).
struct Round<I> {
	inner: Box<dyn ReadyTransactions<Item = I> + Send>,
	offer: std::vec::IntoIter<I>,
}

impl<I> Iterator for Round<I> {
	type Item = I;
	fn next(&mut self) -> Option<I> {
		self.offer.next()
	}
}

impl<I> ReadyTransactions for Round<I> {
	fn report_invalid(&mut self, tx: &I) {
		self.inner.report_invalid(tx)
	}
}

type Ready<P> =
	Box<dyn ReadyTransactions<Item = Arc<<P as TransactionPool>::InPoolTransaction>> + Send>;

#[async_trait::async_trait]
impl<P> TransactionPool for BoundedGossip<P>
where
	P: TransactionPool + 'static,
	P::InPoolTransaction: Send + Sync,
{
	type Block = P::Block;
	type Hash = P::Hash;
	type InPoolTransaction = P::InPoolTransaction;
	type Error = P::Error;

	async fn submit_at(
		&self,
		at: <Self::Block as BlockT>::Hash,
		source: TransactionSource,
		xts: Vec<TransactionFor<Self>>,
	) -> Result<Vec<Result<TxHash<Self>, Self::Error>>, Self::Error> {
		self.pool.submit_at(at, source, xts).await
	}

	async fn submit_one(
		&self,
		at: <Self::Block as BlockT>::Hash,
		source: TransactionSource,
		xt: TransactionFor<Self>,
	) -> Result<TxHash<Self>, Self::Error> {
		self.pool.submit_one(at, source, xt).await
	}

	async fn submit_and_watch(
		&self,
		at: <Self::Block as BlockT>::Hash,
		source: TransactionSource,
		xt: TransactionFor<Self>,
	) -> Result<Pin<Box<TransactionStatusStreamFor<Self>>>, Self::Error> {
		self.pool.submit_and_watch(at, source, xt).await
	}

	async fn ready_at(&self, at: <Self::Block as BlockT>::Hash) -> Ready<P> {
		self.pool.ready_at(at).await
	}

	/// What a propagation round offers: at most [`MAX_PER_ROUND`] ready transactions, chosen
	/// by [`Rounds`] from the propagable ones (the network would drop the others, after they
	/// had taken room in the round).
	fn ready(&self) -> Ready<P> {
		let mut ready = self.pool.ready();
		let offer = self.rounds.lock().unwrap_or_else(PoisonError::into_inner).select(
			ready
				.by_ref()
				.filter(|tx| InPoolTransaction::is_propagable(&**tx))
				.map(|tx| (InPoolTransaction::hash(&*tx).clone(), tx)),
		);
		Box::new(Round { inner: ready, offer: offer.into_iter() })
	}

	async fn report_invalid(
		&self,
		at: Option<<Self::Block as BlockT>::Hash>,
		invalid_tx_errors: TxInvalidityReportMap<TxHash<Self>>,
	) -> Vec<Arc<Self::InPoolTransaction>> {
		self.pool.report_invalid(at, invalid_tx_errors).await
	}

	fn futures(&self) -> Vec<Self::InPoolTransaction> {
		self.pool.futures()
	}

	fn status(&self) -> PoolStatus {
		self.pool.status()
	}

	fn import_notification_stream(&self) -> ImportNotificationStream<TxHash<Self>> {
		self.pool.import_notification_stream()
	}

	fn on_broadcasted(&self, propagations: HashMap<TxHash<Self>, Vec<String>>) {
		self.pool.on_broadcasted(propagations)
	}

	fn hash_of(&self, xt: &TransactionFor<Self>) -> TxHash<Self> {
		self.pool.hash_of(xt)
	}

	/// The per-transaction gossip path looks transactions up here: it finds none, and the
	/// next bounded round carries them (as fresh).
	fn ready_transaction(&self, _hash: &TxHash<Self>) -> Option<Arc<Self::InPoolTransaction>> {
		None
	}

	async fn ready_at_with_timeout(
		&self,
		at: <Self::Block as BlockT>::Hash,
		timeout: Duration,
	) -> Ready<P> {
		self.pool.ready_at_with_timeout(at, timeout).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::collections::HashSet;

	const M: u64 = MAX_PER_ROUND as u64;

	/// What a round offers from `queue`, the ready queue best first; the hashes stand for
	/// the transactions.
	fn round(rounds: &mut Rounds<u64>, queue: &[u64]) -> Vec<u64> {
		rounds.select(queue.iter().map(|&hash| (hash, hash)))
	}

	fn range(hashes: std::ops::Range<u64>) -> Vec<u64> {
		hashes.collect()
	}

	#[test]
	fn passes_walk_the_ready_queue_and_begin_again_with_the_best() {
		let mut rounds = Rounds::default();
		// A queue of two and a half rounds' worth: the best, the next, the rest, the best
		// again.
		let len = 2 * M + M / 2;
		let queue = range(0..len);
		assert_eq!(round(&mut rounds, &queue), range(0..M));
		assert_eq!(round(&mut rounds, &queue), range(M..2 * M));
		assert_eq!(round(&mut rounds, &queue), range(2 * M..len));
		assert_eq!(round(&mut rounds, &queue), range(0..M));
		// The queue shrank (its rest went into blocks) to what this pass has offered: the
		// next pass begins at once, with the best.
		let short = range(0..M / 2);
		assert_eq!(round(&mut rounds, &short), short);
		assert_eq!(round(&mut rounds, &short), short);
		// An empty queue, nothing; and memory of nothing.
		assert!(round(&mut rounds, &[]).is_empty());
		assert!(rounds.known.is_empty());
	}

	#[test]
	fn a_new_best_transaction_goes_in_the_very_next_round() {
		let mut rounds = Rounds::default();
		let mut queue = range(0..32_768);
		// Three rounds into the pass (it offered the best 3,072).
		for _ in 0..3 {
			round(&mut rounds, &queue);
		}
		// Imported since: one better than all the queue, one worse than all of it.
		let (best, worst) = (100_000, 100_001);
		queue.insert(0, best);
		queue.push(worst);
		let offer = round(&mut rounds, &queue);
		assert_eq!(offer.len(), MAX_PER_ROUND);
		// The fresh first, best first; the pass goes on with the rest of the round.
		assert_eq!(offer[..2], [best, worst]);
		assert_eq!(offer[2..], range(3 * M..4 * M - 2));
		// The pass has offered them now: not again until the next pass.
		let offer = round(&mut rounds, &queue);
		assert!(!offer.contains(&best) && !offer.contains(&worst));
		assert_eq!(offer, range(4 * M - 2..5 * M - 2));
	}

	#[test]
	fn a_pass_skips_nothing_when_blocks_take_the_front_of_the_queue() {
		let mut rounds = Rounds::default();
		let len = 4 * M + M / 2;
		let mut queue = range(0..len);
		let mut pass = vec![round(&mut rounds, &queue)];
		// Before each round, a block takes 300 from the front of the queue, offered ones
		// (an index into the queue would now point 300 too far).
		for _ in 0..4 {
			queue = queue.split_off(300);
			pass.push(round(&mut rounds, &queue));
		}
		assert_eq!(
			pass,
			[
				range(0..M),
				range(M..2 * M),
				range(2 * M..3 * M),
				range(3 * M..4 * M),
				range(4 * M..len)
			]
		);
		// Each transaction was offered once, and all that are still in the queue were.
		let offered: Vec<u64> = pass.concat();
		let unique: HashSet<u64> = offered.iter().copied().collect();
		assert_eq!(unique.len(), offered.len());
		assert!(queue.iter().all(|tx| unique.contains(tx)));
		// That was all the queue: the next pass begins with the best now in it.
		queue = queue.split_off(300);
		assert_eq!(round(&mut rounds, &queue), queue[..MAX_PER_ROUND]);
	}

	#[test]
	fn no_round_offers_more_than_max_per_round() {
		let mut rounds = Rounds::default();
		let mut queue = range(0..32_768);
		round(&mut rounds, &queue);
		let mut next = 1_000_000;
		for _ in 0..20 {
			// A flood: three rounds' worth imported since the last round, half better than
			// all the queue and half worse; a block takes as many from the front.
			let better = range(next..next + 3 * M / 2);
			let worse = range(next + 3 * M / 2..next + 3 * M);
			next += 3 * M;
			queue =
				better.iter().chain(&queue[3 * MAX_PER_ROUND..]).chain(&worse).copied().collect();
			let offer = round(&mut rounds, &queue);
			assert_eq!(offer.len(), MAX_PER_ROUND);
			// The fresh take what the pass leaves, the best of them first; the pass goes on.
			let fresh = offer.iter().filter(|tx| **tx >= next - 3 * M).count();
			assert_eq!(fresh, MAX_PER_ROUND - PASS_MIN);
			assert_eq!(offer[..fresh], better[..fresh]);
			assert!(rounds.known.len() <= queue.len());
		}
		// A queue longer than a round looks at: a round's worth still, and the memory of at
		// most `WALK_LIMIT` transactions.
		let mut rounds = Rounds::default();
		let long = range(0..(WALK_LIMIT + 5_000) as u64);
		for _ in 0..3 {
			assert_eq!(round(&mut rounds, &long).len(), MAX_PER_ROUND);
			assert_eq!(rounds.known.len(), WALK_LIMIT);
		}
	}
}
