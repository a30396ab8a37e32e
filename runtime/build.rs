fn main() {
	// The metadata hash (RFC-0078) of the runtime, compiled into it for
	// `frame_metadata_hash_extension::CheckMetadataHash`, as Polkadot's runtimes do. The
	// token symbol and decimals are the chain spec's `tokenSymbol` and `tokenDecimals`
	// (node/src/chain_spec.rs): they are part of the hash, so a wallet that shows amounts
	// in another unit signs a hash the runtime refuses.
	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("WORK", 12)
			.build();
	}
}
