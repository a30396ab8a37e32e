// Throughput of Workchain's calls side by side with balance transfers (run by scripts/tps,
// which starts the node and pins it and this process to different cores).
//
// For each kind it pre-signs N extrinsics offline from many funded accounts, submits them
// all with `author_submitExtrinsic`, and reads from the finalized chain which blocks
// included them, their ExtrinsicSuccess/ExtrinsicFailed events, System.BlockWeight and
// Timestamp.Now. The saturated window is every block that included ours but the last
// (which takes the remainder), plus the last one when it too is >= 90% full:
//   TPS       = our extrinsics in the window / (its last timestamp - the timestamp of the
//               block before its first)
//   ext/block = mean of ours per window block, weight % = mean normal-class share used.
import { writeFileSync } from 'node:fs';
import {
  UNIT, accounts, close, createdItos, finalizedNumber, follow, inspect, log, nextBlock, open,
  options, presign, setupBatch, sleep, submitAll, syncNonces,
} from './load.js';

const opt = options();
const PORT = Number(opt.port || 9944);
const ACCOUNTS = Number(opt.accounts || 4000);
const COUNT = Number(opt.count || 16000);
const TRANSFERS = Number(opt.transfers || 2 * COUNT);
const CONNECTIONS = Number(opt.connections || 4);
const ALL_KINDS = ['transfer', 'buy', 'submit_work', 'add_reward', 'validate', 'claim_1', 'claim_max'];
const KINDS = opt.kinds ? opt.kinds.split(',') : ALL_KINDS;
for (const k of KINDS) if (!ALL_KINDS.includes(k)) throw new Error(`unknown kind ${k}; kinds: ${ALL_KINDS}`);
// The ITO the validators validate in: its first work block must close before they can.
const VALIDATE_LEN = Number(opt['validate-len'] || 30);
const NEW_ASSETS = [1001, 1002, 1003, 1004, 1005, 1006]; // after the genesis assets 1 and 2

const ctx = await open(PORT, CONNECTIONS);
const { api } = ctx;
const maxAssets = api.consts.ito.maxRewardAssets.toNumber();
const acc = accounts(ACCOUNTS);
const { alice, list } = acc;
await syncNonces(api, acc);
log(`${ACCOUNTS} accounts, ${COUNT} extrinsics per kind (${TRANSFERS} transfers), kinds ${KINDS.join(',')}`);

// ---- setup (not measured) ----
const tx = api.tx;
// MaxRewardAssets counts the native currency: the rest are pallet-assets.
const rewardAssets = [1, 2, ...NEW_ASSETS].slice(0, maxAssets - 1);
const missingAssets = [];
for (const id of rewardAssets) if ((await api.query.assets.asset(id)).isNone) missingAssets.push(id);
const assetCalls = missingAssets.flatMap((id) => [tx.assets.create(id, alice.address, 1),
  tx.assets.mint(id, alice.address, 1_000_000n * UNIT)]);
await setupBatch(ctx, [
  ...await presign(api, acc, list.length, (i) => [alice, tx.balances.transferKeepAlive(list[i].address, 150n * UNIT)]),
  ...await presign(api, acc, assetCalls.length, (j) => [alice, assetCalls[j]]),
], 'fund accounts, create assets');
// Four ITOs at 1 WORK per token: general (buy, submit_work, add_reward; the default work
// block), validate (VALIDATE_LEN), claim with the native currency only and with the most
// currencies an ITO takes (5-block work blocks).
const itoSpecs = [['tps: buy, work, rewards', null, []], ['tps: validate', VALIDATE_LEN, []],
  ['tps: claim 1 asset', 5, []], ['tps: claim max assets', 5, rewardAssets]];
const created = await setupBatch(ctx, await presign(api, acc, itoSpecs.length, (i) => [alice,
  tx.ito.createIto(itoSpecs[i][0], UNIT, UNIT, 1_000_000n * UNIT, itoSpecs[i][1], UNIT, null, false, itoSpecs[i][2], null, null)]), 'create ITOs');
const [itoA, itoV, itoC1, itoCmax] = await createdItos(api, created);
log(`ITOs: general ${itoA}, validate ${itoV}, claim-1 ${itoC1}, claim-max ${itoCmax} (${rewardAssets.length} assets + native)`);
await setupBatch(ctx, [
  ...await presign(api, acc, list.length, (i) => [list[i], tx.ito.buy(itoV, 60n * UNIT)]),
  ...await presign(api, acc, list.length, (i) => [list[i], tx.ito.buy(itoC1, UNIT)]),
  ...await presign(api, acc, list.length, (i) => [list[i], tx.ito.buy(itoCmax, UNIT)]),
], 'holders buy into the validate and claim ITOs');

/// The ITO's open work block as the chain sees it now (the view rolls a due close).
async function workBlock(ito) {
  return (await ctx.provider.send('ito_workBlock', [ito, null])).index;
}

