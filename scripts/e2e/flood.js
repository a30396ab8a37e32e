// The flood test (run by scripts/flood-test.sh): far more valid extrinsics than fit in
// BLOCKS blocks, submitted as fast as the node takes them to a node with its default
// transaction pool. While the flood lasts it measures the latency of `chain_getHeader`
// and `ito_workBlock`, the node's RSS and the pool's size (and, on a network, the import
// time of each block on the node that did not author it). At the end every submitted
// extrinsic must be included (found in a finalized block) or rejected by the node with an
// error (counted by reason), and blocks under load must use >= 90% of the normal-class
// weight limit. Exits non-zero otherwise.
import { readFileSync, writeFileSync } from 'node:fs';
import { WsProvider } from '@polkadot/api';
import {
  UNIT, accounts, close, createdItos, finalizedNumber, follow, fund, inspect, log, open,
  options, presign, setupBatch, signOptions, sleep, syncNonces,
} from './load.js';

const opt = options();
const PORT = Number(opt.port || 9944);
const PIDS = (opt.pids || '').split(',').filter(Boolean).map(Number); // nodes to watch (RSS)
const METRICS = (opt.metrics || '').split(',').filter(Boolean).map(Number); // their prometheus ports
const RPCS = (opt.rpcs || String(PORT)).split(',').map(Number); // their RPC ports
const BLOCKS = Number(opt.blocks || 20);
const FACTOR = Number(opt.factor || 2);
const ACCOUNTS = Number(opt.accounts || 6000);
const CONNECTIONS = Number(opt.connections || 4);

const ctx = await open(PORT, CONNECTIONS);
const { api } = ctx;
const acc = accounts(ACCOUNTS, 'flood');
const { alice, list } = acc;
await syncNonces(api, acc);
const tx = api.tx;
const normalMax = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();

// ---- setup: funded accounts and an ITO to buy into, reward and query ----
await fund(ctx, acc, 100n * UNIT);
const created = await setupBatch(ctx, await presign(api, acc, 1, () => [alice, tx.ito.createIto('flood', UNIT, UNIT, 1_000_000n * UNIT, 10, UNIT, null, false, [])]), 'create ITO');
const [ito] = await createdItos(api, created);

