//! Genesis presets: `development` (one validator, Alice) and `local_testnet` (Alice, Bob,
//! Charlie), plus [`local_testnet_genesis`] for local testnets of 1 to 6 validators (the
//! node's `local-N` chains). All endow the well-known development accounts and create two
//! demo reward assets (ids 1 and 2) that the dev accounts hold.
//!
//! The validators are bonded staking validators, each with [`VALIDATOR_SELF_STAKE`] of its
//! own and its development session keys; the seats are as many as the validators, so a
//! newcomer must out-back one of them (or governance adds seats). BABE's and GRANDPA's
//! sets come from the session. Nobody has a root key: root is
//! reached by referendum (see [`crate::governance`]). Live networks get their genesis from
//! `scripts/new-network.sh`, not from a preset.

use crate::{
	AccountId, BabeConfig, Balance, BalancesConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, StakingConfig, BABE_GENESIS_EPOCH_CONFIG, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_staking::StakerStatus;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What every endowed development account holds of the native currency.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;
/// What every endowed development account holds of each demo reward asset.
pub const ASSET_ENDOWMENT: Balance = 1_000_000 * UNIT;
/// The demo reward assets: (id, name, symbol).
pub const DEMO_ASSETS: [(u32, &str, &str); 2] =
	[(1, "Workchain USD", "WUSD"), (2, "Workchain Gold", "WGLD")];

/// What each development validator bonds of its own at genesis.
pub const VALIDATOR_SELF_STAKE: Balance = 100_000 * UNIT;
/// The least a validator bonds (`staking.minValidatorBond`).
pub const MIN_VALIDATOR_BOND: Balance = 1_000 * UNIT;
/// The least a nominator bonds (`staking.minNominatorBond`).
pub const MIN_NOMINATOR_BOND: Balance = 100 * UNIT;
/// At most this many accounts may validate, and this many nominate: each is a storage
/// item the election reads (their bonds pay for it). Every validator candidate must be
/// read by the election, which reads candidates in storage order, not by stake.
pub const MAX_VALIDATOR_COUNT: u32 = crate::configs::MAX_ELECTABLE_TARGETS;
pub const MAX_NOMINATOR_COUNT: u32 = 20_000;

fn testnet_genesis(
	initial_authorities: Vec<(AccountId, BabeId, GrandpaId)>,
	endowed_accounts: Vec<AccountId>,
) -> Value {
	let owner = Sr25519Keyring::Alice.to_account_id();
	let balances = endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		babe: BabeConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		staking: StakingConfig {
			validator_count: initial_authorities.len() as u32,
			minimum_validator_count: 1,
			stakers: initial_authorities
				.iter()
				.map(|x| (x.0.clone(), x.0.clone(), VALIDATOR_SELF_STAKE, StakerStatus::Validator))
				.collect::<Vec<_>>(),
			min_validator_bond: MIN_VALIDATOR_BOND,
			min_nominator_bond: MIN_NOMINATOR_BOND,
			max_validator_count: Some(MAX_VALIDATOR_COUNT),
			max_nominator_count: Some(MAX_NOMINATOR_COUNT),
		},
		session: SessionConfig {
			keys: initial_authorities
				.iter()
				.map(|(account, babe, grandpa)| (
					account.clone(),
					account.clone(),
					SessionKeys { babe: babe.clone(), grandpa: grandpa.clone() }
				))
				.collect::<Vec<_>>(),
		},
		assets: pallet_assets::GenesisConfig {
			assets: DEMO_ASSETS
				.iter()
				.map(|(id, _, _)| (*id, owner.clone(), true, 1u128))
				.collect::<Vec<_>>(),
			metadata: DEMO_ASSETS
				.iter()
				.map(|(id, name, symbol)| (
					*id,
					name.as_bytes().to_vec(),
					symbol.as_bytes().to_vec(),
					12u8
				))
				.collect::<Vec<_>>(),
			accounts: DEMO_ASSETS
				.iter()
				.flat_map(|(id, _, _)| {
					endowed_accounts.iter().cloned().map(move |who| (*id, who, ASSET_ENDOWMENT))
				})
				.collect::<Vec<_>>(),
		},
	})
}

fn authority(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, BabeId, GrandpaId) {
	(sr.to_account_id(), sr.public().into(), ed.public().into())
}

/// The well-known development accounts that the presets endow.
pub fn endowed_accounts() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	[Alice, Bob, Charlie, Dave, Eve, Ferdie].into_iter().map(|k| k.to_account_id()).collect()
}

/// The development validators, in the order local testnets take them.
const VALIDATORS: [(Sr25519Keyring, Ed25519Keyring); 6] = [
	(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
	(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	(Sr25519Keyring::Eve, Ed25519Keyring::Eve),
	(Sr25519Keyring::Ferdie, Ed25519Keyring::Ferdie),
];

/// The most validators a local testnet can have: one per development account.
pub const MAX_LOCAL_VALIDATORS: usize = VALIDATORS.len();

/// A local testnet whose first `validators` development accounts (Alice, Bob, Charlie,
/// Dave, Eve, Ferdie) are its bonded validators; `validators` is clamped to
/// `1..=MAX_LOCAL_VALIDATORS`.
///
/// GRANDPA finalizes with more than two thirds of the voters, so a testnet that keeps
/// finalizing while one validator is down needs at least 4.
pub fn local_testnet_genesis(validators: usize) -> Value {
	let n = validators.clamp(1, MAX_LOCAL_VALIDATORS);
	testnet_genesis(
		VALIDATORS.iter().take(n).map(|(sr, ed)| authority(*sr, *ed)).collect(),
		endowed_accounts(),
	)
}

/// The `local_testnet` preset: three validators (Alice, Bob, Charlie).
pub fn local_config_genesis() -> Value {
	local_testnet_genesis(3)
}

/// The `development` preset: Alice alone validates.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed_accounts(),
	)
}

/// The JSON of the preset named `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).ok()?.into_bytes())
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
