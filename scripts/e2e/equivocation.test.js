// The equivocation test: on a local network of 4 genesis validators (alice, bob, charlie,
// dave; 100,000 WORK self-stake each, 4 seats) with short eras (scripts/equivocation-test.sh:
// 10-slot sessions, 1 session per era, 2 eras of unbonding, so a slash is deferred by 1
// era), a second node with alice's keys is started (`scripts/testnet.sh twin alice`), as an
// operator who runs a copy of its keystore on a second machine. Both nodes author in
// alice's BABE slots (two blocks for one slot) and cast alice's GRANDPA votes (two votes in
// one round): alice equivocates. The honest nodes must report it:
//   1. an offence is recorded (offences.Offence, kind `babe:equivocatio` or
//      `grandpa:equivoca`) and staking reports alice's slash (staking.SlashReported),
//   2. alice is disabled for the rest of the era (session.disabledValidators),
//   3. once the twin is stopped, finality goes on (bob, charlie and dave are 3 of 4 voters),
//   4. the deferred slash is applied an era later: alice's staking hold falls
//      (staking.Slashed).
// Whether alice stays a validator candidate (staking.validators) is only logged: this
// pallet-staking does not chill a slashed validator.
//
// Events are read from every finalized block, walked by number from the last one read
// (finalized blocks cannot be reorganized away, and the twin makes forks of the best
// chain), on bob's node, an honest peer.
//
// Run by scripts/equivocation-test.sh, which starts the network; it passes TESTNET (the
// path of scripts/testnet.sh, used to start and stop the twin), RPC_BASE (alice's RPC
// port) and the chain's parameters (SESSION_LENGTH, SESSIONS_PER_ERA, BONDING_DURATION).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect, waitFor as poll, finalizedNumber as finalizedOn, bestNumber } from './chain.js';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aToString } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const TESTNET = process.env.TESTNET;
const RPC_BASE = Number(process.env.RPC_BASE || 20010);
const SESSION_LENGTH = Number(process.env.SESSION_LENGTH || 10); // slots of 6 s
const SESSIONS_PER_ERA = Number(process.env.SESSIONS_PER_ERA || 1);
const BONDING_DURATION = Number(process.env.BONDING_DURATION || 2);
const TWIN_OFFSET = 10; // scripts/testnet.sh: a twin's ports are its validator's + 10
const PORT = { alice: RPC_BASE, bob: RPC_BASE + 1, aliceTwin: RPC_BASE + TWIN_OFFSET };
const ERA_SECONDS = SESSION_LENGTH * SESSIONS_PER_ERA * 6;
const SLASH_DEFER = BONDING_DURATION - 1; // the runtime's SlashDeferDuration
const EQUIVOCATE = process.env.EQUIVOCATE || 'any'; // 'babe': the twin does not vote

const started = Date.now();
const timings = [];
function mark(what) {
  const s = Math.round((Date.now() - started) / 1000);
  timings.push([what, s]);
  console.log(`equivocation-test: +${s}s ${what}`);
}
function log(what) {
  console.log(`equivocation-test: ${what}`);
}

let api; // API on bob's node, an honest peer of alice
let twinApi; // API on the twin (only to check it holds alice's keys and syncs)
let twinRpc; // its provider, for author_hasKey
let alice; // the dev account //Alice: the stash of the validator that equivocates
let aliceHex; // its public key, to compare accounts whatever their SS58 format
let twinRunning = false;

function testnet(...args) {
  execFileSync(TESTNET, args, { stdio: 'inherit' });
}

/// chain.js's waitFor, every 2 s.
function waitFor(what, timeoutSeconds, check) {
  return poll(what, timeoutSeconds, check, 2_000);
}

/// The finalized number on bob's node (`api`) unless another is given.
function finalizedNumber(on = api) {
  return finalizedOn(on);
}

const isAlice = (account) => u8aToHex(account.toU8a()) === aliceHex;

/// The active era (the era whose validators are the session's) in the state of `at`.
async function activeEraAt(at) {
  const era = await at.query.staking.activeEra();
  return era.isSome ? era.unwrap().index.toNumber() : -1;
}

