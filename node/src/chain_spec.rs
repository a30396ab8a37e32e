//! Chain specifications: `dev` and `local` come from the runtime's genesis presets.

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

/// A chain spec of the runtime's genesis preset `preset`.
fn from_preset(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(
		WASM_BINARY.ok_or_else(|| "Development wasm not available".to_string())?,
		None,
	)
	.with_name(name)
	.with_id(id)
	.with_chain_type(chain_type)
	.with_genesis_config_preset_name(preset)
	.with_properties(properties())
	.build())
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
