//! Chain specifications: `dev` and `local` come from the runtime's genesis presets;
//! `local-N` is a local testnet of the first N development validators.

use sc_service::{ChainType, Properties};
use workchain_runtime::WASM_BINARY;

/// The chain specification of Workchain.
pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> Properties {
	let mut p = Properties::new();
	p.insert("tokenSymbol".into(), "WORK".into());
	p.insert("tokenDecimals".into(), 12.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

/// A chain spec builder with Workchain's code and properties.
fn builder(
	name: &str,
	id: &str,
	chain_type: ChainType,
) -> Result<sc_chain_spec::ChainSpecBuilder, String> {
	Ok(ChainSpec::builder(
		WASM_BINARY.ok_or_else(|| "Development wasm not available".to_string())?,
		None,
	)
	.with_name(name)
	.with_id(id)
	.with_chain_type(chain_type)
	.with_properties(properties()))
}

/// A chain spec of the runtime's genesis preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(builder(name, id, chain_type)?.with_genesis_config_preset_name(preset).build())
}

/// One validator (Alice), for development.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Workchain Development",
		"workchain_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// Three validators (Alice, Bob, Charlie), for a local testnet.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Workchain Local Testnet",
		"workchain_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// A local testnet of the first `validators` development accounts (1 to 6: Alice, Bob,
/// Charlie, Dave, Eve, Ferdie). `local-3` is the `local` chain under another id.
pub fn local_testnet_chain_spec(validators: usize) -> Result<ChainSpec, String> {
	use workchain_runtime::genesis_config_presets::{local_testnet_genesis, MAX_LOCAL_VALIDATORS};
	if !(1..=MAX_LOCAL_VALIDATORS).contains(&validators) {
		return Err(format!("a local testnet has 1 to {MAX_LOCAL_VALIDATORS} validators"));
	}
	Ok(builder(
		&format!("Workchain Local Testnet ({validators} validators)"),
		&format!("workchain_local_{validators}"),
		ChainType::Local,
	)?
	.with_genesis_config_patch(local_testnet_genesis(validators))
	.build())
}
