//! Genesis presets: `development` (one validator, Alice) and `local_testnet` (Alice, Bob,
//! Charlie), plus [`local_testnet_genesis`] for local testnets of 1 to 6 validators (the
//! node's `local-N` chains). All endow the well-known development accounts and create two
//! demo reward assets (ids 1 and 2) that the dev accounts hold.
//!
//! The validators are collator selection's invulnerables, with their development session
//! keys; Aura's and GRANDPA's sets come from the session. Nobody has a root key: root is
//! reached by referendum (see [`crate::governance`]). Live networks get their genesis from
//! `scripts/new-network.sh`, not from a preset.

use crate::{
	configs::MaxCandidates, AccountId, Balance, BalancesConfig, CollatorSelection,
	CollatorSelectionConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, EXISTENTIAL_DEPOSIT,
	UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use frame_support::traits::Get;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
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

/// What becoming a validator candidate reserves, in the development presets.
pub const CANDIDACY_BOND: Balance = 1_000 * UNIT;

fn testnet_genesis(
	initial_authorities: Vec<(AccountId, AuraId, GrandpaId)>,
	endowed_accounts: Vec<AccountId>,
) -> Value {
	let owner = Sr25519Keyring::Alice.to_account_id();
	let mut balances = endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>();
	// The pot that pays block authors exists from genesis, so that fees below the
	// existential deposit reach it too.
	balances.push((CollatorSelection::account_id(), EXISTENTIAL_DEPOSIT));
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		collator_selection: CollatorSelectionConfig {
			invulnerables: initial_authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
			candidacy_bond: CANDIDACY_BOND,
			desired_candidates: <MaxCandidates as Get<u32>>::get(),
		},
		session: SessionConfig {
			keys: initial_authorities
				.iter()
				.map(|(account, aura, grandpa)| (
					account.clone(),
					account.clone(),
					SessionKeys { aura: aura.clone(), grandpa: grandpa.clone() }
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

fn authority(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, AuraId, GrandpaId) {
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
/// Dave, Eve, Ferdie) are its Aura and GRANDPA authorities; `validators` is clamped to
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
