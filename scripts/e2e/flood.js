// The flood test (run by scripts/flood-test.sh): far more valid extrinsics than fit in
// BLOCKS blocks, from more accounts than a node's default transaction pool holds, each
// submitted as a wallet does (watched, the account's next one once it is in a block).
// While the flood lasts it measures the latency of `chain_getHeader` and `ito_workBlock`,
// the node's RSS and the pool's size (and, on a network, the import time of each block on
// the node that did not author it). At the end every extrinsic must be included (found in
// a finalized block); each refusal and each drop after acceptance is counted by reason,
// and an accepted extrinsic whose watch reports neither has vanished. Blocks under load
// must use >= 90% of the normal-class weight limit (on a network, those of the flooded
// node; the others hold only what gossip brings them). Exits non-zero otherwise.
import { readFileSync, writeFileSync } from 'node:fs';
import { WsProvider } from '@polkadot/api';
import {
  UNIT, accounts, close, createdItos, finalizedNumber, follow, fund, inspect, log, open,
  options, presign, setupBatch, signOptions, sleep, syncNonces,
} from './load.js';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';

const opt = options();
const PORT = Number(opt.port || 9944);
const PIDS = (opt.pids || '').split(',').filter(Boolean).map(Number); // nodes to watch (RSS)
const METRICS = (opt.metrics || '').split(',').filter(Boolean).map(Number); // their prometheus ports
const RPCS = (opt.rpcs || String(PORT)).split(',').map(Number); // their RPC ports
const BLOCKS = Number(opt.blocks || 20);
const FACTOR = Number(opt.factor || 2);
// More accounts than the default pool holds (8,192 ready and 819 future extrinsics), one
// extrinsic in flight each: the pool overflows.
const ACCOUNTS = Number(opt.accounts || 12000);
const CONNECTIONS = Number(opt.connections || 16);

const ctx = await open(PORT, CONNECTIONS);
const { api } = ctx;
const acc = accounts(ACCOUNTS, 'flood');
const { alice, list } = acc;
await syncNonces(api, acc);
const tx = api.tx;
const normalMax = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();

