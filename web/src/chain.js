// How the app reaches a chain, and what it may connect to.
//
// - `?rpc=ws://…` (default ws://127.0.0.1:9944): a node's JSON-RPC over WebSocket. The
//   app trusts that node for every number it shows.
// - `?chain=NAME` or `?chain=https://…/spec.json`: a light client (smoldot) in the page,
//   started from a chain specification: NAME is a file the site serves at
//   chains/NAME.json. The light client joins the chain's peer-to-peer network through the
//   spec's bootnodes (which must have WebSocket addresses, `/ws` or `/wss`), warp-syncs
//   by GRANDPA finality proofs from the spec's genesis, and checks every storage value
//   and runtime call against a block header it verified: no node is trusted.
//
// Either way the app reads only through storage and runtime API calls (`state_call`),
// never through a node's own RPC methods (`ito_*`), so that both paths show the same
// thing and the light client can prove all of it.
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { ScProvider } from '@polkadot/rpc-provider/substrate-connect';
import { u8aToHex } from '@polkadot/util';
import { clean } from './dom.js';
import { implicitData, readSigned } from './signed.js';

/// The largest chain specification read (a Workchain spec with its genesis is about 2 MB),
/// and how long its server may take.
const MAX_SPEC_BYTES = 32 * 1024 * 1024;
const SPEC_TIMEOUT_MS = 30_000;

/// A Content-Security-Policy that narrows `connect-src` for the rest of the page's life
/// (a second policy, which every connection must pass besides the built app's).
function narrowConnections(sources) {
  const policy = document.createElement('meta');
  policy.httpEquiv = 'Content-Security-Policy';
  policy.content = `connect-src ${sources}`;
  document.head.append(policy);
}

/// The chain specification named by `?chain=`: a bare name is a file of this site
/// (chains/NAME.json); otherwise an https:// address (or one of this site's origin).
async function loadSpec(chain) {
  let url;
  if (/^[A-Za-z0-9_-]{1,64}$/.test(chain)) {
    url = new URL(`chains/${chain}.json`, location.href);
  } else {
    try {
      url = new URL(chain);
    } catch {
      throw new Error('?chain= is neither a chain name nor an address');
    }
    if (url.protocol !== 'https:' && url.origin !== location.origin) {
      throw new Error('?chain= must be a chain name or an https:// address');
    }
  }
  // Read with a deadline and a byte count: a hostile server can neither hang the page
  // nor fill its memory.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), SPEC_TIMEOUT_MS);
  let text;
  try {
    const response = await fetch(url, { credentials: 'omit', redirect: 'error', signal: abort.signal });
    if (!response.ok) throw new Error(`no chain specification at ${clean(url.pathname, 80)} (${response.status})`);
    if (Number(response.headers.get('content-length')) > MAX_SPEC_BYTES) throw new Error('the chain specification is too large');
    const reader = response.body.getReader();
    const parts = [];
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > MAX_SPEC_BYTES) {
        abort.abort();
        throw new Error('the chain specification is too large');
      }
      parts.push(value);
    }
    text = new TextDecoder().decode(await new Blob(parts).arrayBuffer());
  } catch (e) {
    throw abort.signal.aborted && !/too large/.test(e.message) ? new Error('the chain specification did not arrive in time') : e;
  } finally {
    clearTimeout(timer);
  }
  const spec = JSON.parse(text);
  if (!Array.isArray(spec.bootNodes) || !spec.bootNodes.some((a) => /\/wss?(\/|$)/.test(String(a)))) {
    throw new Error('the chain specification has no WebSocket bootnode (/ws or /wss), which a browser needs');
  }
  // Where the spec came from is part of what the page shows, never cut: a link to a spec
  // elsewhere can name its chain anything. Such a spec is not the site's own.
  const own = url.origin === location.origin;
  return { text, name: clean(spec.name ?? chain, 32), from: own ? '' : `; a specification from ${clean(url.host, 64)}, not this site's`, own };
}

/// `@polkadot/api`'s ScProvider drives a light client through an object shaped like
/// `@substrate/connect`'s; this one is smoldot itself (the maintained light client, a
/// newer release than the one `@substrate/connect` 0.8 pins). Loaded only when asked for:
/// it is a large part of the bundle.
async function smoldotConnect() {
  const { start } = await import('smoldot');
  let client = null;
  return {
    WellKnownChain: {},
    createScClient: () => ({
      addWellKnownChain: async () => { throw new Error('only chain specifications are supported'); },
      addChain: async (chainSpec, onResponse) => {
        client ??= start({ maxLogLevel: 2, cpuRateLimit: 0.8 });
        const chain = await client.addChain({ chainSpec });
        (async () => {
          for (;;) {
            let response;
            try {
              response = await chain.nextJsonRpcResponse();
            } catch {
              return; // the chain was removed, or the client stopped
            }
            try {
              onResponse(response);
            } catch (e) {
              console.warn('a light client response was not handled', e);
            }
          }
        })();
        return {
          sendJsonRpc: (request) => chain.sendJsonRpc(request),
          remove: () => chain.remove(),
        };
      },
    }),
  };
}

