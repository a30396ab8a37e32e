// End-to-end test of authority by economic value on its own `workchain-node --dev`
// (RPC_PORT + 1), run beside ito.test.js by scripts/e2e.sh: holders and a producer accept
// a reward asset by their value in one work block, and are paid in it exactly. On the same
// node (a short test, not worth a node of its own): a transaction signed for a metadata
// hash other than the runtime's is refused (CheckMetadataHash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { useDevNode } from './devnode.js';

const RPC_PORT = Number(process.env.RPC_PORT || 29944) + 1;
const UNIT = 10n ** 12n;
const LEN = 10; // work block length in chain blocks (one minute)

const dev = useDevNode(RPC_PORT);
const { send, assetBalance, bestNumber, waitForBlock, fresh } = dev;

test('holders and a producer accept a reward asset by their value in one work block', { timeout: 600_000 }, async () => {
  const { api, provider, alice } = await dev.ready;
  const [h1, h2, v, p] = ['gov-h1', 'gov-h2', 'gov-validator', 'gov-producer'].map(fresh);
  const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    ...[h1, h2, v, p].map((who) => api.tx.balances.transferKeepAlive(who.address, 1_000n * UNIT)),
    api.tx.assets.transfer(1, h1.address, 10n * UNIT),
    api.tx.assets.transfer(2, h1.address, 200n * UNIT),
  ].map((tx, i) => send(tx, alice, { nonce: nonce + i })));
  const id = (await api.query.ito.nextItoId()).toNumber();
  await send(api.tx.ito.createIto('governed', UNIT, UNIT, 1_000n * UNIT, LEN, null, null, false, [1], null, null), h1);
  const start = (await api.query.ito.itos(id)).unwrap().start.toNumber();
  // Block 0: three holders buy 30, 20 and 10 tokens (1 native unit each).
  await Promise.all([[h1, 30n], [h2, 20n], [v, 10n]].map(([who, n]) => send(api.tx.ito.buy(id, n * UNIT), who)));
  await assert.rejects(send(api.tx.ito.propose(id, { AcceptAsset: 2 }), h1), /ito\.NoValue/);

  // Block 1 (value 60 tokens): the producer submits work while h1 proposes asset 2, paying
  // its seed; the validator backs the work with 4 tokens.
  await waitForBlock(start + LEN);
  const [submitted, proposed] = await Promise.all([
    send(api.tx.ito.submitWork(id, `0x${'11'.repeat(32)}`, 'ipfs://governed-work', null), p),
    send(api.tx.ito.propose(id, { AcceptAsset: 2 }), h1),
  ]);
  const item = submitted.find((e) => api.events.ito.WorkSubmitted.is(e)).data.item.toNumber();
  const proposal = proposed.find((e) => api.events.ito.Proposed.is(e)).data.proposal.toNumber();
  await send(api.tx.ito.validate(id, item, 4n * UNIT), v);
  // Everyone votes with its value: h1 30 aye, h2 20 nay, the producer 4 aye (validation it
  // received), the validator 6 aye (what it has left).
  await Promise.all([[h1, true], [h2, false], [p, true], [v, true]].map(([who, aye]) => send(api.tx.ito.vote(id, proposal, aye), who)));
  // The validator backs the work again after voting: one token moves from its aye to the
  // producer's aye, and nothing counts twice.
  await send(api.tx.ito.validate(id, item, 1n * UNIT), v);
  assert.ok((await bestNumber()) < start + 2 * LEN, 'work block 1 is still open');
  const T = (n) => String(n * UNIT);
  const power = await provider.send('ito_votingPower', [id, p.address, null]);
  assert.deepEqual([power.value, power.eligible, power.received], [T(5n), '0', T(5n)]);
  assert.deepEqual(power.votes, [[proposal, true]]);
  let gov = await provider.send('ito_proposals', [id, null, null, null]);
  assert.equal(gov.value, T(60n));
  const open = gov.proposals.find((x) => x.id === proposal);
  assert.deepEqual([open.status, open.ayes, open.nays, open.ayes_needed], ['Open', T(40n), T(20n), T(12n)]);
  assert.deepEqual(open.action, { AcceptAsset: 2 });

  // Block 2: the proposal passed at the close; rewards in asset 2 are accepted now. 110
  // units go to 55 eligible tokens (h1 30, h2 20, the validator 5): exactly 2 per token.
  await waitForBlock(start + 2 * LEN);
  await send(api.tx.ito.addReward(id, { Asset: 2 }, 110n * UNIT), h1);
  gov = await provider.send('ito_proposals', [id, null, null, null]);
  const decided = gov.proposals.find((x) => x.id === proposal);
  assert.deepEqual([decided.status, decided.ayes, decided.nays, decided.value], ['Passed', T(40n), T(20n), T(60n)]);
  assert.ok(gov.accepting.some(([asset, on]) => JSON.stringify(asset) === '{"Asset":2}' && on));

  // Block 3: each holder is paid its share of asset 2.
  await waitForBlock(start + 3 * LEN);
  for (const [who, share] of [[h1, 60n], [h2, 40n], [v, 10n]]) {
    const before = await assetBalance(2, who.address);
    await send(api.tx.ito.claim(id, who.address), alice);
    assert.equal(await assetBalance(2, who.address) - before, share * UNIT, who.address);
  }
  // The decided proposal and the stale votes go, with their deposits.
  await send(api.tx.ito.removeProposal(id, proposal), alice);
  await send(api.tx.ito.removeVotes(id, h2.address), alice);
  assert.ok((await api.query.ito.proposals(id, proposal)).isNone);
});

test('a transaction is valid only for the metadata hash of the runtime (CheckMetadataHash)', { timeout: 300_000 }, async () => {
  const { api, alice } = await dev.ready;
  // The runtime's metadata (V15, what the hash is of), hashed in the chain's units.
  const metadata = (await api.call.metadata.metadataAtVersion(15)).unwrap().toU8a(true);
  const hashOf = (units) => u8aToHex(merkleizeMetadata(metadata, units).digest());
  const right = hashOf({ decimals: 12, tokenSymbol: 'WORK' });
  const who = fresh('metadata');
  const transfer = () => api.tx.balances.transferKeepAlive(who.address, UNIT);

  // Signed for the same metadata in other units (a wallet that would show 1,000 WORK as 1),
  // or for a hash of nothing: a bad signature, refused by the pool, and nothing moves.
  for (const metadataHash of [hashOf({ decimals: 15, tokenSymbol: 'WORK' }), randomAsHex(32)]) {
    await assert.rejects(send(transfer(), alice, { mode: 1, metadataHash }), /bad signature/);
  }
  assert.equal((await api.query.system.account(who.address)).data.free.toBigInt(), 0n);

  // Signed for the runtime's hash: valid. Without one (mode 0, for signers that cannot hash
  // metadata yet): valid too.
  await send(transfer(), alice, { mode: 1, metadataHash: right });
  await send(transfer(), alice);
  assert.equal((await api.query.system.account(who.address)).data.free.toBigInt(), 2n * UNIT);
});