// ---- setup: funded accounts and an ITO to buy into, reward and query ----
await fund(ctx, acc, 100n * UNIT);
const created = await setupBatch(ctx, await presign(api, acc, 1, () => [alice, tx.ito.createIto('flood', UNIT, UNIT, 1_000_000n * UNIT, 10, UNIT, null, false, [], null, null)]), 'create ITO');
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
const firstNonce = list.map((p) => acc.nonces.get(p.address) ?? 0);
let k = 0;
for (let r = 0; r < rounds; r++) {
  const n = Math.min(list.length, total - k);
  const signed = await presign(api, acc, n, (i) => [list[i], makers[(k + i) % makers.length](list[i], i)]);
  signed.forEach((x, i) => chains[i].push(x));
  k += n;
}
log(`signed ${total} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

// ---- watchers ----
const samples = { header: [], workBlock: [], rss: PIDS.map(() => []), pool: [], ready: [], import: RPCS.map(() => []), waiting: [] };
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
      const mem = (await metric(METRICS[0], 'substrate_sub_txpool_watched_txs')) + (await metric(METRICS[0], 'substrate_sub_txpool_unwatched_txs'));
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

// ---- submit as a wallet does: each account watches its extrinsic
// (author_submitAndWatchExtrinsic) and sends its next one once this one is in a block.
// A submission the node refuses (its pool is full) is counted and sent again a block (6 s,
// give or take half of it) later; one the pool drops after taking it (`dropped`, `usurped`,
// `invalid`) is counted and sent again too. An accepted extrinsic whose watch reports
// neither has vanished. ----
const from = (await finalizedNumber(ctx)) + 1;
const refused = new Map(); // reason -> submissions the node refused
const dropped = new Map(); // status -> accepted extrinsics the pool dropped later
const inBlock = new Set(); // extrinsics their watch saw in a block
const droppedOnce = new Map(); // hash -> the status its watch ended with, if not in a block
const droppedThenIncluded = new Map(); // status -> extrinsics reported dropped, yet included
const outstanding = new Map(); // hash -> { status, account, since }: accepted, not yet final
let submitted = 0;
let acceptedCount = 0;
const tSubmit = Date.now();
const pos = list.map(() => 0);
const queue = list.map((_, i) => i).filter((i) => chains[i].length > 0);
let active = queue.length;
let lastProgress = Date.now();
let stalled = false;
const count = (map, why) => map.set(why, (map.get(why) || 0) + 1);
const sumOf = (map) => [...map.values()].reduce((a, b) => a + b, 0);
const RETRY = Number(opt.retry || 6) * 1000;
const later = (i) => setTimeout(() => queue.push(i), RETRY * (0.5 + Math.random()));
const reason = (e) => String(e.message || e).replace(/0x[0-9a-f]+/g, '0x…').slice(0, 120);
function submitWatched(p, i, x) {
  return new Promise((resolve, reject) => {
    let subId;
    let done = false;
    const finish = (next) => {
      if (done) return;
      done = true;
      outstanding.delete(x.hash);
      if (subId !== undefined) p.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', subId).catch(() => {});
      next();
    };
    p.subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', [x.hex], (err, status) => {
      if (err || !status) return;
      const kind = typeof status === 'string' ? status : Object.keys(status)[0];
      const entry = outstanding.get(x.hash);
      if (entry) entry.status = kind;
      if (kind === 'inBlock' || kind === 'finalized') {
        finish(() => {
          inBlock.add(x.hash);
          lastProgress = Date.now();
          if (++pos[i] < chains[i].length) queue.push(i); else active--;
        });
      } else if (kind === 'dropped' || kind === 'usurped' || kind === 'invalid') {
        finish(() => {
          count(dropped, kind);
          droppedOnce.set(x.hash, kind);
          later(i);
        });
      }
    }).then((id) => {
      subId = id;
      acceptedCount++;
      if (done) p.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', id).catch(() => {});
      resolve();
    }, reject);
    if (!done) outstanding.set(x.hash, { status: 'submitted', account: i, nonce: pos[i], since: Date.now() });
  });
}
async function worker(p) {
  while (active > 0 && !stalled) {
    const i = queue.shift();
    if (i === undefined) { await sleep(20); continue; }
    const x = chains[i][pos[i]];
    submitted++;
    try {
      await submitWatched(p, i, x);
    } catch (e) {
      outstanding.delete(x.hash);
      const why = reason(e);
      if (/outdated|stale/i.test(why) && droppedOnce.has(x.hash)) {
        // Sent again after its watch said `dropped`, and its nonce is used: it is in a block
        // after all (checked against the chain below).
        count(droppedThenIncluded, droppedOnce.get(x.hash));
        inBlock.add(x.hash);
        lastProgress = Date.now();
        if (++pos[i] < chains[i].length) queue.push(i); else active--;
        continue;
      }
      count(refused, why);
      later(i);
    }
  }
}
// How many of ours the node had taken and not dropped, every 100 ms. With the blocks
// before it, this gives what the node held when a block's slot began (see `heldAt`).
const waitingSampler = setInterval(() => {
  samples.waiting.push([Date.now(), acceptedCount - sumOf(dropped)]);
}, 100);
// Nothing in a block for STALL seconds while extrinsics are outstanding: stop and report.
const STALL = Number(opt.stall || 90) * 1000;
const stallWatch = (async () => {
  while (active > 0 && !stalled) {
    await sleep(1000);
    if (Date.now() - lastProgress > STALL) stalled = true;
  }
})();
// A node keeps 1,024 subscriptions per connection: the accounts' watches are spread.
if (list.length / ctx.submitters.length > 960) throw new Error(`${list.length} accounts need more than ${ctx.submitters.length} connections`);
await Promise.all(ctx.submitters.flatMap((p) => Array.from({ length: 64 }, () => worker(p))));
await stallWatch;
clearInterval(waitingSampler);
const submitSeconds = (Date.now() - tSubmit) / 1000;
const droppedTotal = sumOf(dropped);
const refusedTotal = sumOf(refused);
log(`${submitted} submissions of ${total} extrinsics in ${submitSeconds.toFixed(0)} s: in a block ${inBlock.size}, refused ${refusedTotal} ${JSON.stringify([...refused])}, dropped after acceptance ${droppedTotal} ${JSON.stringify([...dropped])} (of which included after all ${JSON.stringify([...droppedThenIncluded])}), outstanding ${outstanding.size}${stalled ? ' (stalled)' : ''}`);
// What became of the extrinsics still outstanding: their watch's last status, whether the
// node's pool still has them, and whether their account's nonce moved past them.
let diagnosis = null;
if (outstanding.size > 0) {
  const byStatus = {};
  for (const { status } of outstanding.values()) byStatus[status] = (byStatus[status] || 0) + 1;
  const pending = new Set((await ctx.provider.send('author_pendingExtrinsics', [])).map((h) => blake2AsHex(hexToU8a(h))));
  let inPool = 0;
  let nonceMoved = 0;
  for (const [hash, { account, nonce }] of outstanding) {
    if (pending.has(hash)) inPool++;
    const next = await ctx.provider.send('system_accountNextIndex', [list[account].address]);
    if (next > firstNonce[account] + nonce) nonceMoved++;
  }
  diagnosis = { byStatus, inPool, nonceMovedPast: nonceMoved, poolSize: pending.size };
  log(`outstanding: ${JSON.stringify(diagnosis)}`);
}
// Every extrinsic a watch saw in a block must be in the finalized chain.
const { blocks, missing } = await follow(ctx, from, [...inBlock], {
  idleBlocks: 5,
  onBlock: (n, ours) => ours && log(`#${n}: ${ours} of ours`),
});
flooding = false;
await latency;
await watch;
await inspect(ctx, blocks);
// On a network, who authored each block: the flood went to the first node (alice), and the
// other validators hold only what gossip brings them.
if (IMPORTS) {
  for (const b of blocks) b.author = (await api.derive.chain.getHeader(b.hash)).author?.toString();
}