/// Connect as the page's address asks. Returns `{ api, provider, light, trusted,
/// endpoint }`: `trusted` for a node on this machine or a spec of this site; `endpoint`
/// is cleaned and fit to show whole.
export async function connect(search, onStatus) {
  const params = new URLSearchParams(search);
  const chain = params.get('chain');
  if (chain !== null) {
    onStatus(`loading the chain specification ${clean(chain, 80)}…`);
    const spec = await loadSpec(chain);
    // From here on: peer-to-peer WebSockets only (the light client verifies its peers'
    // answers, so it may use any peer it discovers), and no other fetch.
    narrowConnections('ws: wss:');
    onStatus(`light client: syncing ${spec.name} from its peers…`);
    const provider = new ScProvider(await smoldotConnect(), spec.text);
    await provider.connect();
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    return { api, provider, light: true, trusted: spec.own, endpoint: `light client (${spec.name}${spec.from})` };
  }
  const rpc = params.get('rpc') || 'ws://127.0.0.1:9944';
  let url;
  try {
    url = new URL(rpc);
  } catch {
    throw new Error('?rpc= is not an address');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error('?rpc= must be a ws:// or wss:// address');
  // The one node chosen: nothing else may be reached from here on.
  narrowConnections(url.origin);
  const provider = new WsProvider(url.href);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  // A node on this machine is the user's own; any other is trusted for everything shown
  // and for how calls are encoded (its metadata), which the page says.
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return { api, provider, light: false, trusted: local, endpoint: clean(url.origin, 80) };
}

const metadataHashes = new WeakMap();

/// Throws unless the parts of `metadata` that @polkadot/api encodes and decodes calls with,
/// and signs by, are parts that RFC-0078's hash covers. The hash covers the types reachable
/// from the extrinsic's call, address and signature types, and the extensions of extrinsic
/// version 0; @polkadot/api builds `api.tx` from the pallet list instead (each pallet's
/// index and call type) and signs with the full extension list. A node could serve the
/// true types plus a copy of a pallet's call enum with two calls swapped, and point the
/// pallet's entry at the copy: the hash would still be the runtime's own, and the page
/// would encode one call while showing another. So: the outer call type has exactly one
/// variant per pallet with calls, of that pallet's index and name, whose one field is that
/// pallet's call type; and the registry signs with the hashed extensions, in their order,
/// CheckMetadataHash among them.
function checkMetadata(metadata, registry) {
  const latest = metadata.asLatest;
  const { extrinsic, lookup, pallets } = latest;
  const refuse = (why) => { throw new Error(`the node's metadata does not hold together (${why}): nothing is signed`); };
  const outer = lookup.getSiType(extrinsic.callType).def;
  if (!outer.isVariant) refuse('the call type is not an enum');
  const variants = outer.asVariant.variants;
  const callable = pallets.filter((p) => p.calls.isSome);
  if (variants.length !== callable.length) refuse('pallets and calls differ in number');
  const matched = new Set();
  for (const pallet of callable) {
    const variant = variants.find((v) => v.index.eq(pallet.index));
    if (!variant || matched.has(variant) || !variant.name.eq(pallet.name) || variant.fields.length !== 1 ||
        !variant.fields[0].type.eq(pallet.calls.unwrap().type)) {
      refuse(`pallet ${clean(pallet.name.toString(), 40)}`);
    }
    matched.add(variant);
  }
  const byVersion = [...extrinsic.transactionExtensionsByVersion.entries()].find(([v]) => v.toNumber() === 0);
  const hashed = (byVersion?.[1] ?? []).map((i) => extrinsic.transactionExtensions[i.toNumber()]?.identifier.toString());
  const signed = registry.signedExtensions;
  if (hashed.length !== signed.length || hashed.some((id, i) => id !== signed[i]) || !signed.includes('CheckMetadataHash')) {
    refuse('the extensions signed are not the ones hashed');
  }
}

/// The RFC-0078 merkleizer of `metadata`, which must be the metadata `api` encodes calls
/// with and decodes them for the confirm dialog, with the units the page shows amounts in
/// (`tokenSymbol`, `decimals`): made from the very metadata the registry was built from,
/// not fetched again (a lying node would answer a second request with the true one), and
/// checked to hold together first (checkMetadata). Made once per metadata and units.
function merkleizer(api, metadata, units) {
  if (api.runtimeMetadata !== metadata) throw new Error("the chain's metadata changed: nothing is signed; try again");
  // After an upgrade @polkadot/api reloads metadata V14 (state_getMetadata), which has no
  // RFC-0078 hash: the app reloads then (main.js), and signs nothing before.
  if (metadata.version < 15) throw new Error("the chain's runtime was upgraded: reload the page to sign for it");
  const key = `${units.decimals} ${units.tokenSymbol}`;
  let made = metadataHashes.get(metadata);
  if (!made) {
    checkMetadata(metadata, api.registry);
    made = new Map();
    metadataHashes.set(metadata, made);
  }
  if (!made.has(key)) made.set(key, merkleizeMetadata(metadata.toU8a(), units));
  return made.get(key);
}

/// The metadata hash (RFC-0078) of `metadata` (see merkleizer). The app signs with it
/// (CheckMetadataHash, mode 1): the runtime accepts the transaction only if the hash is its
/// own, i.e. if the types below were the runtime's.
export function metadataHash(api, metadata, units) {
  return u8aToHex(merkleizer(api, metadata, units).digest());
}

/// What the signed transaction `bytes` says, read with only the types that metadata's hash
/// covers, and the payload its signature must be over given what the signer was `given`
/// (signed.js, readSigned and implicitData).
export function readTransaction(api, metadata, units, bytes, given) {
  const m = merkleizer(api, metadata, units);
  return readSigned(m, bytes, implicitData(given, m.digest()));
}
