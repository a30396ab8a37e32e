//! Weights of the runtime, generated on the reference machine by `scripts/benchmark.sh`:
//! pallet-ito (no flag), session and governance (`--network`), FRAME's
//! system, its transaction extensions, balances, assets, timestamp and transaction payment
//! (`--frame`), a block's and an extrinsic's fixed costs (`--overhead`) and the database's
//! read and write (`--storage`). `scripts/benchmark.sh --all` regenerates every file.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_assets;
pub mod pallet_balances;
pub mod pallet_conviction_voting;
pub mod pallet_ito;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_session;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
// The generated file documents each field of the constant it defines.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
/// RocksDB's read and write on the same state (`--storage rocksdb`), kept for comparison:
/// the node has no RocksDB, and the runtime does not use these.
#[allow(unused_doc_comments)]
pub mod rocksdb_weights;