// The flooded node's pool maintenance per block (view updates), mean over the run.
const maintain = METRICS.length === 0 ? null : await (async () => {
  const sum = await metric(METRICS[0], 'substrate_sub_txpool_maintain_duration_seconds_sum');
  const n = await metric(METRICS[0], 'substrate_sub_txpool_maintain_duration_seconds_count');
  return n ? +((sum * 1000) / n).toFixed(1) : null;
})();

// ---- the figures ----
const q = (xs, p) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : null;
};
const included = blocks.reduce((s, b) => s + b.indices.length, 0);
const failed = blocks.reduce((s, b) => s + b.failed, 0);
// Under load: the blocks whose slot began (their timestamp) while the node held at least
// a block's worth of ours (by the weights the runtime charges before refunds). What it
// held then: what it had taken by that time, less what the blocks before had included
// (read from the chain, so no watch's delay counts).
const takenAt = (t) => {
  let taken = 0;
  for (const [when, n] of samples.waiting) { if (when > t) break; taken = n; }
  return taken;
};
const heldAt = (t) => takenAt(t) - blocks.filter((b) => b.timestamp < t).reduce((n, b) => n + b.indices.length, 0);
const underLoad = blocks.filter((b) => heldAt(b.timestamp) >= perBlock);
// On a network only the flooded node's blocks are held to 90% (the others' are reported).
const loaded = underLoad.filter((b) => !IMPORTS || b.author === alice.address);
const byAuthor = {};
for (const b of underLoad) {
  const who = b.author === alice.address ? 'alice (flooded)' : (b.author ?? 'dev node');
  (byAuthor[who] ??= []).push(+(b.normalShare * 100).toFixed(1));
}
const shares = loaded.map((b) => b.normalShare);
const report = {
  extrinsics: total, submitted, accepted: acceptedCount, refused: refusedTotal,
  refusedBy: Object.fromEntries(refused), droppedAfterAcceptance: Object.fromEntries(dropped),
  droppedThenIncluded: Object.fromEntries(droppedThenIncluded),
  included, failedDispatch: failed, vanished: outstanding.size + missing.size, outstanding: diagnosis,
  submitSeconds, blocks: blocks.length,
  loadedBlockWeight: { min: Math.min(...shares), mean: shares.reduce((a, b) => a + b, 0) / shares.length },
  loadedBlocksByAuthor: byAuthor,
  perBlock: blocks.map((b) => ({ n: b.number, ours: b.indices.length, w: +(b.normalShare * 100).toFixed(1), dt: b.timestamp - b.prevTimestamp, held: heldAt(b.timestamp), author: b.author })),
  latencyMs: {
    chain_getHeader: { p50: q(samples.header, 0.5), p99: q(samples.header, 0.99), max: q(samples.header, 1) },
    ito_workBlock: { p50: q(samples.workBlock, 0.5), p99: q(samples.workBlock, 0.99), max: q(samples.workBlock, 1) },
  },
  rssMiB: samples.rss.map((s) => ({ first: s.find((x) => x != null), max: q(s, 1) })),
  pool: { mempoolMax: q(samples.pool, 1), mempoolP50: q(samples.pool, 0.5), readyMax: q(samples.ready, 1), maintainMeanMs: maintain },
  importMs: samples.import.map((s) => s),
};
if (opt.json) writeFileSync(opt.json, JSON.stringify(report, null, 1));
console.log(JSON.stringify({ ...report, perBlock: undefined, importMs: undefined }, null, 1));
const problems = [];
if (outstanding.size > 0) problems.push(`${outstanding.size} accepted extrinsics neither in a block nor dropped: vanished`);
if (missing.size > 0) problems.push(`${missing.size} extrinsics their watch saw in a block are not in the finalized chain`);
if (included !== total) problems.push(`${total - included} of ${total} extrinsics never included`);
if (stalled) problems.push(`nothing was included for ${STALL / 1000} s`);
if (report.loadedBlockWeight.min < 0.9) problems.push(`a loaded block used ${(report.loadedBlockWeight.min * 100).toFixed(1)}% < 90% of the normal limit`);
if (underLoad.length < BLOCKS) problems.push(`only ${underLoad.length} blocks under load, fewer than ${BLOCKS}`);
await probe.disconnect();
await close(ctx);
if (problems.length) {
  console.error(`flood: FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.error('flood: passed');
