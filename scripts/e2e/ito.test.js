// End-to-end test of the ITO life cycle on a `workchain-node --dev` started on 127.0.0.1.
// Run by scripts/e2e.sh (which builds nothing; it needs the node built by the scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDevNode } from './devnode.js';

const RPC_PORT = Number(process.env.RPC_PORT || 29944);
const UNIT = 10n ** 12n;
const LEN = 10; // work block length in chain blocks (one minute)

const dev = useDevNode(RPC_PORT);
const { send, free, assetBalance, bestNumber, waitForBlock, fresh } = dev;

test('the full ITO life cycle, with exact balances, RPC and runtime API reads', { timeout: 900_000 }, async () => {
  const { api, provider, alice } = await dev.ready;
  const creator = fresh('creator');
  const agents = [fresh('a1'), fresh('a2'), fresh('a3')];
  const producers = [fresh('p1'), fresh('p2')];
  const caller = fresh('caller');
  const everyone = [creator, ...agents, ...producers, caller];

  // Fund fresh accounts from Alice: native and the demo assets 1 and 2.
  const funding = [];
  for (const who of everyone) funding.push(api.tx.balances.transferKeepAlive(who.address, 10_000n * UNIT));
  for (const who of [creator, ...producers]) {
    funding.push(api.tx.assets.transfer(1, who.address, 1_000n * UNIT));
    funding.push(api.tx.assets.transfer(2, who.address, 1_000n * UNIT));
  }
  const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all(funding.map((tx, i) => send(tx, alice, { nonce: nonce + i })));
  for (const who of everyone) assert.equal(await free(who.address), 10_000n * UNIT);

  // create_ito: price 2 WORK per token, purchases 1..1000 WORK per block, rewards in
  // native and the demo assets 1 and 2 (the creator gives the ITO account each one's
  // minimum balance, 1 unit).
  const id = (await api.query.ito.nextItoId()).toNumber();
  let events = await send(api.tx.ito.createIto('e2e ITO', 2n * UNIT, UNIT, 1_000n * UNIT, LEN, null, null, false, [1, 2], null, null), creator);
  const created = events.find((e) => api.events.ito.ItoCreated.is(e));
  assert.ok(created, 'ItoCreated emitted');
  const token = created.data.token.toNumber();
  const itoAccount = created.data.account.toString();
  const start = (await api.query.ito.itos(id)).unwrap().start.toNumber();

  // Work block 0: three agents buy 50, 100, 150 tokens; named errors for bad calls; a
  // producer submits work that the agents' new tokens cannot validate yet. Independent
  // signers go in parallel, so that all of this fits in work block 0.
  const paid = [100n, 200n, 300n].map((x) => x * UNIT);
  const [, , early] = await Promise.all([
    assert.rejects(send(api.tx.ito.buy(id, UNIT - 1n), caller), /ito\.BelowMinPurchase/),
    assert.rejects(send(api.tx.ito.buy(id + 1000, UNIT), producers[0]), /ito\.UnknownIto/),
    send(api.tx.ito.submitWork(id, '0x' + '33'.repeat(32), 'ipfs://early', null), producers[1]),
    ...agents.map((a, i) => send(api.tx.ito.buy(id, paid[i]), a)),
  ]);
  for (let i = 0; i < 3; i++) assert.equal(await assetBalance(token, agents[i].address), paid[i] / 2n);
  const earlyItem = early.find((e) => api.events.ito.WorkSubmitted.is(e)).data.item.toNumber();
  // Tokens bought in the open work block cannot validate it.
  await assert.rejects(send(api.tx.ito.validate(id, earlyItem, UNIT), agents[0]), /ito\.TokensNotEligible/);
  assert.ok((await bestNumber()) < start + LEN - 1, 'block 0 still open');

  // Work block 1: producers submit work and add rewards; holders validate.
  await waitForBlock(start + LEN);
  // Independent signers go in parallel so that all of this fits in one work block.
  const [ev0, ev1] = await Promise.all([
    send(api.tx.ito.submitWork(id, '0x' + '11'.repeat(32), 'ipfs://work-1', ['Native', 600n * UNIT]), producers[0]),
    send(api.tx.ito.submitWork(id, '0x' + '22'.repeat(32), 'ipfs://work-2', null), producers[1]),
  ]);
  const item0 = ev0.find((e) => api.events.ito.WorkSubmitted.is(e)).data.item.toNumber();
  const item1 = ev1.find((e) => api.events.ito.WorkSubmitted.is(e)).data.item.toNumber();
  await Promise.all([
    send(api.tx.ito.addReward(id, { Asset: 1 }, 300n * UNIT), producers[0]),
    send(api.tx.ito.addReward(id, { Asset: 2 }, 600n * UNIT), producers[1]),
    send(api.tx.ito.validate(id, item0, 10n * UNIT), agents[0]),
    send(api.tx.ito.validate(id, item0, 20n * UNIT), agents[1]),
    send(api.tx.ito.validate(id, item1, 30n * UNIT), agents[2]),
  ]);
  await assert.rejects(send(api.tx.ito.validate(id, item1, UNIT), producers[1]), /ito\.SelfValidation/);
  await Promise.all([
    assert.rejects(send(api.tx.ito.validate(id, item0, UNIT), caller), /ito\.NotHolder/),
    // Only assets that exist (asset 3 does not: the same error as create_ito's) and that
    // the creator accepted can be rewards.
    assert.rejects(send(api.tx.ito.addReward(id, { Asset: 3 }, UNIT), producers[0]), /ito\.UnknownAsset/),
  ]);
  assert.ok((await bestNumber()) < start + 2 * LEN - 1, 'block 1 still open');

  // Read the open block over the ito_* RPC and the runtime API.
  const raw = await provider.send('ito_workBlock', [id, null]);
  assert.equal(raw.index, 1);
  // Amounts come as decimal strings: a u128 does not fit a JavaScript number.
  assert.equal(raw.eligible, (240n * UNIT).toString());
  assert.equal(BigInt(raw.validation_weight), 60n * UNIT);
  assert.equal(BigInt(raw.producer_pool), 600n * UNIT);
  const viaStateCall = await api.call.itoApi.workBlock(id);
  assert.equal(viaStateCall.unwrap().index.toNumber(), 1);

  // Block 1 closes by itself; anyone triggers the claims, the owners are paid exactly.
  await waitForBlock(start + 2 * LEN);
  // Before any claim, ito_account shows what each owner is owed (the read closes block
  // 1 in memory); the claims below must pay exactly that.
  const owedByRpc = {};
  for (const who of [...agents, ...producers]) {
    const view = await provider.send('ito_account', [id, who.address, null]);
    const byAsset = Object.fromEntries(view.holder_owed.map(([asset, amount]) => [JSON.stringify(asset), BigInt(amount)]));
    owedByRpc[who.address] = [(byAsset['"Native"'] ?? 0n) + BigInt(view.producer_owed), byAsset['{"Asset":1}'] ?? 0n, byAsset['{"Asset":2}'] ?? 0n];
  }
  const before = {};
  for (const who of [...agents, ...producers]) {
    before[who.address] = [await free(who.address), await assetBalance(1, who.address), await assetBalance(2, who.address)];
  }
  for (const who of [...agents, ...producers]) await send(api.tx.ito.claim(id, who.address), caller);
  const gain = async (who, k, now) => now - before[who.address][k];
  // Native holder pool 600 over 240 eligible tokens: 2.5 per token.
  assert.equal(await gain(agents[0], 0, await free(agents[0].address)), 100n * UNIT);
  assert.equal(await gain(agents[1], 0, await free(agents[1].address)), 200n * UNIT);
  assert.equal(await gain(agents[2], 0, await free(agents[2].address)), 300n * UNIT);
  // Producer pool 600 by validation weight 30 : 30; the claims also removed the producer
  // records (no item in the open block) and released their deposits.
  const producerDeposit = api.consts.ito.producerDeposit.toBigInt();
  assert.equal(await gain(producers[0], 0, await free(producers[0].address)), 300n * UNIT + producerDeposit);
  assert.equal(await gain(producers[1], 0, await free(producers[1].address)), 300n * UNIT + producerDeposit);
  for (const [i, x, y] of [[0, 50n, 100n], [1, 100n, 200n], [2, 150n, 300n]]) {
    assert.equal(await gain(agents[i], 1, await assetBalance(1, agents[i].address)), x * UNIT);
    assert.equal(await gain(agents[i], 2, await assetBalance(2, agents[i].address)), y * UNIT);
  }
  for (const who of [...agents, ...producers]) {
    const released = producers.includes(who) ? producerDeposit : 0n;
    const now = [await free(who.address) - released, await assetBalance(1, who.address), await assetBalance(2, who.address)];
    for (let k = 0; k < 3; k++) assert.equal(now[k] - before[who.address][k], owedByRpc[who.address][k], `ito_account owed ${k}`);
  }
  const acct = await provider.send('ito_account', [id, agents[0].address, null]);
  assert.deepEqual(acct.holder_owed, []);

  // The closed blocks, over ito_workBlockHistory (runtime API version 2): what each close
  // paid, per asset and per token.
  const history = await provider.send('ito_workBlockHistory', [id, null, null, null]);
  assert.deepEqual(history.map((b) => b.index), [0, 1]);
  const closed = history[1];
  assert.equal(closed.first_block, start + LEN);
  assert.equal(closed.last_block, start + 2 * LEN - 1);
  assert.equal(BigInt(closed.to_producers), 600n * UNIT);
  assert.equal(BigInt(closed.validation_weight), 60n * UNIT);
  assert.equal(BigInt(closed.eligible), 240n * UNIT);
  const perAsset = Object.fromEntries(closed.assets.map((a) => [JSON.stringify(a.asset), a]));
  for (const [asset, total, perToken] of [['"Native"', 600n, 5n * UNIT / 2n], ['{"Asset":1}', 300n, 5n * UNIT / 4n], ['{"Asset":2}', 600n, 5n * UNIT / 2n]]) {
    assert.equal(BigInt(perAsset[asset].to_holders), total * UNIT, `to_holders ${asset}`);
    assert.equal(BigInt(perAsset[asset].per_token), perToken, `per_token ${asset}`);
  }
  assert.deepEqual((await provider.send('ito_workBlockHistory', [id, 1, 1, null])).map((b) => b.index), [1]);
  await assert.rejects(provider.send('ito_workBlockHistory', [id, 0, 0, null]), /limit/);
  const historyCall = await api.call.itoApi.workBlockHistory(id, 0, 10);
  assert.equal(historyCall.length, 2);

  // Refund: a new purchase funds the open producer pool; agent 1 returns 10 tokens.
  await send(api.tx.ito.buy(id, 100n * UNIT), caller);
  const refundBefore = await free(agents[0].address);
  const refundEvents = await send(api.tx.ito.refund(id, 10n * UNIT), agents[0]);
  const refunded = refundEvents.find((e) => api.events.ito.Refunded.is(e));
  assert.equal(refunded.data.paid.toBigInt(), 20n * UNIT);
  const fee = refundEvents.find((e) => api.events.transactionPayment.TransactionFeePaid.is(e)).data.actualFee.toBigInt();
  assert.equal(await free(agents[0].address), refundBefore + 20n * UNIT - fee);

  // The ITO token is frozen: the asset pallet refuses a transfer.
  await assert.rejects(send(api.tx.assets.transfer(token, caller.address, UNIT), agents[1]), /assets\./);

  // What is left in the ITO account: its seed, the open pool and nothing owed.
  const info = await provider.send('ito_info', [id, null]);
  assert.equal(info.id, id);
  assert.equal(info.account, itoAccount);
  console.log(`e2e: ITO ${id} left for curl: ito_workBlock -> ${JSON.stringify(await provider.send('ito_workBlock', [id, null]))}`);
});