/// Alice's index in session.validators in the state of `at` (-1 if not a validator).
async function aliceIndexAt(at) {
  return (await at.query.session.validators()).findIndex(isAlice);
}

/// The indices in session.disabledValidators: a Vec<(u32, OffenceSeverity)> in this
/// pallet-session (older ones: a Vec<u32>).
async function disabledAt(at) {
  const list = (await at.query.session.disabledValidators()).toJSON();
  return list.map((entry) => (Array.isArray(entry) ? Number(entry[0]) : Number(entry)));
}

/// What the Staking hold reason holds of alice (0n if nothing), and the holds' JSON.
async function stakingHold() {
  const holds = await api.query.balances.holds(alice.address);
  const reason = (h) => {
    const id = h.id.toJSON(); // e.g. {staking: 'Staking'}: the pallet, then its reason
    return String(typeof id === 'object' ? Object.keys(id)[0] : id).toLowerCase();
  };
  const held = holds
    .filter((h) => reason(h) === 'staking')
    .reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
  return [held, JSON.stringify(holds.toJSON())];
}

/// Alice's bonded total in her staking ledger (0n without a ledger).
async function ledgerTotal() {
  const ledger = await api.query.staking.ledger(alice.address);
  return ledger.isSome ? ledger.unwrap().total.toBigInt() : 0n;
}

/// A balance in WORK (12 decimals), to 4 decimals.
const work = (planck) => `${Number(planck / 10n ** 8n) / 10_000} WORK`;

// What the walk over the finalized blocks has seen since the twin started.
const seen = {
  offences: [], // {number, kind, timeslot}
  reports: [], // staking.SlashReported of alice: {number, fraction, slashEra, era}
  disabledEvents: [], // session.ValidatorDisabled of alice: {number}
  disabled: [], // blocks whose state has alice in session.disabledValidators: {number, era}
  slashes: [], // staking.Slashed of alice: {number, amount}
};
let lastScanned = 0; // the last finalized block number read

/// Read the events (and alice's disabled state) of every finalized block after the last
/// one read, in order: no block is skipped.
async function scan() {
  const finalized = await finalizedNumber();
  for (let n = lastScanned + 1; n <= finalized; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const at = await api.at(hash);
    const events = await at.query.system.events();
    const era = await activeEraAt(at);
    for (const { event } of events) {
      if (api.events.offences.Offence.is(event)) {
        const kind = u8aToString(event.data[0].toU8a()).replace(/\0+$/, '');
        seen.offences.push({ number: n, kind, timeslot: event.data[1].toHex() });
        log(`#${n}: offences.Offence kind '${kind}' timeslot ${event.data[1].toHex()}`);
      } else if (api.events.staking.SlashReported.is(event) && isAlice(event.data[0])) {
        const fraction = event.data[1].toNumber() / 1e9; // Perbill
        const slashEra = event.data[2].toNumber();
        seen.reports.push({ number: n, fraction, slashEra, era });
        log(`#${n}: staking.SlashReported alice, fraction ${fraction}, slash era ${slashEra}, active era ${era}`);
      } else if (api.events.session.ValidatorDisabled?.is(event) && isAlice(event.data[0])) {
        seen.disabledEvents.push({ number: n });
        log(`#${n}: session.ValidatorDisabled alice`);
      } else if (api.events.staking.Slashed.is(event) && isAlice(event.data[0])) {
        const amount = event.data[1].toBigInt();
        seen.slashes.push({ number: n, amount });
        log(`#${n}: staking.Slashed alice ${work(amount)}`);
      }
    }
    const index = await aliceIndexAt(at);
    if (index >= 0 && (await disabledAt(at)).includes(index)) {
      if (!seen.disabled.some((d) => d.era === era)) log(`#${n}: alice (index ${index}) disabled in era ${era}`);
      seen.disabled.push({ number: n, era });
    }
    lastScanned = n;
  }
}

/// A report of alice followed, in its block or a later one of the same era, by alice in
/// session.disabledValidators.
function disabledAfterReport() {
  for (const r of seen.reports) {
    const d = seen.disabled.find((d) => d.number >= r.number && d.era === r.era);
    if (d) return { report: r, disabled: d };
  }
  return null;
}