// ---- the kinds ----
const results = [];
async function measure(kind, xts) {
  log(`${kind}: ${xts.length} signed; submitting`);
  await nextBlock(ctx);
  const from = (await finalizedNumber(ctx)) + 1;
  const sub = await submitAll(ctx, xts, { window: 128 });
  log(`${kind}: submitted in ${sub.seconds.toFixed(1)} s (${Math.round(xts.length / sub.seconds)}/s), rejected ${sub.rejected.size ? JSON.stringify([...sub.rejected]) : 0}`);
  const { blocks, missing } = await follow(ctx, from, [...sub.accepted], {
    onBlock: (n, ours, left) => ours && log(`${kind}: #${n}: ${ours} (${left} left)`),
  });
  await inspect(ctx, blocks);
  let window = blocks.slice(0, -1);
  const last = blocks[blocks.length - 1];
  if (blocks.length === 1 || last.normalShare >= 0.9) window = blocks;
  const included = blocks.reduce((s, b) => s + b.indices.length, 0);
  const ok = blocks.reduce((s, b) => s + b.ok, 0);
  const failed = blocks.reduce((s, b) => s + b.failed, 0);
  const errors = new Map();
  for (const b of blocks) for (const [k, v] of b.errors) errors.set(k, (errors.get(k) || 0) + v);
  const inWindow = window.reduce((s, b) => s + b.indices.length, 0);
  const span = (window[window.length - 1].timestamp - window[0].prevTimestamp) / 1000;
  const r = {
    kind, submitted: xts.length, rejected: xts.length - sub.accepted.size, included, ok, failed,
    errors: Object.fromEntries(errors), missing: missing.size, blocks: blocks.length,
    window: window.length, tps: inWindow / span, perBlock: inWindow / window.length,
    maxPerBlock: Math.max(...blocks.map((b) => b.indices.length)),
    weight: window.reduce((s, b) => s + b.normalShare, 0) / window.length,
    perBlockDetail: blocks.map((b) => ({ n: b.number, ours: b.indices.length, ok: b.ok, w: +(b.normalShare * 100).toFixed(1), t: b.timestamp - b.prevTimestamp })),
  };
  log(`${kind}: ${JSON.stringify(r.perBlockDetail)}`);
  if (r.failed > 0 || r.missing > 0 || r.rejected > 0) log(`${kind}: WARNING ${JSON.stringify(r.errors)} missing ${r.missing} rejected ${r.rejected}`);
  results.push(r);
  await syncNonces(api, acc);
  return r;
}

const pick = (i) => list[i % list.length];
const H = (i) => '0x' + i.toString(16).padStart(64, '0');
for (const kind of KINDS) {
  if (kind === 'transfer') {
    await measure(kind, await presign(api, acc, TRANSFERS, (i) => [pick(i), tx.balances.transferKeepAlive(pick(i + 1).address, UNIT / 1000n)]));
  } else if (kind === 'buy') {
    await measure(kind, await presign(api, acc, COUNT, (i) => [pick(i), tx.ito.buy(itoA, UNIT)]));
  } else if (kind === 'submit_work') {
    await measure(kind, await presign(api, acc, COUNT, (i) => [pick(i), tx.ito.submitWork(itoA, H(i + 1), 'ipfs://tps', null)]));
  } else if (kind === 'add_reward') {
    await measure(kind, await presign(api, acc, COUNT, (i) => [pick(i), tx.ito.addReward(itoA, 'Native', UNIT / 1000n)]));
  } else if (kind === 'validate') {
    // Holders bought in the ITO's first work block; they validate from its second on.
    while ((await workBlock(itoV)) < 1) await sleep(2000);
    const items = 8;
    const blocks = await setupBatch(ctx, await presign(api, acc, items, (j) => [alice, tx.ito.submitWork(itoV, H(0xfeed00 + j), 'ipfs://v', null)]), 'work items to validate');
    const item = (await (await api.at(blocks[blocks.length - 1].hash)).query.ito.itos(itoV)).unwrap().nextWorkItem.toNumber() - items;
    await measure(kind, await presign(api, acc, COUNT, (i) => [pick(i), tx.ito.validate(itoV, item + (i % items), UNIT)]));
  } else if (kind === 'claim_1' || kind === 'claim_max') {
    const ito = kind === 'claim_1' ? itoC1 : itoCmax;
    const assets = kind === 'claim_1' ? [] : rewardAssets;
    // The holders bought in an earlier work block; rewards added now are owed to all of
    // them when this one closes.
    const wb = await workBlock(ito);
    await setupBatch(ctx, await presign(api, acc, 1 + assets.length, (j) => [alice, tx.ito.addReward(ito,
      j === 0 ? 'Native' : { Asset: assets[j - 1] }, 10_000n * UNIT)]), `rewards for ${kind}`);
    while ((await workBlock(ito)) <= wb) await sleep(2000);
    await measure(kind, await presign(api, acc, list.length, (i) => [list[i], tx.ito.claim(ito, list[i].address)]));
  }
}

// ---- the table ----
const transfer = results.find((r) => r.kind === 'transfer');
const cores = opt.cores ? `; ${opt.cores}` : '';
const lines = [
  `Workchain TPS, ${new Date().toISOString().slice(0, 10)}: dev node (${opt.database || 'default'} database${cores}), ${ACCOUNTS} accounts, normal-class limit ${api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt() / 1_000_000n} µs per ${api.consts.babe.expectedBlockTime.toNumber() / 1000} s block`,
  '',
  '| kind | submitted | included (failed) | blocks | TPS | ext/block (max) | normal weight used | vs transfer |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const r of results) {
  const claimNote = r.kind === 'claim_1' ? ' (native)' : r.kind === 'claim_max' ? ` (native + ${rewardAssets.length})` : '';
  lines.push(`| ${r.kind}${claimNote} | ${r.submitted} | ${r.included} (${r.failed}) | ${r.blocks} | ${r.tps.toFixed(0)} | ${r.perBlock.toFixed(0)} (${r.maxPerBlock}) | ${(r.weight * 100).toFixed(1)}% | ${transfer ? (r.tps / transfer.tps * 100).toFixed(0) + '%' : '-'} |`);
}
const table = lines.join('\n');
console.log(table);
if (opt.json) writeFileSync(opt.json, JSON.stringify({ results, table }, null, 1));
await close(ctx);
const bad = results.filter((r) => r.failed > 0 || r.missing > 0 || r.rejected > 0);
process.exit(bad.length > 0 ? 1 : 0);
