// The join test: on a local network of 3 genesis validators (alice, bob, charlie) with
// short eras (scripts/join-test.sh: 10-slot sessions, 1 session per era, 2 eras of
// unbonding, 4 seats), a 4th node (dave, started by `scripts/testnet.sh join dave` with
// no development keys) becomes a validator through the README's "Run a validator" steps,
// driven by @polkadot/api, from dave's own account:
//   1. staking.bond(20,000 WORK, Staked),
//   2. author_rotateKeysWithOwner on its own node, session.setKeys(keys, proof),
//   3. staking.validate({commission: 0, blocked: false}),
// while eve bonds and nominates dave. Dave must be elected at the next era (with eve's
// stake in its exposure), author blocks, and a GRANDPA set that includes it must be
// finalized. Then bob is killed and finality goes on with 3 of 4 (so dave votes); bob
// restarts. Then dave leaves: staking.chill() (out of the set at the next era),
// staking.unbond(all); its funds stay held until the bonding duration has passed, and
// staking.withdrawUnbonded frees them. The set of 3 goes on finalizing.
//
// Run by scripts/join-test.sh, which starts the network; it passes TESTNET (the path of
// scripts/testnet.sh, used to kill and restart bob), RPC_BASE (alice's RPC port) and the
// chain's parameters (SESSION_LENGTH, SESSIONS_PER_ERA, BONDING_DURATION, SEATS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  connect as connectWithProvider, send, waitFor, finalizedNumber, bestNumber,
} from './chain.js';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';

const TESTNET = process.env.TESTNET;
const RPC_BASE = Number(process.env.RPC_BASE || 19980);
const SESSION_LENGTH = Number(process.env.SESSION_LENGTH || 10); // slots of 6 s
const SESSIONS_PER_ERA = Number(process.env.SESSIONS_PER_ERA || 1);
const BONDING_DURATION = Number(process.env.BONDING_DURATION || 2);
const SEATS = Number(process.env.SEATS || 4);
const PORT = { alice: RPC_BASE, bob: RPC_BASE + 1, charlie: RPC_BASE + 2, dave: RPC_BASE + 3 };
const SESSION_SECONDS = SESSION_LENGTH * 6;
const ERA_SECONDS = SESSION_SECONDS * SESSIONS_PER_ERA;

const UNIT = 10n ** 12n;
const DAVE_BOND = 20_000n * UNIT; // dave's self-stake
const EVE_BOND = 10_000n * UNIT; // eve's nomination

// twox_128(":Name:"): the raw storage keys of the runtime's parameters (scripts/testnet.sh).
const PARAMETER_KEYS = {
  SessionLength: ['0x783270be59b0ce1db793a4e469870e12', SESSION_LENGTH],
  SessionsPerEra: ['0xa779f0cd0cdde2961331fd80565829d8', SESSIONS_PER_ERA],
  BondingDuration: ['0x13083f6a1baf2640d4e119a8b0b68821', BONDING_DURATION],
};

const started = Date.now();
const timings = [];
function mark(what) {
  const s = Math.round((Date.now() - started) / 1000);
  timings.push([what, s]);
  console.log(`join-test: +${s}s ${what}`);
}

let alice; // API on alice's node (a genesis validator that stays up)
let aliceRpc; // its provider, for raw storage reads
let daveNode; // API on the newcomer's own node
let daveRpc; // its provider, for the author_* RPC methods @polkadot/api does not decorate
let dave; // the newcomer's account (the dev account //Dave: endowed, not a validator)
let eve; // a nominator (the dev account //Eve)

async function connect(port) {
  return (await connectWithProvider(port))[0];
}

async function validators() {
  return (await alice.query.session.validators()).map(String);
}

async function sessionIndex() {
  return (await alice.query.session.currentIndex()).toNumber();
}

/// The era being elected or the last elected (staking.currentEra).
async function currentEra() {
  return (await alice.query.staking.currentEra()).unwrap().toNumber();
}

/// The era whose validators are the session's (staking.activeEra).
async function activeEra() {
  return (await alice.query.staking.activeEra()).unwrap().index.toNumber();
}

/// The stashes that declared the intent to validate (staking.validate, not chilled).
async function stakingValidators() {
  return (await alice.query.staking.validators.keys()).map((k) => k.args[0].toString());
}

/// The staking ledger of `who` (stash = controller), or null once it is gone.
async function ledger(who) {
  const l = await alice.query.staking.ledger(who.address);
  return l.isSome ? l.unwrap() : null;
}

/// What the Staking hold reason holds of `who` (0n if nothing).
async function stakingHold(who) {
  const holds = await alice.query.balances.holds(who.address);
  const reason = (h) => {
    const id = h.id.toJSON(); // e.g. {staking: 'Staking'}: the pallet, then its reason
    return String(typeof id === 'object' ? Object.keys(id)[0] : id).toLowerCase();
  };
  return holds
    .filter((h) => reason(h) === 'staking')
    .reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
}

