// The browser suite on a live chain: a one-validator network whose chain spec
// scripts/new-network.sh made (ChainType Live: no development account, no sudo), with two
// accounts endowed at genesis whose keys only the test's wallet extension holds
// (wallet.js).
//
// 1. Through the node's RPC, the app offers only the wallet's accounts (never the public
//    development keys), and an ITO's life runs through the extension's signer: create,
//    buy, add a reward, claim (an exact payout), refund; each signed for the runtime's
//    metadata hash (CheckMetadataHash), which the chain accepting them confirms.
// 2. Through the light client (`?chain=`), the app syncs from the network's bootnode in
//    the page, shows the same ITO as through the node, and sends a purchase signed by the
//    wallet. The time of the light client's first sync is printed.
//
// Run by scripts/web-test.sh, which starts the network (LIVE_RPC_PORT) and serves its
// spec with the app (chains/LIVE_CHAIN.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ARTIFACTS, UNIT, WEB_PORT, metadataHashOf, newPage, openBrowser, reads, ui } from './browser.js';
import { WALLET, injectWallet } from './wallet.js';

const LIVE_RPC_PORT = Number(process.env.LIVE_RPC_PORT || 29968);
const LIVE_CHAIN = process.env.LIVE_CHAIN || 'workchain_web_live';
const LEN = 8; // work block length of the test ITO, in chain blocks

let api;
let browser;
let page;
let wallet;
let signed;
let chain;
let ito;

function phrases() {
  const text = process.env.WALLET_PHRASES;
  if (!text) throw new Error('WALLET_PHRASES is not set: run this suite through scripts/web-test.sh');
  return text.trim().startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean);
}

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [operator, buyer] = phrases();
  wallet = { operator: keyring.addFromUri(operator), buyer: keyring.addFromUri(buyer) };
  api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${LIVE_RPC_PORT}`), noInitWarn: true });
  chain = reads(api);
  ({ browser, page } = await openBrowser());
  signed = await injectWallet(page, api, [{ name: 'Operator', pair: wallet.operator }, { name: 'Buyer', pair: wallet.buyer }]);
});

after(async () => {
  await browser?.close();
  await api?.disconnect();
});

/// The runtime's metadata hash (RFC-0078, in WORK with 12 decimals), from the metadata the
/// node's runtime returns: every transaction the app signs must carry it (CheckMetadataHash,
/// mode 1), and the chain accepting them shows that the runtime's own hash is the same.
async function runtimeMetadataHash() {
  return metadataHashOf((await api.call.metadata.metadataAtVersion(15)).unwrap().toU8a(true));
}

/// The accounts page `p` offers, by name and source (without their addresses).
async function offered(p) {
  return (await p.locator('[data-testid=account] option').allTextContents()).map((o) => o.replace(/ \S+$/, ''));
}

/// A new page with the wallet (the buyer's key only) whose light client starts from the
/// spec the site serves as chains/`chain`.json: `{ page, signed, seconds }` once it is
/// connected, `seconds` from the page's load.
async function lightPage(chain) {
  const p = await newPage(browser);
  const signed = await injectWallet(p, api, [{ name: 'Buyer', pair: wallet.buyer }]);
  const t0 = Date.now();
  await p.goto(`http://127.0.0.1:${WEB_PORT}/?chain=${chain}`);
  await p.getByTestId('status').filter({ hasText: /connected to Workchain Web Live \(light client\)/ }).waitFor({ timeout: 180_000 });
  return { page: p, signed, seconds: (Date.now() - t0) / 1000 };
}

