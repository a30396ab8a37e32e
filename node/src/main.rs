//! Workchain validator node.
#![warn(missing_docs)]
// `sc_cli::Result` is the framework's return type for every subcommand; its error is large
// by design and returned once, at exit.
#![allow(clippy::result_large_err)]

mod babe_equivocation;
mod chain_spec;
mod cli;
mod command;
mod gossip;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