/// Finality moves `blocks` past where it is now, within `timeoutSeconds`.
async function finalityAdvances(what, blocks, timeoutSeconds) {
  const from = await finalizedNumber();
  const to = await waitFor(what, timeoutSeconds, async () => {
    const n = await finalizedNumber();
    return n >= from + blocks ? n : 0;
  });
  mark(`${what}: finalized #${from} -> #${to}`);
}

before(async () => {
  await cryptoWaitReady();
  alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  aliceHex = u8aToHex(alice.publicKey);
  [api] = await connect(PORT.bob);
});

after(async () => {
  if (twinRunning) {
    try {
      testnet('stop', 'alice-twin');
    } catch (e) {
      console.error(`equivocation-test: could not stop the twin: ${e.message}`);
    }
  }
  await twinApi?.disconnect();
  await api?.disconnect();
  console.log('equivocation-test: timings (seconds since the test started)');
  for (const [what, s] of timings) console.log(`  ${String(s).padStart(4)}  ${what}`);
});

test('a validator that double-signs is reported, disabled and slashed; finality goes on', async () => {
  // 1-2. The network runs and finalizes; alice is one of the 4 validators.
  const validators = await api.query.session.validators();
  assert.equal(validators.length, 4, 'four validators');
  const aliceIndex = validators.findIndex(isAlice);
  assert.ok(aliceIndex >= 0, 'alice is in session.validators');
  // The constants in the metadata (the runtime reads them from storage; logged only).
  log(`metadata: staking.slashDeferDuration ${api.consts.staking.slashDeferDuration}, ` +
    `bondingDuration ${api.consts.staking.bondingDuration}, sessionsPerEra ${api.consts.staking.sessionsPerEra}`);
  await waitFor('the network finalizes block #3', 180, async () => (await finalizedNumber()) >= 3);
  mark(`network of 4 finalizes (#${await finalizedNumber()}); alice is validator index ${aliceIndex}`);

  const [held, holdsJson] = await stakingHold();
  log(`alice's holds: ${holdsJson}`);
  const total = await ledgerTotal();
  log(`alice's staking ledger total: ${work(total)}`);
  // The bond is the Staking hold (pallet-staking 50 holds it); the ledger's total if the
  // hold's shape is not the one expected.
  const useHold = held > 0n;
  const measure = async () => (useHold ? (await stakingHold())[0] : await ledgerTotal());
  const bondBefore = useHold ? held : total;
  assert.ok(bondBefore > 0n, 'alice is bonded');
  mark(`alice's bond before: ${work(bondBefore)} (${useHold ? 'staking hold' : 'ledger total, no staking hold found'})`);

  // 3. The twin: a second node with alice's keys.
  lastScanned = await finalizedNumber();
  testnet('twin', 'alice');
  twinRunning = true;
  mark('twin of alice started');
  [twinApi, twinRpc] = await connect(PORT.aliceTwin);
  try {
    const hasBabe = await twinRpc.send('author_hasKey', [aliceHex, 'babe']);
    assert.equal(hasBabe, true, "the twin's keystore holds alice's BABE key");
    log("the twin's keystore holds alice's BABE key");
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    log(`author_hasKey on the twin failed (${e.message}); not checked`);
  }
  await waitFor('the twin syncs', 120, async () => (await bestNumber(twinApi)) >= (await finalizedNumber()));
  mark(`twin synced (best #${await bestNumber(twinApi)})`);

  // 4. An offence is recorded and staking reports alice's slash.
  await waitFor('an offence of alice (offences.Offence and staking.SlashReported)', 240, async () => {
    await scan();
    return seen.offences.length > 0 && seen.reports.length > 0;
  });
  const kinds = [...new Set(seen.offences.map((o) => o.kind))];
  mark(`offence recorded: ${kinds.join(', ')}; first report of alice in #${seen.reports[0].number}`);
  // With EQUIVOCATE=babe the twin does not vote: the offence must be BABE's.
  const expected = EQUIVOCATE === 'babe' ? ['babe:'] : ['babe:', 'grandpa:'];
  assert.ok(kinds.every((k) => expected.some((e) => k.startsWith(e))),
    `offence kinds: ${kinds.join(', ')} (expected ${expected.join(' or ')})`);
  assert.ok(seen.reports[0].fraction > 0, 'a positive slash fraction');

  // 5. Alice is disabled in the block of a report or a later one of the same era. (A
  // report that lands in a later era than its offence does not disable; the twin goes on
  // equivocating, so a later report does.)
  const disabled = await waitFor('alice disabled after a report', 2 * ERA_SECONDS + 60, async () => {
    await scan();
    return disabledAfterReport();
  });
  mark(`alice disabled in #${disabled.disabled.number} (era ${disabled.disabled.era}), reported in #${disabled.report.number}`);
  if (api.events.session.ValidatorDisabled) {
    log(`session.ValidatorDisabled events of alice: ${seen.disabledEvents.map((d) => `#${d.number}`).join(', ') || 'none'}`);
  }
  for (const r of seen.reports.filter((r) => r.slashEra < r.era)) {
    log(`report in #${r.number} was for era ${r.slashEra}, after its era (active era ${r.era}): no disabling`);
  }

  // 6. The twin stops: finality goes on with bob, charlie and dave (3 of 4 voters).
  testnet('stop', 'alice-twin');
  twinRunning = false;
  await twinApi.disconnect();
  twinApi = undefined;
  mark('twin stopped');
  await finalityAdvances('finality after the equivocation', 5, 180);

  // 7. The slash, deferred by SlashDeferDuration eras, is applied: alice's bond falls.
  let applyEra = null;
  try {
    const entries = await api.query.staking.unappliedSlashes.entries();
    for (const [key, slashes] of entries) {
      const era = key.args[0].toNumber();
      for (const s of slashes) {
        if (!isAlice(s.validator)) continue;
        log(`unapplied slash of alice for era ${era}: own ${work(s.own.toBigInt())}`);
        applyEra = applyEra === null ? era : Math.min(applyEra, era);
      }
    }
  } catch (e) {
    log(`staking.unappliedSlashes not read (${e.message})`);
  }
  const latestSlashEra = Math.max(...seen.reports.map((r) => r.slashEra));
  const expectedEra = applyEra ?? latestSlashEra + SLASH_DEFER + 1;
  const eraNow = await activeEraAt(api);
  const slashTimeout = Math.max(expectedEra - eraNow + 2, 2) * ERA_SECONDS + 120;
  mark(`waiting for the slash (applied at active era ${expectedEra}; active era ${eraNow}; up to ${slashTimeout}s)`);
  await waitFor('alice slashed', slashTimeout, async () => {
    await scan();
    return seen.slashes.length > 0 || (await measure()) < bondBefore;
  });
  // The event is in a finalized block, so it is in the state the bond is read from too.
  await waitFor('alice\'s bond falls', 60, async () => (await measure()) < bondBefore);
  const bondAfter = await measure();
  const fell = bondBefore - bondAfter;
  assert.ok(fell > 0n, `alice's bond fell by ${fell}`);
  const slashed = seen.slashes.reduce((sum, s) => sum + s.amount, 0n);
  mark(`alice slashed: bond ${work(bondBefore)} -> ${work(bondAfter)} (-${work(fell)}; staking.Slashed ${work(slashed)}, era ${await activeEraAt(api)})`);
  if (seen.slashes.length > 0) assert.ok(slashed > 0n, 'staking.Slashed of a positive amount');
  assert.ok(bondAfter < bondBefore && bondAfter >= 0n);
  log(`fraction(s) reported: ${[...new Set(seen.reports.map((r) => r.fraction))].join(', ')}; ${Number((fell * 10_000n) / bondBefore) / 100}% of the bond`);

  // 8. Chilled or not: logged, not asserted.
  const candidate = (await api.query.staking.validators.keys()).some((k) => isAlice(k.args[0]));
  const inSession = (await api.query.session.validators()).some(isAlice);
  mark(`alice ${candidate ? 'is still' : 'is no longer'} a validator candidate (staking.validators); ${inSession ? 'in' : 'not in'} session.validators`);

  await finalityAdvances('finality after the slash', 3, 120);
});