test('on a live chain, the app signs only through the wallet extension', { timeout: 600_000 }, async () => {
  assert.ok((await api.rpc.system.chainType()).isLive, 'the network is Live');
  await page.goto(`http://127.0.0.1:${WEB_PORT}/?rpc=ws://127.0.0.1:${LIVE_RPC_PORT}`);
  await page.getByTestId('status').filter({ hasText: /connected to Workchain Web Live$/ }).waitFor({ timeout: 60_000 });
  assert.deepEqual(await offered(page), [`Operator (${WALLET})`, `Buyer (${WALLET})`],
    'only the wallet\'s accounts; no development account on a live chain');
  const { as, fill, submit, signAndWait } = ui(page);

  // The operator creates an ITO; the buyer pays 10 WORK for 10 tokens in work block 0.
  ito = (await api.query.ito.nextItoId()).toNumber();
  await as(wallet.operator.address);
  await page.getByTestId('open-create').click();
  await fill('create-form', { name: 'Live ITO', price: '1', min: '1', max: '100', length: LEN });
  await submit('create-form');
  await signAndWait('Create ITO');
  const record = (await api.query.ito.itos(ito)).unwrap();
  const start = record.start.toNumber();
  const token = record.token.toNumber();
  await page.getByTestId(`open-ito-${ito}`).click();
  await page.getByTestId('detail').waitFor();
  await as(wallet.buyer.address);
  await fill('buy-form', { amount: '10' });
  await submit('buy-form');
  await signAndWait('Buy');
  assert.equal(await chain.asset(token, wallet.buyer.address), 10n * UNIT);
  assert.ok((await chain.bestNumber()) < start + LEN - 1, 'the purchase is in work block 0');

  // Work block 1: the operator adds 4 WORK for the holders; the buyer's 10 tokens are
  // the only eligible ones.
  await chain.waitForBlock(start + LEN);
  await page.getByTestId('open-index').filter({ hasText: '#1' }).waitFor();
  await as(wallet.operator.address);
  await fill('reward-form', { amount: '4' });
  await submit('reward-form');
  await signAndWait('Add reward');

  // After the close, the operator claims for the buyer (who pays no fee): exactly 4 WORK.
  await chain.waitForBlock(start + 2 * LEN);
  await page.getByTestId('history-1').waitFor({ timeout: 30_000 });
  const before = await chain.free(wallet.buyer.address);
  await fill('claim-form', { who: wallet.buyer.address });
  await submit('claim-form');
  await signAndWait('Claim');
  assert.equal(await chain.free(wallet.buyer.address) - before, 4n * UNIT);

  // The buyer returns 5 tokens at the fixed price.
  await as(wallet.buyer.address);
  await fill('refund-form', { tokens: '5' });
  await submit('refund-form');
  await signAndWait('Refund');
  assert.equal(await chain.asset(token, wallet.buyer.address), 5n * UNIT);
  await page.screenshot({ path: `${ARTIFACTS}live-wallet.png`, fullPage: true });

  // Every call was signed by the extension, by the account that sent it.
  const o = wallet.operator.address;
  const b = wallet.buyer.address;
  assert.deepEqual(signed.map((s) => `${s.address === o ? 'operator' : s.address === b ? 'buyer' : s.address} ${s.section}.${s.method}`),
    ['operator ito.createIto', 'buyer ito.buy', 'operator ito.addReward', 'operator ito.claim', 'buyer ito.refund']);
  // Each for this runtime's metadata only.
  const hash = await runtimeMetadataHash();
  assert.deepEqual(signed.map((s) => [s.mode, s.metadataHash]), signed.map(() => [1, hash]));
});

test('the light client shows the same ITO as the node, and sends through the wallet', { timeout: 600_000 }, async () => {
  assert.notEqual(ito, undefined, 'the first test made the ITO');
  const { page: light, signed: lightSigned, seconds: synced } = await lightPage(LIVE_CHAIN);
  await light.getByTestId(`open-ito-${ito}`).click();
  await light.getByTestId('detail').waitFor();
  await light.getByTestId('history-1').waitFor({ timeout: 60_000 });
  console.log(`web-test: the light client's first sync took ${synced.toFixed(1)} s (page load to the first verified read)`);
  assert.match(await light.getByTestId('chain').textContent(), /through light client \(Workchain Web Live\)/);
  assert.deepEqual(await offered(light), [`Buyer (${WALLET})`], 'no development account through the light client either');

  // The same state on both pages, once both have read the same block: the ITO's settings
  // and supply, its closed blocks and the buyer's account.
  await page.bringToFront();
  await ui(page).as(wallet.buyer.address);
  const same = ['detail-info', 'history', 'mine'];
  const texts = (p) => Promise.all(same.map((id) => p.locator(`#${id}`).textContent()));
  let rpcTexts;
  let lightTexts;
  for (let i = 0; i < 60; i++) {
    [rpcTexts, lightTexts] = await Promise.all([texts(page), texts(light)]);
    if (JSON.stringify(rpcTexts) === JSON.stringify(lightTexts)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.deepEqual(lightTexts, rpcTexts);
  assert.match(lightTexts[2], /Holding 5 ITO\d+ tokens/);

  // A purchase through the light client, signed by the wallet.
  const { fill, submit, signAndWait } = ui(light);
  const token = (await api.query.ito.itos(ito)).unwrap().token.toNumber();
  await fill('buy-form', { amount: '2' });
  await submit('buy-form');
  await signAndWait('Buy');
  assert.equal(await chain.asset(token, wallet.buyer.address), 7n * UNIT);
  assert.deepEqual(lightSigned.map((s) => [`${s.section}.${s.method}`, s.mode, s.metadataHash]),
    [['ito.buy', 1, await runtimeMetadataHash()]]);
  await light.screenshot({ path: `${ARTIFACTS}light-client.png`, fullPage: true });
  await light.close();
});

test('a chain spec that calls the live chain a development one gets no development accounts', { timeout: 300_000 }, async () => {
  // The spec's chain type is not covered by any proof: a copy of the live chain's spec
  // saying "Development" syncs the real chain. The app asks the verified validator set,
  // which on this chain is not made of development accounts.
  const { page: hostile } = await lightPage(`${LIVE_CHAIN}_says_dev`);
  // The light client does say "Development": the validator set is what keeps the keys out.
  assert.equal(await hostile.evaluate(async () => (await window.workchain.state.api.rpc.system.chainType()).toString()), 'Development');
  assert.deepEqual(await offered(hostile), [`Buyer (${WALLET})`]);
  await hostile.close();
});