async function reserved(who) {
  return (await alice.query.system.account(who.address)).data.reserved.toBigInt();
}

/// A runtime parameter (SCALE u32) from its raw storage key; null if not set.
async function parameter(key) {
  const raw = await aliceRpc.send('state_getStorage', [key]);
  return raw ? Buffer.from(raw.slice(2), 'hex').readUInt32LE(0) : null;
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
  [alice, aliceRpc] = await connectWithProvider(PORT.alice);
  [daveNode, daveRpc] = await connectWithProvider(PORT.dave);
});

after(async () => {
  await alice?.disconnect();
  await daveNode?.disconnect();
  console.log('join-test: timings (seconds since the test started)');
  for (const [what, s] of timings) console.log(`  ${String(s).padStart(4)}  ${what}`);
});

test('a newcomer joins by the README steps, votes, survives a crash of another, and leaves', async () => {
  // Each step is finalized before the state it changed is read: four BABE validators on a
  // loaded machine author competing blocks, and a read of the best block right after a
  // step's inclusion once met a fork without it (dave's ledger was null).
  const final = (tx, who) => send(alice, tx, who, { finalized: true });
  assert.equal(alice.tx.sudo, undefined, 'the runtime has no sudo');
  assert.equal(alice.tx.collatorSelection, undefined, 'the runtime has no collator selection');
  assert.deepEqual((await validators()).length, 3);
  // The chain's parameters are the ones scripts/testnet.sh wrote into the genesis.
  for (const [name, [key, value]] of Object.entries(PARAMETER_KEYS)) {
    assert.equal(await parameter(key), value, `the runtime parameter ${name}`);
  }
  assert.equal((await alice.query.staking.validatorCount()).toNumber(), SEATS);
  await waitFor('the genesis validators finalize', 120, async () => (await finalizedNumber(alice)) >= 2);
  await waitFor('the newcomer syncs', 120, async () =>
    (await bestNumber(daveNode)) >= (await finalizedNumber(alice)));
  mark('network up, newcomer synced');

  // 2. (first, as it needs no transaction) Keys, generated in the newcomer's own keystore,
  //    with a proof that dave owns them: babe (sr25519) ++ grandpa (ed25519).
  const owner = u8aToHex(decodeAddress(dave.address));
  const { keys, proof } = await daveRpc.send('author_rotateKeysWithOwner', [owner]);
  assert.equal(hexToU8a(keys).length, 64, 'session keys are babe ++ grandpa');
  assert.equal(await daveRpc.send('author_hasSessionKeys', [keys]), true);
  const grandpaKey = u8aToHex(hexToU8a(keys).slice(32, 64));

  // Nobody else can register dave's keys: the proof is for dave's account only.
  await assert.rejects(send(alice, alice.tx.session.setKeys(keys, proof), eve), /session\.InvalidProof/);

  // 1. Dave bonds its self-stake, 2. registers its keys and 3. declares the intent to
  // validate; eve bonds and nominates dave. Each account's steps in order (consecutive
  // nonces, eve's after its rejected setKeys above), all sent at once and finalized.
  const nonce = async (who) => (await alice.rpc.system.accountNextIndex(who.address)).toNumber();
  const [daveNonce, eveNonce] = [await nonce(dave), await nonce(eve)];
  await Promise.all([
    ...[
      alice.tx.staking.bond(DAVE_BOND, 'Staked'),
      alice.tx.session.setKeys(keys, proof),
      alice.tx.staking.validate({ commission: 0, blocked: false }),
    ].map((tx, i) => send(alice, tx, dave, { finalized: true, nonce: daveNonce + i })),
    ...[
      alice.tx.staking.bond(EVE_BOND, 'Staked'),
      alice.tx.staking.nominate([dave.address]),
    ].map((tx, i) => send(alice, tx, eve, { finalized: true, nonce: eveNonce + i })),
  ]);
  assert.equal((await ledger(dave)).active.toBigInt(), DAVE_BOND);
  assert.equal(await stakingHold(dave), DAVE_BOND, 'the bond is held (reason Staking)');
  assert.ok((await stakingValidators()).includes(dave.address));
  const registeredIn = await sessionIndex();
  // Every intent above is in a block of this era (or an earlier one): the election of
  // the next era counts dave as a candidate and eve's stake behind it.
  const registeredEra = await currentEra();
  mark(`dave bonded, keys set, validating; eve nominates dave (session ${registeredIn}, era ${registeredEra})`);

  // Elected at the next era: in session.validators once that era is active.
  const electedEra = registeredEra + 1;
  await waitFor('dave elected and in session.validators', 3 * ERA_SECONDS + 60, async () =>
    (await activeEra()) >= electedEra && (await validators()).includes(dave.address));
  const joinedIn = await sessionIndex();
  mark(`dave in session.validators in session ${joinedIn} (active era ${await activeEra()})`);
  assert.ok(joinedIn - registeredIn <= 3 * SESSIONS_PER_ERA,
    `joined ${joinedIn - registeredIn} sessions after registering`);
  assert.equal((await validators()).length, 4);
  // Its exposure in the era it validates in: its own stake and eve's. (The next era's
  // election may have run before both intents were in; then it is the one after.)
  const inEra = await activeEra();
  assert.ok(inEra <= electedEra + 1, `elected in era ${inEra}, registered in ${registeredEra}`);
  const overview = await alice.query.staking.erasStakersOverview(inEra, dave.address);
  assert.ok(overview.isSome, `no exposure of dave in era ${inEra}`);
  const exposure = overview.unwrap();
  assert.equal(exposure.own.toBigInt(), DAVE_BOND);
  assert.ok(exposure.total.toBigInt() > exposure.own.toBigInt(),
    `eve's nomination backs dave: total ${exposure.total}, own ${exposure.own}`);
  assert.equal(exposure.total.toBigInt(), DAVE_BOND + EVE_BOND);
  assert.equal(exposure.nominatorCount.toNumber(), 1);
  mark(`dave's exposure in era ${inEra}: ${exposure.own.toBigInt() / UNIT} WORK own, ${exposure.total.toBigInt() / UNIT} WORK total`);

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

  // Dave leaves: it chills (out of the set at the next era) and unbonds all of its stake.
  await final(alice.tx.staking.chill(), dave);
  assert.ok(!(await stakingValidators()).includes(dave.address));
  const leftIn = await sessionIndex();
  mark(`dave chilled in session ${leftIn} (era ${await currentEra()})`);
  const bonded = (await ledger(dave)).total.toBigInt();
  const eraBeforeUnbond = await currentEra();
  await final(alice.tx.staking.unbond(bonded), dave);
  const eraAfterUnbond = await currentEra();
  const unbonding = await ledger(dave);
  assert.equal(unbonding.active.toBigInt(), 0n);
  assert.equal(unbonding.total.toBigInt(), bonded);
  assert.equal(unbonding.unlocking.length, 1);
  const chunk = unbonding.unlocking[0];
  const unlockEra = chunk.era.toNumber();
  assert.equal(chunk.value.toBigInt(), bonded);
  // The chunk unlocks BondingDuration eras after the era current at the unbond.
  assert.ok(unlockEra >= eraBeforeUnbond + BONDING_DURATION && unlockEra <= eraAfterUnbond + BONDING_DURATION,
    `unlocks in era ${unlockEra}, unbonded in era ${eraBeforeUnbond}..${eraAfterUnbond}`);
  mark(`dave unbonded ${bonded / UNIT} WORK in era ${eraAfterUnbond}, unlocking in era ${unlockEra}`);

  // Before that era, withdrawing frees nothing: the funds stay held (on any fork, so its
  // inclusion is enough).
  await send(alice, alice.tx.staking.withdrawUnbonded(0), dave);
  assert.ok((await currentEra()) < unlockEra, 'the early withdrawal came before the unlock era');
  assert.equal((await ledger(dave)).total.toBigInt(), bonded, 'an early withdrawal frees nothing');
  assert.equal(await stakingHold(dave), bonded, 'the unbonding funds stay held');
  const reservedHeld = await reserved(dave);
  assert.ok(reservedHeld >= bonded, 'holds count as reserved');

  // Out of the set at the next era: the set shrinks back to the three genesis validators.
  await waitFor('dave out of session.validators', 3 * ERA_SECONDS + 60, async () =>
    !(await validators()).includes(dave.address));
  mark(`dave out of session.validators in session ${await sessionIndex()}`);
  assert.deepEqual((await validators()).length, 3);
  await waitFor('a finalized GRANDPA set without dave', 180, async () =>
    !(await finalizedGrandpaKeys()).includes(grandpaKey));
  assert.equal((await finalizedGrandpaKeys()).length, 3);
  mark('GRANDPA set without dave finalized');

  // Once the unlock era is active, withdrawing frees the funds: the ledger is gone (or
  // empty) and nothing is held for staking any more.
  await waitFor(`active era ${unlockEra}`, (unlockEra - (await activeEra()) + 1) * ERA_SECONDS + 60,
    async () => (await activeEra()) >= unlockEra);
  mark(`active era ${unlockEra}`);
  await final(alice.tx.staking.withdrawUnbonded(0), dave);
  const left = await ledger(dave);
  assert.ok(left === null || left.total.toBigInt() === 0n, `the ledger still holds ${left?.total}`);
  assert.equal(await stakingHold(dave), 0n, 'nothing held for staking');
  assert.equal(reservedHeld - (await reserved(dave)), bonded, 'the bond is no longer reserved');
  mark('dave withdrew its stake');
  await final(alice.tx.session.purgeKeys(), dave);
  assert.ok((await alice.query.session.nextKeys(dave.address)).isNone);
  assert.equal((await alice.query.balances.holds(dave.address)).length, 0, 'no hold left on dave');
  await finalityAdvances('finality in the set of 3 again', 3, 120);
});
