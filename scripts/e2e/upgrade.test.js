// The live upgrade test: a forkless runtime upgrade through a real referendum on a network
// that holds ITOs, holders, work and owed rewards, and that loses nothing.
//
// scripts/upgrade-test.sh starts 2 validators (alice, bob) on the previous release's
// runtime (RUNTIME, spec 201; its pallet-ito at storage version 0), with governance periods
// divided by GOVERNANCE_DIVISOR. Then, as README's "Upgrades" says:
//   1. an ITO with two holders; then, while its work blocks run,
//   2. `preimage.notePreimage(system.setCode(NEW_RUNTIME))`, `referenda.submit` on the root
//      track to be enacted at a chain block after the ITO's steps (`DispatchTime::At`:
//      the referendum is decided while they run, which saves some 4 minutes of waiting
//      one after the other), the decision deposit and five holders' votes;
//   3. a producer's work item, native and asset rewards, a validation, and a closed work
//      block whose rewards are owed; a snapshot at one block, still on the old runtime:
//      every key and value of pallet-ito's storage (but its version), the ITO account's
//      native balance and asset balances, the token's issuance and every holder's token
//      balance, and what ito_account shows a holder is owed;
//   4. the referendum is confirmed and enacted: the network runs the new spec version;
//   5. pallet-ito is at storage version 3 (its migrations ran), the snapshot is the same
//      but for what version 3's layout adds (checked byte for byte, see `asVersion3`),
//      owed rewards are claimed on the new runtime, and both validators go on authoring
//      and finalizing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, send, waitFor, finalizedNumber, bestNumber } from './chain.js';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, xxhashAsHex, blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';

const RPC_BASE = Number(process.env.RPC_BASE || 20080);
const NEW_RUNTIME = process.env.NEW_RUNTIME;
const OLD_SPEC = 201;
const NEW_SPEC = Number(process.env.NEW_SPEC); // the spec_version of runtime/src/lib.rs
const UNIT = 1_000_000_000_000n;
// The ITO's work block, in chain blocks: room for its steps to be finalized one after the
// other within one work block.
const LEN = 20;

const started = Date.now();
function mark(what) {
  console.log(`upgrade-test: +${Math.round((Date.now() - started) / 1000)}s ${what}`);
}

let api;
let provider;
let keyring;

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  [api, provider] = await connect(RPC_BASE);
});

after(async () => {
  if (api) await api.disconnect();
});

const account = (name) => keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);
const specVersion = async () => (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();

const ITO_PREFIX = xxhashAsHex('Ito', 128);
const ITO_VERSION_KEY = ITO_PREFIX + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);

/// pallet-ito's storage version (a little-endian u16 under its prefix; absent is 0).
async function itoStorageVersion() {
  const raw = await provider.send('state_getStorage', [ITO_VERSION_KEY]);
  return raw ? parseInt(raw.slice(2, 4), 16) + 256 * parseInt(raw.slice(4, 6), 16) : 0;
}

/// Every key and value under pallet-ito's prefix but its version, at block `at`.
async function itoStorage(at) {
  const pairs = [];
  let startKey = null;
  for (;;) {
    const keys = await provider.send('state_getKeysPaged', [ITO_PREFIX, 1000, startKey, at]);
    for (const key of keys) {
      if (key === ITO_VERSION_KEY) continue;
      pairs.push([key, await provider.send('state_getStorage', [key, at])]);
    }
    if (keys.length < 1000) return pairs;
    startKey = keys[keys.length - 1];
  }
}

const REWARD_POOLS_PREFIX = ITO_PREFIX + xxhashAsHex('RewardPools', 128).slice(2);
const HOLDERS_PREFIX = ITO_PREFIX + xxhashAsHex('Holders', 128).slice(2);
const ITOS_PREFIX = ITO_PREFIX + xxhashAsHex('Itos', 128).slice(2);

/// A little-endian u128 of hex `h` (32 digits) as a BigInt, and back.
const u128le = (h) => BigInt('0x' + h.match(/../g).reverse().join(''));
const le128 = (n) => n.toString(16).padStart(32, '0').match(/../g).reverse().join('');