// Issue 20: an ITO nobody holds is dissolved and its creator made whole; the named errors
// and events a polkadot.js user meets.
test('dissolve, forfeit and the named errors of the second round', { timeout: 600_000 }, async () => {
  const { api, alice } = await dev.ready;
  const creator = fresh('dissolver');
  const holder = fresh('leaver');
  const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    api.tx.balances.transferKeepAlive(creator.address, 1_000n * UNIT),
    api.tx.balances.transferKeepAlive(holder.address, 1_000n * UNIT),
    api.tx.assets.transfer(1, creator.address, 10n * UNIT),
  ].map((tx, i) => send(tx, alice, { nonce: nonce + i })));
  const SHORT = 5;
  const create = (assets) => api.tx.ito.createIto('dissolved', UNIT, UNIT, 100n * UNIT, SHORT, null, null, false, assets, null, null);

  // The same unknown asset, the same error from create_ito and add_reward; an accepted
  // asset the creator has none of: a named error, not the asset pallet's.
  await assert.rejects(send(create([999]), creator), /ito\.UnknownAsset/);
  await assert.rejects(send(create([2]), creator), /ito\.CannotPaySeed/);
  const reservedBefore = (await api.query.system.account(creator.address)).data.reserved.toBigInt();
  const freeBefore = await free(creator.address);
  const assetBefore = await assetBalance(1, creator.address);
  const id = (await api.query.ito.nextItoId()).toNumber();
  const createdEvents = await send(create([1]), creator);
  const createFee = createdEvents.find((e) => api.events.transactionPayment.TransactionFeePaid.is(e)).data.actualFee.toBigInt();
  const { token } = createdEvents.find((e) => api.events.ito.ItoCreated.is(e)).data;
  await assert.rejects(send(api.tx.ito.addReward(id, { Asset: 999 }, UNIT), holder), /ito\.UnknownAsset/);

  // A holder buys; a claim once its tokens are eligible only settles, and says so.
  await send(api.tx.ito.buy(id, 10n * UNIT), holder);
  await assert.rejects(send(api.tx.ito.dissolve(id), holder), /ito\.TokensCirculate/);
  await assert.rejects(send(api.tx.ito.forfeit(id, 'Native'), holder), /ito\.NothingOwed/);
  const start = (await api.query.ito.itos(id)).unwrap().start.toNumber();
  await waitForBlock(start + SHORT);
  const settled = await send(api.tx.ito.claim(id, holder.address), holder);
  assert.ok(settled.some((e) => api.events.ito.Settled.is(e)), 'Settled emitted');

  // It returns every token; once its block has closed, a claim removes its record.
  await send(api.tx.ito.refund(id, 10n * UNIT), holder);
  await waitForBlock(start + 2 * SHORT);
  await send(api.tx.ito.claim(id, holder.address), holder);
  assert.ok((await api.query.ito.holders(id, holder.address)).isNone);

  // Anyone dissolves it: every storage item goes, the token is destroyed, and the creator
  // has its deposits, seeds and metadata deposit back.
  const events = await send(api.tx.ito.dissolve(id), holder);
  assert.ok(events.some((e) => api.events.ito.Dissolved.is(e)), 'Dissolved emitted');
  assert.ok((await api.query.ito.itos(id)).isNone);
  assert.ok((await api.query.ito.rewardPools(id)).isEmpty);
  assert.equal((await api.query.ito.history.keys(id)).length, 0);
  assert.ok((await api.query.assets.asset(token)).isNone);
  assert.equal((await api.query.system.account(creator.address)).data.reserved.toBigInt(), reservedBefore);
  assert.equal(await free(creator.address), freeBefore - createFee);
  assert.equal(await assetBalance(1, creator.address), assetBefore);
  await assert.rejects(send(api.tx.ito.buy(id, 10n * UNIT), holder), /ito\.UnknownIto/);
});
