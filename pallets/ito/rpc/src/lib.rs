//! `ito_*` JSON-RPC methods over the pallet-ito runtime API.
//!
//! Every method takes an optional block hash `at` (the best block when omitted) and
//! answers with the runtime API's view, or `null` for an unknown ITO. Amounts are decimal
//! strings in the smallest unit (a `u128` does not fit a JavaScript number), byte strings
//! are `0x` hex; see `pallet_ito::views::serde_amount`.

use std::{fmt::Display, marker::PhantomData, str::FromStr, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
pub use pallet_ito_runtime_api::ItoApi as ItoRuntimeApi;
use pallet_ito_runtime_api::{
	AccountView, GovernanceView, ItoId, ItoView, ProposalId, VotingPowerView, WorkBlockIndex,
	WorkBlockSummaryView, WorkBlockView, WorkItemId, WorkItemView, MAX_WORK_ITEMS_PER_READ,
};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// Error code of a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 9000;
/// Error code of a request with a bad parameter.
pub const INVALID_PARAMS: i32 = 9001;

/// The `ito_*` methods. Amounts (`Balance`) travel as decimal strings.
#[rpc(client, server)]
pub trait ItoApi<BlockHash, AccountId, Balance: Display + FromStr, BlockNumber, AssetId> {
	/// Number of ITOs ever created.
	#[method(name = "ito_count")]
	fn count(&self, at: Option<BlockHash>) -> RpcResult<u32>;

	/// An ITO's settings, supply and open work block.
	#[method(name = "ito_info")]
	fn info(
		&self,
		ito: ItoId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ItoView<AccountId, Balance, BlockNumber, AssetId>>>;

	/// The open work block of an ITO: pools per asset and totals.
	#[method(name = "ito_workBlock")]
	fn work_block(
		&self,
		ito: ItoId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<WorkBlockView<Balance, BlockNumber, AssetId>>>;

	/// Work items of an ITO from id `from`, at most `limit` (1 to 256, default 256).
	#[method(name = "ito_workItems")]
	fn work_items(
		&self,
		ito: ItoId,
		from: Option<WorkItemId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<WorkItemView<AccountId, Balance>>>;

	/// What an account holds in an ITO and is owed.
	/// The last closed work blocks of an ITO (the runtime keeps 64) with index `from` (default
	/// 0) or later, oldest first, at most `limit` (default and maximum 256). Needs version
	/// 2 of the runtime API.
	#[method(name = "ito_workBlockHistory")]
	fn work_block_history(
		&self,
		ito: ItoId,
		from: Option<WorkBlockIndex>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<WorkBlockSummaryView<Balance, BlockNumber, AssetId>>>;

	#[method(name = "ito_account")]
	fn account(
		&self,
		ito: ItoId,
		who: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AccountView<Balance, AssetId>>>;

	/// An ITO's governance: quorums, the open block's economic value, which reward assets
	/// take new rewards, and its proposals with ids from `from` (default 0), at most `limit`
	/// (default and maximum 256), open ones with live tallies. Needs version 3 of the runtime
	/// API.
	#[method(name = "ito_proposals")]
	fn proposals(
		&self,
		ito: ItoId,
		from: Option<ProposalId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<GovernanceView<AccountId, Balance, BlockNumber, AssetId>>>;

	/// An account's voting power in an ITO's open work block: its economic value, whether it
	/// may propose, and its votes. Needs version 3 of the runtime API.
	#[method(name = "ito_votingPower")]
	fn voting_power(
		&self,
		ito: ItoId,
		who: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<VotingPowerView<Balance>>>;
}

/// Implementation of [`ItoApiServer`] over a client.
pub struct Ito<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Ito<C, Block> {
	/// A new `ito_*` RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// A read's `limit`: [`MAX_WORK_ITEMS_PER_READ`] when omitted, an invalid-params error
/// unless it is 1 to that.
fn checked_limit(limit: Option<u32>) -> RpcResult<u32> {
	let limit = limit.unwrap_or(MAX_WORK_ITEMS_PER_READ);
	if limit == 0 || limit > MAX_WORK_ITEMS_PER_READ {
		return Err(ErrorObject::owned(
			INVALID_PARAMS,
			"limit must be between 1 and 256",
			Some(limit),
		));
	}
	Ok(limit)
}

/// Fail, saying `what` it lacks, unless the runtime at `at` has version `min` (or later) of
/// the runtime API.
fn require_version<C, Block, AccountId, Balance, BlockNumber, AssetId>(
	client: &C,
	at: Block::Hash,
	min: u32,
	what: &str,
) -> RpcResult<()>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>,
	C::Api: ItoRuntimeApi<Block, AccountId, Balance, BlockNumber, AssetId>,
	AccountId: Codec,
	Balance: Codec,
	BlockNumber: Codec,
	AssetId: Codec,
{
	let version = client
		.runtime_api()
		.api_version::<dyn ItoRuntimeApi<Block, AccountId, Balance, BlockNumber, AssetId>>(at)
		.map_err(runtime_error)?;
	if version.unwrap_or(0) < min {
		return Err(runtime_error(format!(
			"the runtime at this block has no {what} (ItoApi version {min})"
		)));
	}
	Ok(())
}

fn runtime_error(e: impl Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "Runtime API call failed", Some(e.to_string()))
}

impl<C, Block, AccountId, Balance, BlockNumber, AssetId>
	ItoApiServer<<Block as BlockT>::Hash, AccountId, Balance, BlockNumber, AssetId> for Ito<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ItoRuntimeApi<Block, AccountId, Balance, BlockNumber, AssetId>,
	AccountId: Codec + Send + Sync + 'static + serde::Serialize + serde::de::DeserializeOwned,
	Balance: Codec + Send + Sync + 'static + Display + FromStr,
	BlockNumber: Codec + Send + Sync + 'static + serde::Serialize,
	AssetId: Codec + Send + Sync + 'static + serde::Serialize,
{
	fn count(&self, at: Option<Block::Hash>) -> RpcResult<u32> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().ito_count(at).map_err(runtime_error)
	}

	fn info(
		&self,
		ito: ItoId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ItoView<AccountId, Balance, BlockNumber, AssetId>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().ito(at, ito).map_err(runtime_error)
	}

	fn work_block(
		&self,
		ito: ItoId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<WorkBlockView<Balance, BlockNumber, AssetId>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().work_block(at, ito).map_err(runtime_error)
	}

	fn work_items(
		&self,
		ito: ItoId,
		from: Option<WorkItemId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<WorkItemView<AccountId, Balance>>> {
		let limit = checked_limit(limit)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.work_items(at, ito, from.unwrap_or(0), limit)
			.map_err(runtime_error)
	}

	fn work_block_history(
		&self,
		ito: ItoId,
		from: Option<WorkBlockIndex>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<WorkBlockSummaryView<Balance, BlockNumber, AssetId>>> {
		let limit = checked_limit(limit)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		require_version::<C, Block, AccountId, Balance, BlockNumber, AssetId>(
			&*self.client,
			at,
			2,
			"work-block history",
		)?;
		self.client
			.runtime_api()
			.work_block_history(at, ito, from.unwrap_or(0), limit)
			.map_err(runtime_error)
	}

	fn account(
		&self,
		ito: ItoId,
		who: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<AccountView<Balance, AssetId>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().account(at, ito, who).map_err(runtime_error)
	}

	fn proposals(
		&self,
		ito: ItoId,
		from: Option<ProposalId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<GovernanceView<AccountId, Balance, BlockNumber, AssetId>>> {
		let limit = checked_limit(limit)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		require_version::<C, Block, AccountId, Balance, BlockNumber, AssetId>(
			&*self.client,
			at,
			3,
			"ITO proposals",
		)?;
		self.client
			.runtime_api()
			.proposals(at, ito, from.unwrap_or(0), limit)
			.map_err(runtime_error)
	}

	fn voting_power(
		&self,
		ito: ItoId,
		who: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<VotingPowerView<Balance>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		require_version::<C, Block, AccountId, Balance, BlockNumber, AssetId>(
			&*self.client,
			at,
			3,
			"ITO voting power",
		)?;
		self.client.runtime_api().voting_power(at, ito, who).map_err(runtime_error)
	}
}
