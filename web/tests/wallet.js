// A browser wallet for the browser suite: the page gets an extension injected through the
// real `@polkadot/extension-inject` (bundled by esbuild into a script that runs before
// the app), with `accounts.get`/`subscribe` and `signer.signPayload`, as the polkadot{.js}
// extension gives a page. Like a real extension, it keeps its keys outside the page: the
// secret keys stay in this test process, which signs each payload the page asks it to
// sign (through `page.exposeFunction`), after decoding it with the chain's registry as the
// polkadot{.js} extension does. The app never sees a key.
import { build } from 'esbuild';

export const WALLET = 'workchain-test-wallet';

const STUB = `
import { injectExtension } from '@polkadot/extension-inject';
const accounts = JSON.parse(ACCOUNTS_JSON);
let id = 0;
injectExtension(async () => ({
  accounts: {
    get: async () => accounts,
    subscribe: (cb) => { cb(accounts); return () => {}; },
  },
  signer: {
    signPayload: async (payload) => {
      const signature = await window.walletSign(JSON.stringify(payload));
      return { id: ++id, signature };
    },
  },
}), { name: '${WALLET}', version: '1.0.0' });
`;

/// Inject the wallet into `page` (before any of its scripts run) with `pairs` (keyring
/// pairs, `{ name, pair }`). `api` decodes the payloads. Returns the log of what was signed:
/// `{ address, section, method, mode, metadataHash }` per signature.
export async function injectWallet(page, api, pairs) {
  const accounts = pairs.map(({ name, pair }) => ({ address: pair.address, name, type: 'sr25519' }));
  const bundled = await build({
    stdin: { contents: STUB, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    define: { ACCOUNTS_JSON: JSON.stringify(JSON.stringify(accounts)) },
    logLevel: 'error',
  });
  const signed = [];
  await page.exposeFunction('walletSign', (json) => {
    const payload = JSON.parse(json);
    const owner = pairs.find(({ pair }) => pair.address === payload.address);
    if (!owner) throw new Error(`the wallet has no key for ${payload.address}`);
    const extrinsic = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version });
    const call = api.registry.createType('Call', payload.method);
    // CheckMetadataHash: the mode and the metadata hash the signature covers.
    const hash = extrinsic.metadataHash;
    signed.push({
      address: payload.address, section: call.section, method: call.method,
      mode: payload.mode, metadataHash: hash?.isSome ? hash.unwrap().toHex() : null,
    });
    return extrinsic.sign(owner.pair).signature;
  });
  await page.addInitScript({ content: bundled.outputFiles[0].text });
  return signed;
}
