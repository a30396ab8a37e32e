//! Dispatch of the command line.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
#[cfg(feature = "runtime-benchmarks")]
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use std::sync::Arc;
use workchain_runtime::opaque::Block;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Workchain Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/workchain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			local_n if local_n.starts_with("local-") => {
				Box::new(chain_spec::local_testnet_chain_spec(
					local_n["local-".len()..]
						.parse()
						.map_err(|_| format!("'{local_n}': use local-N with N from 1 to 6"))?,
				)?)
			}
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			}
		})
	}

	/// Substrate's command-line settings (as `sc_cli`'s default method sets them), and this
	/// chain's default `--pool-limit`, [`POOL_LIMIT`].
	fn setup_command(cmd: clap::Command) -> clap::Command {
		let mut full_version = Self::impl_version();
		full_version.push('\n');
		cmd.name(Self::executable_name())
			.version(full_version)
			.author(Self::author())
			.about(Self::description())
			.long_about(Self::description())
			.after_help(format!("Support: {}", Self::support_url()))
			.propagate_version(true)
			.args_conflicts_with_subcommands(true)
			.subcommand_negates_reqs(true)
			.mut_arg("pool_limit", |arg| arg.default_value(POOL_LIMIT))
	}
}

/// The default `--pool-limit` (ready extrinsics; a tenth more may wait for an earlier
/// nonce). The fork-aware pool keeps an included extrinsic until its block is finalized,
/// and GRANDPA runs two or three blocks behind: with up to 5,225 extrinsics in a block (of
/// transfers), Substrate's default of 8,192 is full of included ones under load, and the
/// next block is built from what is left (`scripts/flood-test.sh`: a block of 1,011
/// extrinsics while thousands waited). 32,768 holds six full blocks.
pub const POOL_LIMIT: &str = "32768";

/// Parse and run the command line.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		}
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		}
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				// BABE's epoch changes and block weights, and GRANDPA's authority set changes,
				// back to the same block.
				let aux_revert = Box::new(
					|client: Arc<service::FullClient>,
					 backend: Arc<service::FullBackend>,
					 blocks| {
						sc_consensus_babe::revert::<Block, _, _>(client.clone(), backend, blocks)?;
						sc_consensus_grandpa::revert::<Block, _>(client, blocks)?;
						Ok(())
					},
				);
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				match cmd {
				BenchmarkCmd::Pallet(cmd) => {
					cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(
						config.chain_spec,
					))
				},
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					cmd.run(client)
				},
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_cache)
				},
				BenchmarkCmd::Machine(cmd) =>
					cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
				// Builds blocks of signed `system.remark`s on the chain's genesis (from
				// `--chain` or `--runtime`) and measures `BlockExecutionWeight` and
				// `ExtrinsicBaseWeight` (scripts/benchmark.sh --overhead).
				BenchmarkCmd::Overhead(cmd) =>
					cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec)),
				BenchmarkCmd::Extrinsic(_) => Err(
					"`benchmark extrinsic` is not supported by this node; use `benchmark pallet` \
					 and `benchmark overhead`."
						.into(),
				),
			}
			})
		}
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		}
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					}
				}
			})
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_pool_holds_six_full_blocks_unless_told_otherwise() {
		let cli = Cli::try_from_iter(["workchain-node", "--dev"]).expect("parses");
		assert_eq!(cli.run.pool_config.pool_limit.to_string(), POOL_LIMIT);
		let cli = Cli::try_from_iter(["workchain-node", "--pool-limit", "100"]).expect("parses");
		assert_eq!(cli.run.pool_config.pool_limit, 100);
		// Every other setting is Substrate's.
		assert_eq!(cli.run.pool_config.pool_kbytes, 20480);
	}
}
