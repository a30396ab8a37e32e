//! Reports of BABE equivocations that the runtime can verify.
//!
//! A validator equivocates in BABE when it signs two different blocks for one slot (an
//! operator who runs a copy of its keystore on a second machine does it at every slot both
//! win). Any node that imports both blocks can prove it: the two sealed headers, each signed
//! by the same authority for the same slot. pallet-babe checks that proof
//! (`sp_consensus_babe::check_equivocation_proof`: both seals must verify) before it
//! records the offence.
//!
//! sc-consensus-babe 0.60 checks for equivocations itself, but on the header it has already
//! unsealed (its verifier moves the seal to `post_digests` before the block import runs the
//! check), so the proofs it builds carry no seal, the runtime cannot verify them, and the
//! report fails when it is applied. Workchain's runtime therefore refuses to submit an
//! unverifiable proof (`BabeApi::submit_report_equivocation_unsigned_extrinsic` checks it
//! first), and this block import, wrapped around BABE's, builds the proof from the sealed
//! headers instead:
//! - after a block from the network is imported (so its seal, slot and author were verified
//!   by BABE), it puts the seal back on the header and remembers the first header of each
//!   `(slot, author)`;
//! - a second, different header of the same author and slot is an equivocation: it asks the
//!   runtime for a key-ownership proof (at that block, else at the best block) and submits
//!   the unsigned report to this node's pool, which puts it in the next block it authors or
//!   gossips to nobody (`propagate: false`: only authors include reports).
//!
//! What is remembered is bounded: headers of the last [`SLOTS_KEPT`] slots (from the newest
//! seen), one per author and slot. An author's later blocks in a slot it already equivocated
//! in are not stored again. The memory is lost on restart: an equivocation whose two halves
//! straddle a restart of this node is left to the other nodes to report. Blocks of the
//! initial sync are not checked (they are likely stale), as BABE does.

use crate::service::FullClient;
use sc_client_api::HeaderBackend;
use sc_consensus::{BlockCheckParams, BlockImport, BlockImportParams, ImportResult};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_consensus::BlockOrigin;
use sp_consensus_babe::{digests::CompatibleDigestItem, AuthorityId, BabeApi, Slot};
use sp_runtime::{
	traits::{Block as BlockT, Header as HeaderT},
	DigestItem,
};
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
};
use workchain_runtime::opaque::Block;

type Header = <Block as BlockT>::Header;

/// Headers of this many slots back from the newest seen are kept (about 100 minutes at 6 s
/// slots: far more than blocks of one slot take to reach every node).
pub const SLOTS_KEPT: u64 = 1_000;

/// The first sealed header seen of each `(slot, author)`, and whether that author was
/// already reported for the slot.
#[derive(Default)]
struct Seen {
	by_slot: BTreeMap<Slot, Vec<(AuthorityId, Header, bool)>>,
}

impl Seen {
	/// Record `header` of `author` at `slot`. Returns the earlier header of the same author
	/// and slot when `header` is a different one and no report of them reached the pool yet
	/// (an equivocation to report); `None` otherwise. [`Seen::reported`] marks a report
	/// that did, so that a failed one is tried again with the author's next header.
	fn note(&mut self, slot: Slot, author: AuthorityId, header: Header) -> Option<Header> {
		let newest = self.by_slot.keys().next_back().copied().unwrap_or(slot).max(slot);
		// Forget slots too old to matter, and refuse to store one.
		let oldest_kept = Slot::from(u64::from(newest).saturating_sub(SLOTS_KEPT));
		self.by_slot = self.by_slot.split_off(&oldest_kept);
		if slot < oldest_kept {
			return None;
		}
		let entries = self.by_slot.entry(slot).or_default();
		match entries.iter_mut().find(|(who, _, _)| *who == author) {
			None => {
				entries.push((author, header, false));
				None
			}
			Some((_, first, reported)) => {
				if *reported || first.hash() == header.hash() {
					return None;
				}
				Some(first.clone())
			}
		}
	}

	/// A report of `author` at `slot` reached the pool: do not report it again.
	fn reported(&mut self, slot: Slot, author: &AuthorityId) {
		if let Some(entry) = self
			.by_slot
			.get_mut(&slot)
			.and_then(|entries| entries.iter_mut().find(|(who, _, _)| who == author))
		{
			entry.2 = true;
		}
	}
}

/// BABE's block import (`inner`) that also reports BABE equivocations with sealed headers.
pub struct EquivocationReporting<I> {
	inner: I,
	client: Arc<FullClient>,
	pool: OffchainTransactionPoolFactory<Block>,
	seen: Arc<Mutex<Seen>>,
}

impl<I: Clone> Clone for EquivocationReporting<I> {
	fn clone(&self) -> Self {
		Self {
			inner: self.inner.clone(),
			client: self.client.clone(),
			pool: self.pool.clone(),
			seen: self.seen.clone(),
		}
	}
}

impl<I> EquivocationReporting<I> {
	pub fn new(
		inner: I,
		client: Arc<FullClient>,
		pool: OffchainTransactionPoolFactory<Block>,
	) -> Self {
		Self { inner, client, pool, seen: Default::default() }
	}

	/// `header` (unsealed, as BABE imports it) with `post_digests` (its seal) put back:
	/// the header its author signed.
	fn sealed(header: &Header, post_digests: &[DigestItem]) -> Option<Header> {
		let seal = post_digests.iter().find(|d| d.as_babe_seal().is_some())?;
		let mut sealed = header.clone();
		sealed.digest_mut().push(seal.clone());
		Some(sealed)
	}