const ASSET_GENERATION_PREFIX = ITO_PREFIX + xxhashAsHex('AssetGeneration', 128).slice(2);

/// The reward assets (ids, as hex u32 little-endian) of the pools `asVersion3` translated.
const pooledAssets = new Set();

/// A pallet-ito value of version 1's layout as version 3 stores it (README, "Upgrades"):
/// a holder record gains an empty `remainders` before its 16-byte deposit; each reward
/// pool (its asset, then five 16-byte numbers) gains `generation` (a u32, 0: no asset was
/// destroyed before), `gone` (false) and `accepting` (true); an ITO record gains `quorum`
/// (the default, 20%: 200,000,000 parts per billion), `validation_quorum` (0), `value`
/// (its eligible tokens plus its validation weight, the 16-byte numbers 124 and 28 bytes
/// before its end), `next_proposal` (0) and no open proposals.
function asVersion3([key, value]) {
  if (key.startsWith(ITOS_PREFIX)) {
    const hex = value.slice(2);
    const eligible = u128le(hex.slice(hex.length - 248, hex.length - 216));
    const validation = u128le(hex.slice(hex.length - 56, hex.length - 24));
    return [key, value + '00c2eb0b' + '00000000' + le128(eligible + validation) + '00000000' + '00'];
  }
  if (key.startsWith(HOLDERS_PREFIX)) {
    return [key, value.slice(0, -32) + '00' + value.slice(-32)];
  }
  if (key.startsWith(REWARD_POOLS_PREFIX)) {
    const hex = value.slice(2);
    const count = parseInt(hex.slice(0, 2), 16) >> 2; // a compact length under 64
    let out = '0x' + hex.slice(0, 2);
    let at = 2;
    for (let i = 0; i < count; i++) {
      const assetLen = hex.slice(at, at + 2) === '00' ? 2 : 10;
      if (assetLen === 10) pooledAssets.add(hex.slice(at + 2, at + 10));
      const poolLen = assetLen + 5 * 32;
      out += hex.slice(at, at + poolLen) + '00000000' + '00' + '01';
      at += poolLen;
    }
    assert.equal(at, hex.length, 'a pool list decodes whole');
    return [key, out];
  }
  return [key, value];
}

