// Load generation against a Workchain node on 127.0.0.1, shared by scripts/tps (tps.js),
// the flood test (flood.js) and the gossip test (gossip.test.js): many funded accounts,
// extrinsics signed offline (explicit nonces, immortal era), submitted raw with
// `author_submitExtrinsic` over several connections, and accounted for from the chain
// itself (finalized blocks, read at their hashes).
import { WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import { connect } from './chain.js';

export const UNIT = 10n ** 12n;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

/// The API, and `connections` extra providers for submitting.
export async function open(port, connections) {
  await cryptoWaitReady();
  const [api, provider] = await connect(port);
  const submitters = [];
  for (let i = 0; i < connections; i++) {
    const p = new WsProvider(`ws://127.0.0.1:${port}`, false, {}, 120_000);
    await p.connect();
    await p.isReady;
    submitters.push(p);
  }
  return { api, provider, submitters, port };
}

export async function close(ctx) {
  for (const p of ctx.submitters) await p.disconnect();
  await ctx.api.disconnect();
}

/// `count` sr25519 accounts `//tps/<i>` (derived, so every run and every script has the
/// same ones), with their next nonces tracked locally. `type` 'ed25519' makes ed25519
/// accounts `//tps//<i>` instead (hard derivation: ed25519 has no soft one), which sign
/// five times faster here (0.2 ms against 1 ms). The funders are the sr25519 development
/// accounts either way.
export function accounts(count, prefix = 'tps', type = 'sr25519') {
  const keyring = new Keyring({ type: 'sr25519' });
  const own = type === 'sr25519' ? keyring : new Keyring({ type });
  const sep = type === 'sr25519' ? '/' : '//';
  const list = [];
  for (let i = 0; i < count; i++) list.push(own.addFromUri(`//${prefix}${sep}${i}`));
  const funders = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
  return { keyring, list, alice: funders[0], funders, nonces: new Map() };
}

/// Read the on-chain nonce of every account (and Alice's) into `acc.nonces`.
export async function syncNonces(api, acc) {
  const all = [...acc.list, ...acc.funders];
  for (let i = 0; i < all.length; i += 1000) {
    const chunk = all.slice(i, i + 1000);
    const infos = await api.query.system.account.multi(chunk.map((p) => p.address));
    infos.forEach((info, j) => acc.nonces.set(chunk[j].address, info.nonce.toNumber()));
  }
}

/// `--key=value` (or `--flag`, which is 'true') command-line options as an object.
export function options(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }));
}

/// Offline signing options: `nonce`, immortal era, `tip` (none by default).
export function signOptions(api, nonce, tip = 0) {
  return {
    nonce, era: 0, tip, blockHash: api.genesisHash, genesisHash: api.genesisHash,
    runtimeVersion: api.runtimeVersion, signedExtensions: api.registry.signedExtensions,
  };
}

/// Sign `tx` by `pair` with its next local nonce, immortal, with `tip` (none by default);
/// returns { hex, hash }.
export function signNext(api, acc, pair, tx, tip = 0) {
  const nonce = acc.nonces.get(pair.address) ?? 0;
  acc.nonces.set(pair.address, nonce + 1);
  tx.sign(pair, signOptions(api, nonce, tip));
  const hex = tx.toHex();
  return { hex, hash: blake2AsHex(hexToU8a(hex)) };
}

/// Pre-sign `count` extrinsics: `make(i)` returns [pair, tx] (or [pair, tx, tip]) for the
/// i-th one. Yields to the event loop every 100 signatures, so that the connections keep
/// answering the node's pings (a node drops a connection that stays silent for a long
/// signing run).
export async function presign(api, acc, count, make) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const [pair, tx, tip = 0] = make(i);
    out.push(signNext(api, acc, pair, tx, tip));
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  return out;
}

/// Submit every extrinsic over the submit connections, at most `window` in flight on
/// each. Resolves with { accepted: Set(hash), rejected: Map(reason -> count), seconds }.
/// `onProgress(done)` is called every 1,000 answers.
export async function submitAll(ctx, xts, { window = 256, onProgress } = {}) {
  const accepted = new Set();
  const rejected = new Map();
  let next = 0;
  let done = 0;
  const t0 = Date.now();
  async function worker(p) {
    for (;;) {
      const i = next++;
      if (i >= xts.length) return;
      try {
        await p.send('author_submitExtrinsic', [xts[i].hex]);
        accepted.add(xts[i].hash);
      } catch (e) {
        const reason = String(e.message || e).replace(/0x[0-9a-f]+/g, '0x…').slice(0, 120);
        rejected.set(reason, (rejected.get(reason) || 0) + 1);
      }
      if (++done % 1000 === 0 && onProgress) onProgress(done);
    }
  }
  const workers = [];
  for (const p of ctx.submitters) for (let w = 0; w < window; w++) workers.push(worker(p));
  await Promise.all(workers);
  return { accepted, rejected, seconds: (Date.now() - t0) / 1000 };
}

export async function finalizedNumber(ctx) {
  const h = await ctx.provider.send('chain_getFinalizedHead', []);
  const header = await ctx.provider.send('chain_getHeader', [h]);
  return parseInt(header.number, 16);
}

export async function bestNumber(ctx) {
  const header = await ctx.provider.send('chain_getHeader', []);
  return parseInt(header.number, 16);
}

/// Wait until the best block is past the current one (a fresh slot starts).
export async function nextBlock(ctx) {
  const n = await bestNumber(ctx);
  while ((await bestNumber(ctx)) <= n) await sleep(200);
  return n + 1;
}

