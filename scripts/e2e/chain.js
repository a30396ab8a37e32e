// Shared by the e2e, join and equivocation suites: connecting to a node on 127.0.0.1,
// sending a signed transaction until it is in a block, and waiting on a chain.
import { ApiPromise, WsProvider } from '@polkadot/api';

/// An API on the node whose RPC is on 127.0.0.1:`port`, and its provider (for RPC
/// methods @polkadot/api does not decorate). Retries for up to 120 s while the node starts.
export async function connect(port) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      // Requests wait up to 300 s (the default, 60 s, is too short for a flooded node on a
      // machine that runs every suite at once: a late answer then failed a passed test).
      const provider = new WsProvider(`ws://127.0.0.1:${port}`, false, {}, 300_000);
      await provider.connect();
      await new Promise((resolve, reject) => {
        provider.on('connected', resolve);
        provider.on('error', reject);
        setTimeout(() => reject(new Error('connect timeout')), 2_000);
      });
      return [await ApiPromise.create({ provider, noInitWarn: true }), provider];
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/// Sign and send `tx`, wait for inclusion (with `finalized: true`, for finality: on a
/// network of several validators a block can be retracted, and a later step that depends
/// on this one then runs before it); resolve with the events of the extrinsic (an array
/// with the hash of the block that holds it as `blockHash`), or reject with the pallet
/// error name (`section.Name`) if it failed.
export function send(api, tx, signer, options = {}) {
  const { finalized = false, ...signOptions } = options;
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, signOptions, ({ status, events, dispatchError }) => {
      if (finalized ? !status.isFinalized : !status.isInBlock) return;
      if (unsub) unsub();
      if (dispatchError) {
        if (dispatchError.isModule) {
          const meta = api.registry.findMetaError(dispatchError.asModule);
          reject(new Error(`${meta.section}.${meta.name}`));
        } else {
          reject(new Error(dispatchError.toString()));
        }
        return;
      }
      const blockHash = (finalized ? status.asFinalized : status.asInBlock).toHex();
      resolve(Object.assign(events.map((e) => e.event), { blockHash }));
    }).then((u) => { unsub = u; }).catch(reject);
  });
}

/// Calls `check` every `pollMs` until it returns something truthy, and returns that; throws
/// `${what}: not within ${timeoutSeconds}s` once the time is up.
export async function waitFor(what, timeoutSeconds, check, pollMs = 1_000) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutSeconds}s`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/// The number of the finalized block of `api`'s node.
export async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

/// The number of the best block of `api`'s node.
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}
