// The stall-recovery test: on a local network of 4 genesis validators (alice, bob, charlie,
// dave; 100,000 WORK self-stake each, 4 seats) with short eras and governance periods
// divided by GOVERNANCE_DIVISOR (scripts/stall-test.sh), charlie's and dave's nodes stop:
// 2 of 4 GRANDPA voters are silent and finality stalls (3 votes are needed), while alice
// and bob go on authoring BABE blocks. Then, as README's "A way out of a stall" says:
//   1. anyone reads the last finalized block and the GRANDPA set id in its state on a node
//      (chain_getFinalizedHead, grandpa.currentSetId at that block);
//   2. a referendum on the `finality_recovery` track proposes
//      `finalityRecovery.recover([charlie, dave], finalized, setId)`; token holders vote
//      aye; it passes on the best chain, without finality;
//   3. the recovery chills and benches charlie and dave and forces a new era; two
//      sessions later the session's set is alice and bob, and its GRANDPA change is
//      forced;
//   4. finality resumes, without restarting any node, with the new set (set id + 1).
//
// Run by scripts/stall-test.sh, which starts the network; it passes TESTNET (the path of
// scripts/testnet.sh, to stop charlie and dave) and RPC_BASE (alice's RPC port).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect, send, waitFor, finalizedNumber, bestNumber } from './chain.js';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const TESTNET = process.env.TESTNET;
const RPC_BASE = Number(process.env.RPC_BASE || 20060);
const SESSION_SECONDS = Number(process.env.SESSION_LENGTH || 10) * 6;
const FORCED_CHANGE_DELAY = 1; // the runtime's finality_recovery::Config::ForcedChangeDelay

const started = Date.now();
function mark(what) {
  console.log(`stall-test: +${Math.round((Date.now() - started) / 1000)}s ${what}`);
}

let api; // on alice's node
let keyring;

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  [api] = await connect(RPC_BASE);
});

after(async () => {
  if (api) await api.disconnect();
});

const account = (name) => keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);

async function sessionValidators() {
  return (await api.query.session.validators()).map((v) => v.toString()).sort();
}