	/// Check the imported, sealed `header` against the ones seen, and report its author if
	/// it equivocates.
	fn check_and_report(&self, header: Header) -> Result<(), String> {
		let pre_digest = sc_consensus_babe::find_pre_digest::<Block>(&header)
			.map_err(|e| format!("no BABE pre-digest: {e}"))?;
		let slot = pre_digest.slot();
		let hash = header.hash();
		// One runtime API instance per block called into (an instance keeps the state of
		// the first block it calls).
		let api = || self.client.runtime_api();
		// The epoch of the block, as its own state has it (BABE changes epochs in the first
		// block of one), and the author at its index.
		let epoch = api().current_epoch(hash).map_err(|e| format!("epoch at {hash}: {e}"))?;
		let author = epoch
			.authorities
			.get(pre_digest.authority_index() as usize)
			.map(|(id, _)| id.clone())
			.ok_or_else(|| format!("no authority {} in the epoch", pre_digest.authority_index()))?;
		let first = {
			let mut seen = self.seen.lock().map_err(|_| "the seen headers are poisoned")?;
			seen.note(slot, author.clone(), header.clone())
		};
		let Some(first) = first else { return Ok(()) };
		log::info!(
			target: "babe",
			"Slot author {author:?} equivocates at slot {slot}: {:?} and {hash:?}; reporting it",
			first.hash(),
		);
		let offender = author.clone();
		let proof = sp_consensus_babe::EquivocationProof {
			offender: author.clone(),
			slot,
			first_header: first,
			second_header: header,
		};
		let best = self.client.info().best_hash;
		// The key-ownership proof from the block's own state: the session of its slot, even
		// for the first block of a session (its parent's state is the previous session's,
		// whose proof pallet-babe would refuse). Else from the best block.
		let proof_at = |at| {
			api().generate_key_ownership_proof(at, slot, author.clone()).map_err(|e| e.to_string())
		};
		let key_owner_proof = match proof_at(hash)? {
			Some(p) => p,
			None => proof_at(best)?.ok_or("the offender is not in the session's key ownership")?,
		};
		let mut api = api();
		api.register_extension(self.pool.offchain_transaction_pool(best));
		api.submit_report_equivocation_unsigned_extrinsic(best, proof, key_owner_proof)
			.map_err(|e| e.to_string())?
			.ok_or("the runtime refused the report")?;
		if let Ok(mut seen) = self.seen.lock() {
			seen.reported(slot, &offender);
		}
		log::info!(target: "babe", "Submitted the BABE equivocation report of slot {slot}");
		Ok(())
	}
}

#[async_trait::async_trait]
impl<I> BlockImport<Block> for EquivocationReporting<I>
where
	I: BlockImport<Block> + Send + Sync,
{
	type Error = I::Error;

	async fn check_block(
		&self,
		block: BlockCheckParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		self.inner.check_block(block).await
	}

	async fn import_block(
		&self,
		block: BlockImportParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		let check = matches!(block.origin, BlockOrigin::NetworkBroadcast | BlockOrigin::File)
			&& !block.state_action.skip_execution_checks();
		let sealed = if check { Self::sealed(&block.header, &block.post_digests) } else { None };
		let result = self.inner.import_block(block).await?;
		if let (Some(header), ImportResult::Imported(_)) = (sealed, &result) {
			if let Err(e) = self.check_and_report(header) {
				log::warn!(target: "babe", "Checking or reporting a BABE equivocation: {e}");
			}
		}
		Ok(result)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::crypto::UncheckedFrom;
	use sp_runtime::Digest;

	fn header(number: u32, extra: u8) -> Header {
		Header::new(
			number,
			Default::default(),
			Default::default(),
			Default::default(),
			Digest { logs: vec![DigestItem::Other(vec![extra])] },
		)
	}

	fn author(n: u8) -> AuthorityId {
		AuthorityId::unchecked_from([n; 32])
	}

	#[test]
	fn a_second_header_of_an_author_in_a_slot_is_reported_until_a_report_lands() {
		let mut seen = Seen::default();
		let slot = Slot::from(10);
		assert_eq!(seen.note(slot, author(1), header(5, 0)), None);
		// The same header again (re-import) and another author's header are no equivocation.
		assert_eq!(seen.note(slot, author(1), header(5, 0)), None);
		assert_eq!(seen.note(slot, author(2), header(5, 1)), None);
		// A different header of author 1 in slot 10 is; until a report of it reaches the
		// pool, the next one is again; then no more.
		assert_eq!(seen.note(slot, author(1), header(5, 2)), Some(header(5, 0)));
		assert_eq!(seen.note(slot, author(1), header(5, 3)), Some(header(5, 0)));
		seen.reported(slot, &author(1));
		assert_eq!(seen.note(slot, author(1), header(5, 4)), None);
		// The same author in another slot is not.
		assert_eq!(seen.note(Slot::from(11), author(1), header(6, 0)), None);
	}

	#[test]
	fn only_the_last_slots_are_kept() {
		let mut seen = Seen::default();
		for slot in 0..3 * SLOTS_KEPT {
			seen.note(Slot::from(slot), author(1), header(slot as u32, 0));
		}
		assert_eq!(seen.by_slot.len() as u64, SLOTS_KEPT + 1);
		// A header older than that is neither stored nor compared.
		assert_eq!(seen.note(Slot::from(0), author(1), header(0, 9)), None);
		assert_eq!(seen.by_slot.len() as u64, SLOTS_KEPT + 1);
		// One just inside the window still is.
		let recent = Slot::from(3 * SLOTS_KEPT - 1);
		assert_eq!(
			seen.note(recent, author(1), header(7, 9)),
			Some(header((3 * SLOTS_KEPT - 1) as u32, 0))
		);
	}
}
