// The join test: on a local network of 3 genesis validators (alice, bob, charlie) with
// 10-block sessions, a 4th node (dave, started by `scripts/testnet.sh join dave` with no
// development keys) becomes a validator through the README's "Run a validator" steps,
// driven by @polkadot/api:
//   1. author_rotateKeysWithOwner on its own node, 2. session.setKeys(keys, proof),
//   3. collatorSelection.registerAsCandidate().
// It must appear in session.validators within 2 sessions, author blocks, and a GRANDPA
// set that includes it must be finalized. Then bob is killed and finality goes on with
// 3 of 4 (so dave votes); bob restarts. Then dave leaves (leaveIntent, purgeKeys) and the
// set shrinks back to 3, still finalizing.
//
// Run by scripts/join-test.sh, which starts the network; it passes TESTNET (the path of
// scripts/testnet.sh, used to kill and restart bob) and RPC_BASE (alice's RPC port).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect as connectWithProvider, send } from './chain.js';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';

const TESTNET = process.env.TESTNET;
const RPC_BASE = Number(process.env.RPC_BASE || 19980);
const SESSION_LENGTH = Number(process.env.SESSION_LENGTH || 10);
const PORT = { alice: RPC_BASE, bob: RPC_BASE + 1, charlie: RPC_BASE + 2, dave: RPC_BASE + 3 };

const started = Date.now();
const timings = [];
function mark(what) {
  const s = Math.round((Date.now() - started) / 1000);
  timings.push([what, s]);
  console.log(`join-test: +${s}s ${what}`);
}

let alice; // API on alice's node (a genesis validator that stays up)
let daveNode; // API on the newcomer's own node
let daveRpc; // its provider, for the author_* RPC methods @polkadot/api does not decorate
let dave; // the newcomer's account (the dev account //Dave: endowed, not a validator)
let eve;

async function connect(port) {
  return (await connectWithProvider(port))[0];
}

async function waitFor(what, timeoutSeconds, check) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutSeconds}s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

async function validators() {
  return (await alice.query.session.validators()).map(String);
}

async function sessionIndex() {
  return (await alice.query.session.currentIndex()).toNumber();
}

/// GRANDPA's authorities in the state of the finalized block.
async function finalizedGrandpaKeys() {
  const at = await alice.at(await alice.rpc.chain.getFinalizedHead());
  return (await at.query.grandpa.authorities()).map(([key]) => key.toHex());
}

/// Finality moves `blocks` past where it is now, within `timeoutSeconds`.
async function finalityAdvances(what, blocks, timeoutSeconds) {
  const from = await finalizedNumber(alice);
  const to = await waitFor(what, timeoutSeconds, async () => {
    const n = await finalizedNumber(alice);
    return n >= from + blocks ? n : 0;
  });
  mark(`${what}: finalized #${from} -> #${to}`);
}

function testnet(...args) {
  execFileSync(TESTNET, args, { stdio: 'inherit' });
}

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  dave = keyring.addFromUri('//Dave');
  eve = keyring.addFromUri('//Eve');
  alice = await connect(PORT.alice);
  [daveNode, daveRpc] = await connectWithProvider(PORT.dave);
});

after(async () => {
  await alice?.disconnect();
  await daveNode?.disconnect();
  console.log('join-test: timings (seconds since the test started)');
  for (const [what, s] of timings) console.log(`  ${String(s).padStart(4)}  ${what}`);
});

test('a newcomer joins by the README steps, votes, survives a crash of another, and leaves', async () => {
  assert.equal(alice.tx.sudo, undefined, 'the runtime has no sudo');
  assert.deepEqual((await validators()).length, 3);
  await waitFor('the genesis validators finalize', 120, async () => (await finalizedNumber(alice)) >= 2);
  await waitFor('the newcomer syncs', 120, async () =>
    (await bestNumber(daveNode)) >= (await finalizedNumber(alice)));
  mark('network up, newcomer synced');

  // 1. Keys, generated in the newcomer's own keystore, with a proof that dave owns them.
  const owner = u8aToHex(decodeAddress(dave.address));
  const { keys, proof } = await daveRpc.send('author_rotateKeysWithOwner', [owner]);
  assert.equal(await daveRpc.send('author_hasSessionKeys', [keys]), true);
  const grandpaKey = u8aToHex(hexToU8a(keys).slice(32, 64));

  // Nobody else can register dave's keys: the proof is for dave's account only.
  await assert.rejects(send(alice, alice.tx.session.setKeys(keys, proof), eve), /session\.InvalidProof/);

  // 2. session.setKeys, 3. collatorSelection.registerAsCandidate.
  await send(alice, alice.tx.session.setKeys(keys, proof), dave);
  await send(alice, alice.tx.collatorSelection.registerAsCandidate(), dave);
  const registeredIn = await sessionIndex();
  mark(`dave registered as a candidate in session ${registeredIn}`);

  // In session.validators within 2 sessions.
  await waitFor('dave in session.validators', 5 * SESSION_LENGTH * 6, async () =>
    (await validators()).includes(dave.address));
  const joinedIn = await sessionIndex();
  mark(`dave in session.validators in session ${joinedIn}`);
  assert.ok(joinedIn - registeredIn <= 2, `joined ${joinedIn - registeredIn} sessions after registering`);

  // It authors blocks.
  const authored = await waitFor('dave authors a block', 120, async () => {
    const header = await alice.derive.chain.getHeader(await alice.rpc.chain.getBlockHash());
    return header?.author?.toString() === dave.address ? header.number.toNumber() : 0;
  });
  mark(`dave authored block #${authored}`);

  // A GRANDPA set that includes it is finalized, and finality goes on in that set.
  await waitFor('a finalized GRANDPA set with dave', 180, async () =>
    (await finalizedGrandpaKeys()).includes(grandpaKey));
  assert.equal((await finalizedGrandpaKeys()).length, 4);
  mark('GRANDPA set with dave finalized');
  await finalityAdvances('finality in the set of 4', 3, 120);

  // A genesis validator crashes: 3 of 4 voters (alice, charlie, dave) still finalize.
  testnet('kill', 'bob');
  mark('bob killed');
  await finalityAdvances('finality with bob down', 5, 180);
  testnet('restart', 'bob');
  const bob = await connect(PORT.bob);
  await waitFor('bob catches up', 180, async () =>
    (await bestNumber(bob)) >= (await finalizedNumber(alice)));
  await bob.disconnect();
  mark('bob restarted and synced');

  // Dave leaves: the set shrinks back to the three genesis validators, which finalize.
  await send(alice, alice.tx.collatorSelection.leaveIntent(), dave);
  const leftIn = await sessionIndex();
  mark(`dave left in session ${leftIn}`);
  await waitFor('dave out of session.validators', 5 * SESSION_LENGTH * 6, async () =>
    !(await validators()).includes(dave.address));
  mark(`dave out of session.validators in session ${await sessionIndex()}`);
  assert.deepEqual((await validators()).length, 3);
  await waitFor('a finalized GRANDPA set without dave', 180, async () =>
    !(await finalizedGrandpaKeys()).includes(grandpaKey));
  assert.equal((await finalizedGrandpaKeys()).length, 3);
  await send(alice, alice.tx.session.purgeKeys(), dave);
  assert.ok((await alice.query.session.nextKeys(dave.address)).isNone);
  await finalityAdvances('finality in the set of 3 again', 3, 120);
});