/// Version 3's storage from version 1's: every value translated, and a new entry counting
/// the destructions of each pool's asset (`AssetGeneration`, Blake2_128Concat of the u32
/// id, value 0), in key order.
function version3Storage(storage) {
  const translated = storage.map(asVersion3);
  const generations = [...pooledAssets].map((idLe) => [
    ASSET_GENERATION_PREFIX + blake2AsHex(hexToU8a('0x' + idLe), 128).slice(2) + idLe,
    '0x00000000',
  ]);
  return [...translated, ...generations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

async function assetBalance(at, id, who) {
  const acc = await at.query.assets.account(id, who);
  return acc.isSome ? acc.unwrap().balance.toString() : '0';
}

/// What an upgrade must leave as it found it (see the file's comment), all read at block
/// `hash`.
async function snapshot(hash, token, itoAccount, holders) {
  const at = await api.at(hash);
  return {
    storage: await itoStorage(hash),
    native: (await at.query.system.account(itoAccount)).data.toJSON(),
    issuance: (await at.query.assets.asset(token)).unwrap().supply.toString(),
    tokens: await Promise.all(holders.map((h) => assetBalance(at, token, h))),
    assetPool: await assetBalance(at, 1, itoAccount),
  };
}

/// What ito_account shows `who` is owed as a holder, per asset (`{"Native": "…"}`), at
/// block `at` (the best when null).
async function owed(id, who, at = null) {
  const view = await provider.send('ito_account', [id, who, at]);
  return Object.fromEntries(view.holder_owed.map(([asset, amount]) => [JSON.stringify(asset), BigInt(amount)]));
}

test('a setCode referendum upgrades a live network with ITOs, and nothing is lost', async () => {
  assert.ok(NEW_RUNTIME, 'NEW_RUNTIME names the runtime to upgrade to');
  assert.ok(NEW_SPEC > OLD_SPEC, `NEW_SPEC (${process.env.NEW_SPEC}) is the new spec version`);
  const code = readFileSync(NEW_RUNTIME);
  await waitFor('finality', 120, async () => (await finalizedNumber(api)) >= 2);
  assert.equal(await specVersion(), OLD_SPEC, 'the network starts on the previous release');
  assert.equal(await itoStorageVersion(), 0);
  mark(`spec ${OLD_SPEC} running; finalized #${await finalizedNumber(api)}`);

  // 1. The ITO: alice creates it; bob and charlie buy. Later (3.) a work block on, dave
  // submits work and adds native, eve adds asset 1, bob validates; a work block later
  // ferdie's purchase settles the closed block.
  const [alice, bob, charlie, dave, eve, ferdie] =
    ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'].map(account);
  const id = (await api.query.ito.nextItoId()).toNumber();
  // Each step is finalized before the next that depends on it: two validators can author
  // competing blocks, and a step in a retracted block would land after the next one (a
  // validation before its work item: `ito.UnknownWorkItem`).
  const final = (tx, who) => send(api, tx, who, { finalized: true });
  const events = await final(api.tx.ito.createIto('Upgraded ITO', 2n * UNIT, UNIT, 1_000n * UNIT, LEN, null, null, false, [1]), alice);
  const created = events.find((e) => api.events.ito.ItoCreated.is(e));
  const token = created.data.token.toNumber();
  const itoAccount = created.data.account.toString();
  const start = (await api.query.ito.itos(id)).unwrap().start.toNumber();
  await Promise.all([
    final(api.tx.ito.buy(id, 100n * UNIT), bob),
    final(api.tx.ito.buy(id, 200n * UNIT), charlie),
  ]);

  // 2. The referendum: alice notes the preimage of system.setCode(new runtime) and submits
  // it on the root track, to be enacted at chain block `enactAt` (or, if it is approved
  // later, the track's minimum enactment period after its approval): after the ITO's last
  // step, ferdie's purchase at the start of work block 2. Bob places the decision deposit;
  // five holders vote aye.
  const enactAt = start + 2 * LEN + 12;
  const setCode = api.tx.system.setCode(u8aToHex(code));
  const bytes = setCode.method.toU8a();
  const hash = blake2AsHex(bytes);
  await send(api, api.tx.preimage.notePreimage(u8aToHex(bytes)), alice);
  const index = (await api.query.referenda.referendumCount()).toNumber();
  await send(api, api.tx.referenda.submit(
    { system: 'Root' },
    { Lookup: { hash, len: bytes.length } },
    { At: enactAt },
  ), alice);
  const submittedAt = await bestNumber(api);
  // Bob places the decision deposit while five others vote (one transaction per account
  // at a time: two from one account would carry the same nonce).
  const votes = [alice, charlie, dave, eve, ferdie].map(async (who) => {
    const free = (await api.query.system.account(who.address)).data.free.toBigInt();
    const vote = { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: free / 10n * 9n } };
    return send(api, api.tx.convictionVoting.vote(index, vote), who);
  });
  const results = await Promise.allSettled([
    send(api, api.tx.referenda.placeDecisionDeposit(index), bob),
    ...votes,
  ]);
  for (const r of results) assert.equal(r.status, 'fulfilled', String(r.reason));
  mark(`referendum ${index} (setCode, ${code.length} bytes) submitted at #${submittedAt} and voted for, to be enacted at #${enactAt}`);

  // 3. The ITO's work and rewards while the referendum runs, then the snapshot.
  await waitFor('work block 1', 240, async () => (await bestNumber(api)) >= start + LEN);
  await final(api.tx.ito.submitWork(id, '0x' + '11'.repeat(32), 'ipfs://upgrade', null), dave);
  await Promise.all([
    final(api.tx.ito.addReward(id, 'Native', 60n * UNIT), dave),
    final(api.tx.ito.addReward(id, { Asset: 1 }, 30n * UNIT), eve),
    final(api.tx.ito.validate(id, 0, 5n * UNIT), bob),
  ]);
  await waitFor('work block 2', 240, async () => (await bestNumber(api)) >= start + 2 * LEN);
  // The snapshot's block: the finalized block of ferdie's purchase, which must still run
  // the old code (enactment at `enactAt` left room for all of the above). Nothing changes
  // pallet-ito's storage after it: it has no block hooks, and no call of it is sent until
  // the upgrade.
  const snapshotHash = (await final(api.tx.ito.buy(id, 2n * UNIT), ferdie)).blockHash;
  assert.equal((await api.rpc.state.getRuntimeVersion(snapshotHash)).specVersion.toNumber(), OLD_SPEC,
    `the ITO's steps were done before the upgrade (enacted at #${enactAt})`);
  const holders = [bob, charlie, ferdie].map((a) => a.address);
  const snapshotBefore = await snapshot(snapshotHash, token, itoAccount, holders);
  const owedBefore = await owed(id, charlie.address, snapshotHash);
  assert.ok(Object.values(owedBefore).some((amount) => amount > 0n), String(Object.values(owedBefore)));
  mark(`ITO ${id}: ${snapshotBefore.storage.length} storage entries, rewards owed`);

  // 4. Confirmed, enacted: the network runs the new runtime.
  await waitFor('the new runtime', 900, async () => (await specVersion()) > OLD_SPEC, 2_000);
  const upgradedAt = await bestNumber(api);
  // It is the runtime built from this tree: its spec version, and its very code.
  assert.equal(await specVersion(), NEW_SPEC);
  assert.equal(await provider.send('state_getStorageHash', ['0x3a636f6465']), blake2AsHex(code, 256));
  // The referendum was approved before (read with the old runtime's metadata, at the block
  // before the new runtime's first).
  const before = await api.at(await api.rpc.chain.getBlockHash(upgradedAt - 1));
  const info = await before.query.referenda.referendumInfoFor(index);
  assert.ok(info.isSome && info.unwrap().isApproved, info.toString());
  mark(`spec ${await specVersion()} from #${upgradedAt}, ${upgradedAt - submittedAt} blocks after the submission`);

  // 5. Nothing lost: pallet-ito migrated to version 3 (the first block that runs the new
  // code runs its migrations: the block after setCode's), every record and balance as
  // before, in version 3's layout.
  await waitFor('the migration', 60, async () => (await itoStorageVersion()) === 3);
  mark(`pallet-ito at storage version 3 from #${await bestNumber(api)}`);
  const after = await snapshot((await api.rpc.chain.getHeader()).hash.toHex(), token, itoAccount, holders);
  const expected = { ...snapshotBefore, storage: version3Storage(snapshotBefore.storage) };
  assert.ok(pooledAssets.size > 0, 'a reward asset pool');
  assert.ok(snapshotBefore.storage.some(([k]) => k.startsWith(HOLDERS_PREFIX)), 'holders');
  assert.ok(snapshotBefore.storage.some(([k]) => k.startsWith(REWARD_POOLS_PREFIX)), 'pools');
  assert.ok(snapshotBefore.storage.some(([k]) => k.startsWith(ITOS_PREFIX)), 'ITOs');
  assert.deepEqual(after.storage, expected.storage, 'pallet-ito storage');
  assert.deepEqual(after, expected);
  // What charlie was owed is still owed (work blocks closed since, so it may only have
  // grown), and the new runtime pays exactly what its view shows.
  const owedAfter = await owed(id, charlie.address);
  for (const [asset, amount] of Object.entries(owedBefore)) {
    assert.ok(owedAfter[asset] >= amount, `${asset}: ${owedAfter[asset]} < ${amount}`);
  }
  const claimed = await send(api, api.tx.ito.claim(id, charlie.address), dave);
  const paid = claimed.filter((e) => api.events.ito.Claimed.is(e));
  assert.ok(paid.length > 0, 'a claim on the new runtime');
  for (const e of paid) {
    const a = e.data.asset;
    const asset = JSON.stringify(a.isNative ? 'Native' : { Asset: a.asAsset.toNumber() });
    assert.equal(e.data.amount.toBigInt(), owedAfter[asset], asset);
  }
  assert.ok(Object.values(await owed(id, charlie.address)).every((amount) => amount === 0n));
  // Both validators go on authoring and finalizing on the new runtime.
  await waitFor('finality past the upgrade', 180, async () =>
    (await finalizedNumber(api)) >= upgradedAt + 3);
  mark(`finalized #${await finalizedNumber(api)} on spec ${await specVersion()}`);
});