test('silent validators stall finality, and a finality_recovery referendum ends the stall', async () => {
  // Finality works with all four.
  await waitFor('finality with 4 voters', 120, async () => (await finalizedNumber(api)) >= 3);
  const everyone = await sessionValidators();
  assert.equal(everyone.length, 4);
  mark(`finalized #${await finalizedNumber(api)} with 4 validators`);

  // Charlie's and dave's nodes stop: 2 of 4 voters are silent.
  execFileSync(TESTNET, ['stop', 'charlie'], { stdio: 'inherit' });
  execFileSync(TESTNET, ['stop', 'dave'], { stdio: 'inherit' });
  mark('charlie and dave stopped');

  // Finality stalls while blocks go on (at least one session of blocks, finalized still).
  let stalledAt = await finalizedNumber(api);
  const bestAtStop = await bestNumber(api);
  await waitFor('blocks without finality', 4 * SESSION_SECONDS, async () => {
    const finalized = await finalizedNumber(api);
    if (finalized !== stalledAt) {
      // The last rounds with 4 voters may still finish: follow them.
      stalledAt = finalized;
      return false;
    }
    return (await bestNumber(api)) >= Math.max(bestAtStop, finalized) + 5;
  });
  const finalizedHash = await api.rpc.chain.getFinalizedHead();
  const finalized = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();
  // The set that finalized it: every change signalled up to a finalized block was applied.
  const setId = (await (await api.at(finalizedHash)).query.grandpa.currentSetId()).toNumber();
  mark(`finality stalled at #${finalized} (set ${setId}); best #${await bestNumber(api)}`);

  // The referendum: alice submits it.
  const charlie = account('charlie').address;
  const dave = account('dave').address;
  const call = api.tx.finalityRecovery.recover([charlie, dave], finalized, setId);
  const index = (await api.query.referenda.referendumCount()).toNumber();
  const alice = account('alice');
  await send(api, api.tx.referenda.submit(
    { Origins: 'FinalityRecovery' },
    { Inline: call.method.toHex() },
    { After: 0 },
  ), alice);
  // Then, in one block (one transaction each, from different accounts): bob's decision
  // deposit and the votes of five holders (90% of their free balance, 1x conviction).
  // With periods divided for the test the first ones may already pass it, and later
  // votes find it decided.
  const votes = ['alice', 'charlie', 'dave', 'eve', 'ferdie'].map(async (name) => {
    const free = (await api.query.system.account(account(name).address)).data.free.toBigInt();
    const vote = { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: free / 10n * 9n } };
    return send(api, api.tx.convictionVoting.vote(index, vote), account(name));
  });
  const results = await Promise.allSettled([
    send(api, api.tx.referenda.placeDecisionDeposit(index), account('bob')),
    ...votes,
  ]);
  const [deposit, ...voted] = results;
  assert.equal(deposit.status, 'fulfilled', `decision deposit: ${deposit.reason}`);
  for (const v of voted) {
    if (v.status === 'rejected') assert.equal(v.reason.message, 'convictionVoting.NotOngoing');
  }
  mark(`referendum ${index} on the finality_recovery track submitted and voted for`);

  // It passes and the recovery is enacted, on the best chain.
  const bestBeforeEnactment = await bestNumber(api);
  await waitFor('the recovery enacted', 4 * SESSION_SECONDS, async () =>
    (await api.query.finalityRecovery.benched()).length === 2);
  const info = await api.query.referenda.referendumInfoFor(index);
  assert.ok(info.unwrap().isApproved, `referendum ${index}: ${info.toString()}`);
  mark('recovery enacted: charlie and dave chilled and benched, a new era forced');

  // Two sessions later the set is alice and bob, and its change is forced.
  await waitFor('a set without charlie and dave', 4 * SESSION_SECONDS, async () =>
    (await sessionValidators()).length === 2 && (await api.query.finalityRecovery.pending()).isNone);
  assert.deepEqual(
    await sessionValidators(),
    [account('alice').address, account('bob').address].sort(),
  );
  // The block that signals it: ForcedChangeSignalled, as set id + 1, in the runtime's
  // state there too.
  let forcedAt;
  for (let n = bestBeforeEnactment; n <= await bestNumber(api) && forcedAt === undefined; n++) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    const signalled = (await at.query.system.events())
      .find(({ event }) => api.events.finalityRecovery.ForcedChangeSignalled.is(event));
    if (!signalled) continue;
    forcedAt = n;
    assert.equal(signalled.event.data.setId.toNumber(), setId + 1);
    assert.equal(signalled.event.data.bestFinalized.toNumber(), finalized);
    assert.equal((await at.query.grandpa.currentSetId()).toNumber(), setId + 1);
  }
  assert.ok(forcedAt !== undefined, 'no ForcedChangeSignalled event');
  mark(`forced change signalled in #${forcedAt}`);

  // Finality resumes past the forced change, no node restarted, with alice and bob.
  // (The runtime's GRANDPA authorities change FORCED_CHANGE_DELAY blocks after the signal.)
  await waitFor('finality to resume', 3 * SESSION_SECONDS, async () =>
    (await finalizedNumber(api)) >= forcedAt + FORCED_CHANGE_DELAY);
  const resumed = await api.at(await api.rpc.chain.getFinalizedHead());
  assert.ok((await resumed.query.grandpa.currentSetId()).toNumber() >= setId + 1);
  assert.equal((await resumed.query.grandpa.authorities()).length, 2);
  const resumedAt = await finalizedNumber(api);
  await waitFor('finality to go on', 2 * SESSION_SECONDS, async () =>
    (await finalizedNumber(api)) >= resumedAt + 3);
  mark(`finality resumed: finalized #${await finalizedNumber(api)} by 2 voters`);
});
