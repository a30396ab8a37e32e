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
//!   transactions, the best ones (next in line for a block), so that no round can fill a
//!   peer's channel;
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
use std::{collections::HashMap, pin::Pin, sync::Arc, time::Duration};

/// Most ready transactions one propagation round offers a peer: half of what a litep2p
/// notification channel holds, so that a round finds room even if the last one is still
/// being written.
pub const MAX_PER_ROUND: usize = 1024;

/// `pool`, with gossip in bounded rounds (see the module docs).
pub struct BoundedGossip<P> {
	pool: Arc<P>,
}

impl<P> BoundedGossip<P> {
	pub fn new(pool: Arc<P>) -> Arc<Self> {
		Arc::new(Self { pool })
	}
}

/// The first `left` items of a pool's ready transactions.
struct Take<I> {
	inner: Box<dyn ReadyTransactions<Item = I> + Send>,
	left: usize,
}

impl<I> Iterator for Take<I> {
	type Item = I;
	fn next(&mut self) -> Option<I> {
		self.left = self.left.checked_sub(1)?;
		self.inner.next()
	}
}

impl<I> ReadyTransactions for Take<I> {
	fn report_invalid(&mut self, tx: &I) {
		self.inner.report_invalid(tx)
	}
}

type Ready<P> = Box<
	dyn ReadyTransactions<Item = Arc<<P as TransactionPool>::InPoolTransaction>> + Send,
>;

#[async_trait::async_trait]
impl<P: TransactionPool + 'static> TransactionPool for BoundedGossip<P> {
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

	/// What a propagation round offers: at most [`MAX_PER_ROUND`] ready transactions.
	fn ready(&self) -> Ready<P> {
		Box::new(Take { inner: self.pool.ready(), left: MAX_PER_ROUND })
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

	struct Numbers(std::ops::Range<usize>, Vec<usize>);
	impl Iterator for Numbers {
		type Item = usize;
		fn next(&mut self) -> Option<usize> {
			self.0.next()
		}
	}
	impl ReadyTransactions for Numbers {
		fn report_invalid(&mut self, tx: &usize) {
			self.1.push(*tx)
		}
	}

	#[test]
	fn a_round_offers_at_most_the_bound_and_the_best_first() {
		let all = Take { inner: Box::new(Numbers(0..5_000, vec![])), left: MAX_PER_ROUND };
		let offered: Vec<usize> = all.collect();
		assert_eq!(offered, (0..MAX_PER_ROUND).collect::<Vec<_>>());
		let few = Take { inner: Box::new(Numbers(0..10, vec![])), left: MAX_PER_ROUND };
		assert_eq!(few.count(), 10);
	}
}