/// The extrinsic hashes of finalized block `n`, its hash, and its extrinsic count.
export async function blockHashes(ctx, n) {
  const hash = await ctx.provider.send('chain_getBlockHash', [n]);
  const block = await ctx.provider.send('chain_getBlock', [hash]);
  const hashes = block.block.extrinsics.map((x) => blake2AsHex(hexToU8a(x)));
  return { hash, hashes };
}

/// Follow finalized blocks from `from` until every hash in `pending` is included, or until
/// `idleBlocks` blocks in a row bring none of them. Returns the blocks that included any
/// ({ number, hash, indices: [extrinsic index of ours] }) and the hashes never included.
export async function follow(ctx, from, pending, { idleBlocks = 6, onBlock } = {}) {
  const waiting = new Set(pending);
  const blocks = [];
  let n = from;
  let idle = 0;
  while (waiting.size > 0 && idle < idleBlocks) {
    const fin = await finalizedNumber(ctx);
    if (fin < n) {
      await sleep(300);
      continue;
    }
    for (; n <= fin && waiting.size > 0; n++) {
      const { hash, hashes } = await blockHashes(ctx, n);
      const indices = [];
      hashes.forEach((h, i) => {
        if (waiting.delete(h)) indices.push(i);
      });
      if (indices.length > 0) {
        blocks.push({ number: n, hash, indices });
        idle = 0;
      } else if (blocks.length > 0 || n > from + 2) {
        idle++;
      }
      if (onBlock) onBlock(n, indices.length, waiting.size);
    }
  }
  return { blocks, missing: waiting, next: n };
}

/// Read what the chain says of each block: successes and failures of our extrinsics
/// (with the failing errors), the normal-class weight used, its timestamp and the total
/// extrinsic count.
export async function inspect(ctx, blocks) {
  const { api } = ctx;
  const normalMax = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  for (const b of blocks) {
    const at = await api.at(b.hash);
    const [events, weight, now] = await Promise.all([
      at.query.system.events(), at.query.system.blockWeight(), at.query.timestamp.now(),
    ]);
    const ours = new Set(b.indices);
    b.ok = 0;
    b.failed = 0;
    b.errors = new Map();
    for (const { phase, event } of events) {
      if (!phase.isApplyExtrinsic || !ours.has(phase.asApplyExtrinsic.toNumber())) continue;
      if (api.events.system.ExtrinsicSuccess.is(event)) b.ok++;
      if (api.events.system.ExtrinsicFailed.is(event)) {
        b.failed++;
        const err = event.data[0];
        let name = err.toString();
        if (err.isModule) {
          const m = api.registry.findMetaError(err.asModule);
          name = `${m.section}.${m.name}`;
        }
        b.errors.set(name, (b.errors.get(name) || 0) + 1);
      }
    }
    b.normalShare = Number((weight.normal.refTime.toBigInt() * 1_000_000n) / normalMax) / 1_000_000;
    b.timestamp = now.toNumber();
    const prev = await api.rpc.chain.getBlockHash(b.number - 1);
    b.prevTimestamp = (await (await api.at(prev)).query.timestamp.now()).toNumber();
  }
  return blocks;
}

/// Submit extrinsics in order, one at a time (a node's default pool keeps only 512 future
/// ones: many of one sender's, out of order, would be dropped), and wait for all of them
/// to be finalized; throws on any failure. For setup, not measured.
export async function setupBatch(ctx, xts, what) {
  const from = (await finalizedNumber(ctx)) + 1;
  const res = await submitAll({ submitters: ctx.submitters.slice(0, 1) }, xts, { window: 1 });
  if (res.rejected.size > 0) throw new Error(`${what}: rejected ${JSON.stringify([...res.rejected])}`);
  const { blocks, missing } = await follow(ctx, from, xts.map((x) => x.hash), { idleBlocks: 10 });
  if (missing.size > 0) throw new Error(`${what}: ${missing.size} extrinsics never included`);
  await inspect(ctx, blocks);
  const failed = blocks.reduce((s, b) => s + b.failed, 0);
  if (failed > 0) {
    const errors = new Map();
    for (const b of blocks) for (const [k, v] of b.errors) errors.set(k, (errors.get(k) || 0) + v);
    throw new Error(`${what}: ${failed} failed: ${JSON.stringify([...errors])}`);
  }
  log(`setup: ${what}: ${xts.length} extrinsics in ${blocks.length} blocks`);
  return blocks;
}

/// The ids of the ITOs created in `blocks` (as setupBatch returns them), in order.
export async function createdItos(api, blocks) {
  const ids = [];
  for (const b of blocks) {
    for (const { event } of await (await api.at(b.hash)).query.system.events()) {
      if (api.events.ito.ItoCreated.is(event)) ids.push(event.data.ito.toNumber());
    }
  }
  return ids;
}

/// Give every account `amount` from the six development accounts, at most 500 of one
/// sender's transfers in the pool at a time: a node's default pool keeps 819 future
/// extrinsics, and a longer chain of one sender's, validated out of order, overflows it
/// and is dropped after the RPC accepted it.
export async function fund(ctx, acc, amount) {
  const { api } = ctx;
  const per = 500;
  for (let start = 0; start < acc.list.length; start += per * acc.funders.length) {
    const targets = acc.list.slice(start, start + per * acc.funders.length);
    const xts = await presign(api, acc, targets.length, (i) => [acc.funders[i % acc.funders.length],
      api.tx.balances.transferKeepAlive(targets[i].address, amount)]);
    await setupBatch(ctx, xts, `fund accounts ${start}..${start + targets.length}`);
  }
}

