// What the app checks before it sends (web/src/signed.js), on the dev node: every pallet-ito
// call the app makes, in every form it makes it (each kind of proposal included), signed
// with mode 1 and the runtime's metadata hash, reads back as exactly the call asked for;
// and a transaction that differs from the call asked for in its call, one argument, its
// signer, its tip, its mode or its era, or whose signature is over another payload than
// the one it carries, is refused. No browser: signed.js is plain code.
//
// Run by scripts/web-test.sh beside the browser tests, on the same dev node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { RPC_PORT, UNIT, WORK_UNITS } from './browser.js';
import { expectSigned, implicitData, readSigned } from '../src/signed.js';

let api;
let merkleizer;
let alice;
let bob;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = [keyring.addFromUri('//Alice'), keyring.addFromUri('//Bob')];
  api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${RPC_PORT}`), noInitWarn: true });
  merkleizer = merkleizeMetadata(api.runtimeMetadata.toU8a(), WORK_UNITS);
});

after(() => api?.disconnect());

/// `ito.method(...args)` signed by `pair` with `options` (mode 1 and the runtime's hash
/// unless they say otherwise) through a wallet's signPayload, as the app signs, read back
/// by signed.js; `wallet(payload)` is the payload the wallet really signs (by default the
/// one it was given).
async function signedRead(method, args, pair = alice, options = {}, wallet = (payload) => payload) {
  const tx = api.tx.ito[method](...args);
  let given;
  const signer = {
    signPayload: async (payload) => {
      given = payload;
      const signed = wallet(payload);
      return { id: 0, signature: api.registry.createType('ExtrinsicPayload', signed, { version: signed.version }).sign(pair).signature };
    },
  };
  await tx.signAsync(pair.address, { mode: 1, metadataHash: u8aToHex(merkleizer.digest()), ...options, signer });
  return readSigned(merkleizer, tx.toU8a(), implicitData(given, merkleizer.digest()));
}

const HASH = `0x${'ab'.repeat(32)}`;
const CALLS = [
  ['createIto', ['0x4974c3b8', 2n * UNIT, UNIT, 1_000n * UNIT, null, null, null, false, [], null, null]],
  ['createIto', ['0x61', UNIT, 1n, 5n, 10, 3n * UNIT, 7n * UNIT, true, [1, 2], 500_000_000, 1]],
  ['buy', [3, 2n * UNIT]],
  ['submitWork', [1, HASH, '0x68747470733a2f2f', null]],
  ['submitWork', [1, HASH, '0x', [{ Asset: 5 }, 9n]]],
  ['submitWork', [1, HASH, '0x', ['Native', 9n]]],
  ['addReward', [1, 'Native', 5n]],
  ['addReward', [1, { Asset: 4_294_967_295 }, 5n]],
  ['validate', [1, 0, UNIT]],
  ['claim', [1, '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty']], // Bob, as an address typed
  ['refund', [1, UNIT]],
  ['propose', [1, { AcceptAsset: 7 }]],
  ['propose', [1, { StopAsset: 7 }]],
  ['propose', [1, { SetMinValidation: UNIT }]],
  ['propose', [1, { SetApprovalRequired: true }]],
  ['propose', [1, { SetPurchaseLimits: { min: 1n, max: 2n } }]],
  ['propose', [1, { SetQuorum: 500_000_000 }]],
  ['propose', [1, { SetValidationQuorum: 0 }]],
  ['propose', [1, { Signal: { hash: HASH, uri: '0x6869' } }]],
  ['vote', [1, 0, true]],
  ['vote', [1, 4_294_967_295, false]],
];

test('every call the app makes reads back as the call asked for', async () => {
  for (const [method, args] of CALLS) {
    const read = await signedRead(method, args);
    assert.doesNotThrow(() => expectSigned(read, { pallet: 'ito', method, args }, alice.address), `${method} ${JSON.stringify(args, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`);
  }
});

test('a transaction that is not the call asked for is refused', async () => {
  const asked = { pallet: 'ito', method: 'buy', args: [3, 2n * UNIT] };
  const refused = async (why, read, intent = asked) => assert.throws(() => expectSigned(read, intent, alice.address), why);
  await refused(/refund, not buy/, await signedRead('refund', [3, 2n * UNIT]));
  await refused(/argument 2/, await signedRead('buy', [3, 2n * UNIT + 1n]));
  await refused(/argument 1/, await signedRead('buy', [4, 2n * UNIT]));
  await refused(/another signer/, await signedRead('buy', asked.args, bob));
  await refused(/a tip/, await signedRead('buy', asked.args, alice, { tip: 1 }));
  await refused(/no metadata hash/, await signedRead('buy', asked.args, alice, { mode: 0, metadataHash: undefined }));
  await refused(/an immortal era/, await signedRead('buy', asked.args, alice, { era: 0 }));
  // A wallet that signs the payload without the metadata hash (mode 0), or for another
  // hash, or for another call, while the page builds the transaction with mode 1: the
  // signature is not over what would be sent.
  for (const wallet of [
    (payload) => ({ ...payload, mode: 0, metadataHash: null }),
    (payload) => ({ ...payload, metadataHash: `0x${'00'.repeat(32)}` }),
    (payload) => ({ ...payload, method: api.tx.ito.refund(3, 2n * UNIT).method.toHex() }),
  ]) {
    await refused(/a signature over another payload/, await signedRead('buy', asked.args, alice, {}, wallet));
  }
  await refused(/argument 3/, await signedRead('vote', [1, 0, false]), { pallet: 'ito', method: 'vote', args: [1, 0, true] });
  await refused(/argument 2/, await signedRead('propose', [1, { StopAsset: 7 }]), { pallet: 'ito', method: 'propose', args: [1, { AcceptAsset: 7 }] });
  await refused(/argument 4/, await signedRead('submitWork', [1, HASH, '0x', null]), { pallet: 'ito', method: 'submitWork', args: [1, HASH, '0x', ['Native', 9n]] });
});
