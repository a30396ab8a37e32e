// A `workchain-node --dev` for one test file: started on 127.0.0.1 (RPC on `port`, p2p on
// a free port) before the file's tests and stopped after them, with the helpers the
// end-to-end tests share. E2E_EXTERNAL_NODE=1 drives a node already running on `port`
// (ito.test.js: RPC_PORT; governance.test.js: RPC_PORT + 1).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, send as sendWith } from './chain.js';

/// Registers the file's `before` and `after` hooks. A test takes the node's `api`,
/// `provider`, `keyring` and `alice` from `await dev.ready` (the node's start, in a
/// `before` hook of this module, is not awaited by the file's own hooks).
export function useDevNode(port) {
  const dev = {};
  let node;
  let up;
  let down;
  /// Resolves with `dev` once the node answers; rejects if its start failed.
  dev.ready = new Promise((resolve, reject) => { up = resolve; down = reject; });
  dev.ready.catch(() => {}); // reported by the hook that failed
  before(() => start().then(() => up(dev), (e) => { down(e); throw e; }));
  async function start() {
    if (!process.env.E2E_EXTERNAL_NODE) {
      assert.ok(process.env.NODE_BIN, 'NODE_BIN must point to workchain-node');
      node = spawn(process.env.NODE_BIN, ['--dev', '--rpc-port', String(port), '--port', '0',
        '--no-prometheus', '--no-telemetry', '--no-mdns'], { stdio: ['ignore', 'ignore', 'pipe'] });
      // Its last output, shown if it stops before the tests are done.
      let tail = '';
      node.stderr.on('data', (d) => { tail = (tail + d).slice(-2000); });
      node.on('exit', (code) => down(new Error(`workchain-node on port ${port} exited (${code}): ${tail}`)));
      node.on('error', (e) => down(e));
    }
    await cryptoWaitReady();
    dev.keyring = new Keyring({ type: 'sr25519' });
    dev.alice = dev.keyring.addFromUri('//Alice');
    [dev.api, dev.provider] = await connect(port);
  }
  after(async () => {
    if (dev.api) await dev.api.disconnect();
    if (node) node.kill('SIGINT');
  });
  const bestNumber = async () => (await dev.api.rpc.chain.getHeader()).number.toNumber();
  return Object.assign(dev, {
    /// Sign and send `tx` with this node's API (see `send` in chain.js).
    send: (tx, signer, options = {}) => sendWith(dev.api, tx, signer, options),
    free: async (who) => (await dev.api.query.system.account(who)).data.free.toBigInt(),
    async assetBalance(id, who) {
      const acc = await dev.api.query.assets.account(id, who);
      return acc.isSome ? acc.unwrap().balance.toBigInt() : 0n;
    },
    bestNumber,
    async waitForBlock(n) {
      while ((await bestNumber()) < n) await new Promise((r) => setTimeout(r, 1_000));
    },
    /// A new account (a random phrase) named `name` in its derivation path.
    fresh: (name) => dev.keyring.addFromUri(`${mnemonicGenerate()}//${name}`),
  });
}