// ---- the flood: transfers, buys and rewards in turn, round by round over the accounts ----
const makers = [
  (p, i) => tx.balances.transferKeepAlive(list[(i + 1) % list.length].address, UNIT / 1000n),
  (p) => tx.ito.buy(ito, UNIT),
  (p) => tx.ito.addReward(ito, 'Native', UNIT / 1000n),
];
// How many of the mix fit in a block, from the weights the runtime charges (queryInfo,
// plus the base every extrinsic pays).
const base = api.consts.system.blockWeights.perClass.normal.baseExtrinsic.refTime.toBigInt();
let mixWeight = 0n;
for (const make of makers) {
  const x = make(list[0], 0);
  x.sign(list[0], signOptions(api, 0));
  const info = await ctx.provider.send('payment_queryInfo', [x.toHex()]);
  mixWeight += (BigInt(info.weight.ref_time) + base) / BigInt(makers.length);
}
const perBlock = Number(normalMax / mixWeight);
const total = Math.ceil(perBlock * BLOCKS * FACTOR);
const rounds = Math.ceil(total / list.length);
log(`about ${Math.round(perBlock)} of the mix fit in a block; flooding ${total} (${FACTOR}x ${BLOCKS} blocks) in ${rounds} rounds of ${list.length} accounts`);
const t0 = Date.now();
const chains = list.map(() => []); // each account's extrinsics, in nonce order
let k = 0;
for (let r = 0; r < rounds; r++) {
  const n = Math.min(list.length, total - k);
  const signed = await presign(api, acc, n, (i) => [list[i], makers[(k + i) % makers.length](list[i], i)]);
  signed.forEach((x, i) => chains[i].push(x));
  k += n;
}
log(`signed ${total} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

// ---- watchers ----
const samples = { header: [], workBlock: [], rss: PIDS.map(() => []), pool: [], ready: [], import: RPCS.map(() => []) };
let flooding = true;
const probe = new WsProvider(`ws://127.0.0.1:${PORT}`, false, {}, 60_000);
await probe.connect();
await probe.isReady;
async function timed(method, params) {
  const t = performance.now();
  await probe.send(method, params);
  return performance.now() - t;
}
const latency = (async () => {
  while (flooding) {
    samples.header.push(await timed('chain_getHeader', []));
    samples.workBlock.push(await timed('ito_workBlock', [ito, null]));
    await sleep(250);
  }
})();
function rss(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}
async function metric(port, name) {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
    return line ? Number(line.split(' ').pop()) : null;
  } catch { return null; }
}
const lastImport = METRICS.map(() => null);
// Every node but a lone dev node imports the other's blocks through its import queue.
const IMPORTS = RPCS.length > 1;
const watch = (async () => {
  while (flooding) {
    PIDS.forEach((pid, i) => samples.rss[i].push(rss(pid)));
    // The pool of the node flooded (the first): its mempool (every extrinsic it holds)
    // and the ready ones of its best block, from its Prometheus metrics.
    if (METRICS.length > 0) {
      const mem = await metric(METRICS[0], 'substrate_sub_txpool_unwatched_txs');
      const ready = await metric(METRICS[0], 'substrate_ready_transactions_number');
      samples.pool.push(mem);
      samples.ready.push(ready);
    }
    // Import time of each block on each node: the import histogram's sum over its count.
    for (let i = 0; IMPORTS && i < METRICS.length; i++) {
      const sum = await metric(METRICS[i], 'substrate_block_verification_and_import_time_sum');
      const count = await metric(METRICS[i], 'substrate_block_verification_and_import_time_count');
      const prev = lastImport[i];
      if (prev && count > prev.count) {
        const header = await fetch(`http://127.0.0.1:${RPCS[i]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'chain_getHeader', params: [] }) }).then((r) => r.json());
        samples.import[i].push({ blocks: count - prev.count, ms: ((sum - prev.sum) * 1000) / (count - prev.count), best: parseInt(header.result.number, 16) });
      }
      lastImport[i] = { sum, count };
    }
    await sleep(200);
  }
})();

// ---- submit: each account sends its next extrinsic once the node took the one before;
// one the node refuses (a full pool) is counted and sent again a second later, as a
// wallet would. So the pool stays full and no nonce gap strands the account's others. ----
const from = (await finalizedNumber(ctx)) + 1;
const rejected = new Map();
const accepted = [];
let submitted = 0;
const tSubmit = Date.now();
const pos = list.map(() => 0);
const queue = list.map((_, i) => i).filter((i) => chains[i].length > 0);
let active = queue.length;
async function worker(p) {
  while (active > 0) {
    const i = queue.shift();
    if (i === undefined) { await sleep(20); continue; }
    const x = chains[i][pos[i]];
    submitted++;
    try {
      await p.send('author_submitExtrinsic', [x.hex]);
      accepted.push(x.hash);
      if (++pos[i] < chains[i].length) queue.push(i); else active--;
    } catch (e) {
      const why = String(e.message || e).replace(/0x[0-9a-f]+/g, '0x…').slice(0, 120);
      rejected.set(why, (rejected.get(why) || 0) + 1);
      setTimeout(() => queue.push(i), 1_000);
    }
  }
}
await Promise.all(ctx.submitters.flatMap((p) => Array.from({ length: 64 }, () => worker(p))));
const submitSeconds = (Date.now() - tSubmit) / 1000;
log(`${submitted} submissions of ${total} extrinsics in ${submitSeconds.toFixed(0)} s: accepted ${accepted.length}, refused ${submitted - accepted.length} ${JSON.stringify([...rejected])}`);
const { blocks, missing } = await follow(ctx, from, accepted, {
  idleBlocks: 5,
  onBlock: (n, ours, left) => ours && log(`#${n}: ${ours} included (${left} accepted, not yet included)`),
});
flooding = false;
await latency;
await watch;
await inspect(ctx, blocks);

// ---- the figures ----
const q = (xs, p) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : null;
};
const included = blocks.reduce((s, b) => s + b.indices.length, 0);
const failed = blocks.reduce((s, b) => s + b.failed, 0);
// Under load: every block but the last one that took ours (the pool still held more).
const loaded = blocks.slice(0, -1);
const shares = loaded.map((b) => b.normalShare);
const report = {
  extrinsics: total, submitted, accepted: accepted.length, rejected: submitted - accepted.length,
  rejectedBy: Object.fromEntries(rejected), included, failedDispatch: failed, vanished: missing.size,
  submitSeconds, blocks: blocks.length,
  loadedBlockWeight: { min: Math.min(...shares), mean: shares.reduce((a, b) => a + b, 0) / shares.length },
  perBlock: blocks.map((b) => ({ n: b.number, ours: b.indices.length, w: +(b.normalShare * 100).toFixed(1), dt: b.timestamp - b.prevTimestamp })),
  latencyMs: {
    chain_getHeader: { p50: q(samples.header, 0.5), p99: q(samples.header, 0.99), max: q(samples.header, 1) },
    ito_workBlock: { p50: q(samples.workBlock, 0.5), p99: q(samples.workBlock, 0.99), max: q(samples.workBlock, 1) },
  },
  rssMiB: samples.rss.map((s) => ({ first: s.find((x) => x != null), max: q(s, 1) })),
  pool: { mempoolMax: q(samples.pool, 1), mempoolP50: q(samples.pool, 0.5), readyMax: q(samples.ready, 1) },
  importMs: samples.import.map((s) => s),
};
if (opt.json) writeFileSync(opt.json, JSON.stringify(report, null, 1));
console.log(JSON.stringify({ ...report, perBlock: undefined, importMs: undefined }, null, 1));
const problems = [];
if (report.vanished > 0) problems.push(`${report.vanished} accepted extrinsics never included`);
if (included + report.rejected !== submitted) problems.push(`included ${included} + refused ${report.rejected} != submitted ${submitted}`);
if (accepted.length !== total) problems.push(`${total - accepted.length} extrinsics never accepted`);
if (report.loadedBlockWeight.min < 0.9) problems.push(`a loaded block used ${(report.loadedBlockWeight.min * 100).toFixed(1)}% < 90% of the normal limit`);
if (loaded.length < BLOCKS) problems.push(`only ${loaded.length} loaded blocks, fewer than ${BLOCKS}`);
await probe.disconnect();
await close(ctx);
if (problems.length) {
  console.error(`flood: FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.error('flood: passed');
