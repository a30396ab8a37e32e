//! The node's JSON-RPC extensions: `system_*` account nonce, `payment_*`, `ito_*` and
//! `babe_epochAuthorship`.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use sc_consensus_babe::BabeWorkerHandle;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_keystore::KeystorePtr;
use workchain_runtime::{opaque::Block, AccountId, AssetId, Balance, BlockNumber, Nonce};

use crate::service::FullSelectChain;

/// What `babe_epochAuthorship` needs.
pub struct BabeDeps {
	/// A handle to BABE's worker (the epochs it knows).
	pub worker_handle: BabeWorkerHandle<Block>,
	/// The node's keystore (the BABE keys whose slots are listed).
	pub keystore: KeystorePtr,
}

/// What the RPC extensions need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The chain selection (the best block, whose epoch `babe_epochAuthorship` reports).
	pub select_chain: FullSelectChain,
	/// BABE's.
	pub babe: BabeDeps,
}

/// Build the RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: pallet_ito_rpc::ItoRuntimeApi<Block, AccountId, Balance, BlockNumber, AssetId>,
	C::Api: sp_consensus_babe::BabeApi<Block>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_ito_rpc::{Ito, ItoApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, select_chain, babe } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	// An unsafe method (served where `--rpc-methods` allows those): the slots in the current
	// epoch that this node's BABE keys may author.
	module.merge(
		Babe::new(client.clone(), babe.worker_handle, babe.keystore, select_chain).into_rpc(),
	)?;
	module.merge(Ito::new(client).into_rpc())?;

	Ok(module)
}
