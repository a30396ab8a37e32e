//! The transaction pool as the network's transaction gossip sees it: in bounded rounds.
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
//! The network is given this view of the pool instead:
//! - each propagation round (every 2.9 s) offers at most [`MAX_PER_ROUND`] ready
//!   transactions, so that no round can fill a peer's channel. The rounds walk through the
//!   ready queue a window at a time (best first, then the next window, back to the best
//!   when the queue ends): a peer that authors gets transactions its own pool lacks, not
//!   only the few next in line, which this node's own block takes anyway;
//! - a transaction is not pushed on its own as it arrives (the per-transaction path finds
//!   nothing to send); the next round carries it.
//!
//! Everything else, including what peers send to this node, goes to the pool unchanged; RPC
//! and block authoring use the pool itself.

use sc_transaction_pool_api::{
	ImportNotificationStream, PoolStatus, ReadyTransactions, TransactionFor, TransactionPool,
	TransactionSource, TransactionStatusStreamFor, TxHash, TxInvalidityReportMap,
};
use sp_runtime::traits::Block as BlockT;
use std::{
	collections::HashMap,
	pin::Pin,
	sync::{
		atomic::{AtomicUsize, Ordering},
		Arc,
	},
	time::Duration,
};

/// Most ready transactions one propagation round offers a peer: half of what a litep2p
/// notification channel holds, so that a round finds room even if the last one is still
/// being written.
pub const MAX_PER_ROUND: usize = 1024;

/// `pool`, with gossip in bounded rounds (see the module docs).
pub struct BoundedGossip<P> {
	pool: Arc<P>,
	/// Where the next round's window starts in the ready queue.
	next_window: AtomicUsize,
}

impl<P> BoundedGossip<P> {
	pub fn new(pool: Arc<P>) -> Arc<Self> {
		Arc::new(Self { pool, next_window: AtomicUsize::new(0) })
	}

	/// The window of `ready` a round offers: [`MAX_PER_ROUND`] items from `next_window`, or
	/// from the start if the queue ends before it. Moves `next_window` on.
	fn window<I>(&self, mut ready: Box<dyn ReadyTransactions<Item = I> + Send>) -> Window<I> {
		let start = self.next_window.load(Ordering::Relaxed);
		let mut skipped = Vec::with_capacity(start.min(MAX_PER_ROUND * 64));
		for _ in 0..start {
			match ready.next() {
				Some(item) => skipped.push(item),
				None => break,
			}
		}
		// The queue is shorter than the window's start: begin again with the best.
		let (start, items) = if skipped.len() < start {
			(0, skipped.into_iter().take(MAX_PER_ROUND).collect())
		} else {
			(start, ready.by_ref().take(MAX_PER_ROUND).collect::<Vec<_>>())
		};
		let next = if items.len() < MAX_PER_ROUND { 0 } else { start + MAX_PER_ROUND };
		self.next_window.store(next, Ordering::Relaxed);
		Window { inner: ready, items: items.into_iter() }
	}
}

/// One round's window of the ready queue (reports of invalid transactions go to the pool's
/// iterator).
struct Window<I> {
	inner: Box<dyn ReadyTransactions<Item = I> + Send>,
	items: std::vec::IntoIter<I>,
}

impl<I> Iterator for Window<I> {
	type Item = I;
	fn next(&mut self) -> Option<I> {
		self.items.next()
	}
}

impl<I> ReadyTransactions for Window<I> {
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

	/// What a propagation round offers: the next window of at most [`MAX_PER_ROUND`] ready
	/// transactions.
	fn ready(&self) -> Ready<P> {
		Box::new(self.window(self.pool.ready()))
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
	/// next bounded round carries them.
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

	struct Numbers(std::ops::Range<usize>);
	impl Iterator for Numbers {
		type Item = usize;
		fn next(&mut self) -> Option<usize> {
			self.0.next()
		}
	}
	impl ReadyTransactions for Numbers {
		fn report_invalid(&mut self, _tx: &usize) {}
	}

	#[test]
	fn rounds_offer_bounded_windows_that_walk_the_ready_queue() {
		let gossip = BoundedGossip::new(Arc::new(()));
		let round =
			|len: usize| -> Vec<usize> { gossip.window(Box::new(Numbers(0..len))).collect() };
		let m = MAX_PER_ROUND;
		// A queue of two and a half windows: the best, the next, the rest, the best again.
		let len = 2 * m + m / 2;
		assert_eq!(round(len), (0..m).collect::<Vec<_>>());
		assert_eq!(round(len), (m..2 * m).collect::<Vec<_>>());
		assert_eq!(round(len), (2 * m..len).collect::<Vec<_>>());
		assert_eq!(round(len), (0..m).collect::<Vec<_>>());
		// The queue shrank (its best went into blocks) below the window's start: the best.
		assert_eq!(round(m / 2), (0..m / 2).collect::<Vec<_>>());
		assert_eq!(round(m / 2), (0..m / 2).collect::<Vec<_>>());
		// Never more than a window.
		assert_eq!(round(10 * m).len(), m);
	}
}
