// What a signed transaction says, read with nothing but the types RFC-0078's metadata hash
// covers, which the runtime checks (CheckMetadataHash): the signer, each extension's data
// and the call with its arguments. @polkadot/types cannot be trusted to read it when the
// node is hostile: it takes type names, paths and parameters from the node's metadata that
// the hash does not cover, and a node can make it encode one call (or one argument) while
// it shows another, under the runtime's own hash. So after signing, the app reads the
// transaction here, from the proof of its types (merkleize-metadata's, the one a hardware
// wallet checks), and sends it only if it is the call the form asked for (main.js).
import { proof as proofCodec } from '@polkadot-api/merkleize-metadata';
import { blake2AsU8a, decodeAddress, signatureVerify } from '@polkadot/util-crypto';
import { bnToU8a, hexToU8a, isHex, stringCamelCase, u8aConcat, u8aEq } from '@polkadot/util';

/// Marks the enums readSigned returns (no struct of the transaction can pose as one).
const ENUM = Symbol('enum');

const INTS = {
  u8: [1, false], u16: [2, false], u32: [4, false], u64: [8, false], u128: [16, false], u256: [32, false],
  i8: [1, true], i16: [2, true], i32: [4, true], i64: [8, true], i128: [16, true], i256: [32, true],
};

/// Little-endian bytes as an integer (two's complement if `signed`).
function le(bytes, signed = false) {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  if (signed && bytes.length && bytes[bytes.length - 1] & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return v;
}

class Reader {
  constructor(bytes) { this.bytes = bytes; this.at = 0; }
  take(n) {
    if (n > this.bytes.length - this.at) throw new Error('the transaction ends early');
    this.at += n;
    return this.bytes.subarray(this.at - n, this.at);
  }
  compact() {
    const [b] = this.take(1);
    switch (b & 3) {
      case 0: return BigInt(b >> 2);
      case 1: return le([b, ...this.take(1)]) >> 2n;
      case 2: return le([b, ...this.take(3)]) >> 2n;
      default: return le(this.take((b >> 2) + 4));
    }
  }
}

/// A reader of values of the proof's types. An enum is `{ variant, path, value }`; fields
/// are `undefined` (none), the value (one unnamed), an array (unnamed) or an object (named);
/// integers are BigInts, byte sequences and arrays Uint8Arrays.
function typeReader(leaves) {
  const byId = new Map();
  for (const leaf of leaves) {
    if (!byId.has(leaf.typeId)) byId.set(leaf.typeId, []);
    byId.get(leaf.typeId).push(leaf);
  }
  const fields = (list, r) => {
    if (list.length === 0) return undefined;
    const values = list.map((f) => read(f.ty, r));
    if (list.every((f) => f.name === undefined)) return values.length === 1 ? values[0] : values;
    return Object.fromEntries(list.map((f, i) => [f.name, values[i]]));
  };
  const many = (ref, n, r) => {
    if (n > r.bytes.length - r.at && ref.tag !== 'void') throw new Error('the transaction ends early');
    if (ref.tag === 'u8') return r.take(Number(n)).slice();
    return Array.from({ length: Number(n) }, () => read(ref, r));
  };
  function read(ref, r) {
    const { tag } = ref;
    if (tag === 'void') return undefined;
    if (tag === 'bool') {
      const [b] = r.take(1);
      if (b > 1) throw new Error('not a bool');
      return b === 1;
    }
    if (tag === 'char') return le(r.take(4));
    if (tag === 'str') return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(r.take(Number(r.compact())));
    if (INTS[tag]) return le(r.take(INTS[tag][0]), INTS[tag][1]);
    if (tag.startsWith('compact')) return r.compact();
    const entries = byId.get(ref.value);
    if (!entries) throw new Error('a type outside the proof');
    const def = entries[0].typeDef;
    switch (def.tag) {
      case 'enumeration': {
        const [index] = r.take(1);
        const leaf = entries.find((e) => e.typeDef.value.index === index);
        if (!leaf) throw new Error('an enum variant outside the proof');
        return { [ENUM]: true, variant: leaf.typeDef.value.name, path: entries[0].path, value: fields(leaf.typeDef.value.fields, r) };
      }
      case 'composite': return fields(def.value, r);
      case 'sequence': return many(def.value, r.compact(), r);
      case 'array': return many(def.value.typeParam, BigInt(def.value.len), r);
      case 'tuple': return def.value.map((t) => read(t, r));
      default: throw new Error(`a ${def.tag} is not read`);
    }
  }
  return read;
}

/// What the signed transaction `bytes` (as submitted: length-prefixed) says, read with the
/// types of `merkleizer` (merkleize-metadata's, of the metadata it was signed for):
/// `{ signer, signature, extensions: { identifier: value }, call, payload }`, where
/// `payload` is what its signature must be over: the call, each extension's data, and each
/// extension's implicit data (`implicit(identifier)`: bytes, checked against its type), with
/// mode 1 and this metadata's hash. Throws if the bytes do not read as one signed
/// transaction of those types, exactly.
export function readSigned(merkleizer, bytes, implicit) {
  const first = proofCodec.dec(merkleizer.getProofForExtrinsic(bytes));
  const extra = u8aConcat(...first.extrinsic.signedExtensions.map((e) => implicit(e.identifier)));
  const { leaves, extrinsic } = proofCodec.dec(merkleizer.getProofForExtrinsic(bytes, extra));
  const read = typeReader(leaves);
  const r = new Reader(bytes);
  if (r.compact() !== BigInt(bytes.length - r.at)) throw new Error('the transaction\'s length is wrong');
  if (r.take(1)[0] !== (0x80 | extrinsic.version)) throw new Error('not a signed transaction of this version');
  const signer = read(extrinsic.addressTy, r);
  const signature = read(extrinsic.signatureTy, r);
  const explicitAt = r.at;
  const extensions = Object.fromEntries(extrinsic.signedExtensions.map((e) => [e.identifier, read(e.includedInExtrinsic, r)]));
  const callAt = r.at;
  const call = read(extrinsic.callTy, r);
  if (r.at !== bytes.length) throw new Error('the transaction has bytes left over');
  const ri = new Reader(extra);
  for (const e of extrinsic.signedExtensions) read(e.includedInSignedData, ri);
  if (ri.at !== extra.length) throw new Error('the implicit data does not fit its types');
  const payload = u8aConcat(bytes.subarray(callAt), bytes.subarray(explicitAt, callAt), extra);
  return { signer, signature, extensions, call, payload };
}

/// The implicit data of this runtime's extensions (runtime/src/lib.rs, TxExtension) for the
/// payload `given` to the signer (@polkadot/api's SignerPayloadJSON), with mode 1 and
/// `digest`: for readSigned. The other extensions sign nothing implicit (readSigned checks
/// that against their hashed types).
export function implicitData(given, digest) {
  const u32 = (value) => bnToU8a(BigInt(value), { bitLength: 32 });
  const data = {
    CheckSpecVersion: () => u32(given.specVersion),
    CheckTxVersion: () => u32(given.transactionVersion),
    CheckGenesis: () => hexToU8a(given.genesisHash),
    CheckMortality: () => hexToU8a(given.blockHash),
    CheckMetadataHash: () => u8aConcat([1], digest),
  };
  return (identifier) => (Object.hasOwn(data, identifier) ? data[identifier]() : new Uint8Array());
}

/// A name of the metadata as @polkadot/api spells it in `api.tx` and in argument objects.
const camel = (name) => stringCamelCase(String(name));
const isEnum = (t) => t !== null && typeof t === 'object' && t[ENUM] === true;

/// Whether the value `a` that the app passed to @polkadot/api is the value `t` read above.
export function same(a, t) {
  if (isEnum(t) && t.path.length === 1 && t.path[0] === 'Option') {
    return a == null ? t.variant === 'None' : t.variant === 'Some' && same(a, t.value);
  }
  if (a == null) return t === undefined;
  if (typeof a === 'bigint' || typeof a === 'number') return typeof t === 'bigint' && BigInt(a) === t;
  if (typeof a === 'boolean') return t === a;
  if (a instanceof Uint8Array) return t instanceof Uint8Array && u8aEq(a, t);
  if (typeof a === 'string') {
    if (t instanceof Uint8Array) {
      if (isHex(a)) return u8aEq(hexToU8a(a), t);
      // Otherwise only an address (the app passes every other byte string as hex).
      try {
        const key = decodeAddress(a);
        return key.length === 32 && u8aEq(key, t);
      } catch {
        return false;
      }
    }
    if (typeof t === 'bigint') return /^\d+$/.test(a) && BigInt(a) === t;
    if (isEnum(t)) return t.value === undefined && t.variant === a;
    return t === a;
  }
  if (Array.isArray(a)) {
    const list = t instanceof Uint8Array ? [...t].map(BigInt) : t;
    return Array.isArray(list) && list.length === a.length && a.every((x, i) => same(x, list[i]));
  }
  if (typeof a === 'object') {
    const keys = Object.keys(a);
    if (isEnum(t)) return keys.length === 1 && keys[0] === t.variant && same(a[keys[0]], t.value);
    if (t === null || typeof t !== 'object' || t instanceof Uint8Array || Array.isArray(t)) return false;
    const named = Object.keys(t);
    // One to one: each key of `a` names one field of `t`, as is or camel-cased.
    return keys.length === named.length && new Set(keys).size === keys.length && named.every((n) => {
      const k = keys.find((key) => key === n || key === camel(n));
      return k !== undefined && same(a[k], t[n]);
    });
  }
  return false;
}

/// Throws unless `read` (readSigned's) is `pallet.method(...args)` (as the app called
/// @polkadot/api: `ito`, `createIto`) signed by `address`, with no tip, mode 1 and a
/// mortal era, and its signature is by `address` over `read.payload`: so it authorises
/// these bytes and nothing else (a wallet that signed another payload, say with mode 0, is
/// refused before anything is sent).
export function expectSigned(read, { pallet, method, args }, address) {
  const refuse = (why) => { throw new Error(`the transaction signed is not the one asked (${why}): nothing is sent`); };
  const { call, signer, extensions } = read;
  if (!isEnum(call) || camel(call.variant) !== pallet) refuse('another pallet');
  if (!isEnum(call.value) || camel(call.value.variant) !== method) refuse(`${call.value?.variant ?? 'another call'}, not ${method}`);
  const values = call.value.value === undefined ? [] : Object.values(call.value.value);
  if (values.length !== args.length) refuse('other arguments');
  args.forEach((a, i) => { if (!same(a, values[i])) refuse(`argument ${i + 1}`); });
  if (!isEnum(signer) || signer.variant !== 'Id' || !same(address, signer.value)) refuse('another signer');
  if (extensions.ChargeTransactionPayment !== 0n) refuse('a tip');
  const mode = extensions.CheckMetadataHash?.mode ?? extensions.CheckMetadataHash;
  if (mode?.variant !== 'Enabled') refuse('no metadata hash');
  if (!/^Mortal\d+$/.test(extensions.CheckMortality?.variant ?? '')) refuse('an immortal era');
  const { signature } = read;
  const message = read.payload.length > 256 ? blake2AsU8a(read.payload, 256) : read.payload;
  const verified = isEnum(signature) && signature.value instanceof Uint8Array &&
    signatureVerify(message, signature.value, address);
  if (!verified || !verified.isValid || verified.crypto !== signature.variant.toLowerCase()) refuse('a signature over another payload');
}
