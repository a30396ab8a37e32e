// The browser suite against a hostile chain: every string the app shows from the chain is
// filled with markup, script, bidirectional-override characters and absurd values, by an
// account that anyone could be (Ferdie): two assets (about 11 WORK each on a live chain)
// with hostile symbols, one with 255 decimals; an ITO with a hostile name that accepts
// them; a work item with a hostile URI; rewards in both; a proposal whose text is at that
// URI. The app must show all of it as
// text: nothing runs, no element or event handler comes from chain data, no symbol can
// pose as another asset, and the page's Content-Security-Policy holds (it blocks any other
// connection, and the app itself triggers no violation).
//
// And a hostile node: an RPC proxy (liar.js) that serves the real chain but with `buy`
// and `refund` swapped in the runtime's metadata, two ways. The page then shows a purchase
// and encodes a refund. Swapped in the call enum: the page signs for the hash of the
// metadata it was given (CheckMetadataHash), the runtime refuses the transaction. Swapped
// in a copy only the pallet's entry points to (which the hash does not see): the page
// finds that its metadata does not hold together and signs nothing. And a node that gives
// create_ito's `approval_required` another codec under the same hash: the page reads what
// it signed with the hashed types only, finds it is not what it asked, and sends nothing.
// Nothing moves.
//
// Run by scripts/web-test.sh (after app.test.js, on the same node and server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { ARTIFACTS, RPC_PORT, UNIT, WEB_PORT, metadataHashOf, newPage, openBrowser, reads, ui } from './browser.js';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { lyingNode, recodeBool, shadowCalls, swapCalls } from './liar.js';

const LIAR_PORT = Number(process.env.LIAR_PORT || 29969);


// The hostile strings (each within the runtime's limits: 50 bytes for names and symbols,
// 256 for a URI).
const ITO_NAME = '<img src=x onerror="window.pwned=\'name\'">';
const SYMBOL_MARKUP = '<img src=x onerror=window.pwned=77>';
const SYMBOL_BIDI = '\u202eDSUW\u200b';
const LEN = 10; // work block length of the hostile ITO, in chain blocks
const URI = '"><img src=x onerror=window.pwned=\'uri\'><a href="javascript:window.pwned=1">x</a><script>window.pwned=2</script>';

let api;
let browser;
let page;
let ferdie;
let ito; // the hostile ITO (the first test's), in which Ferdie holds 10 tokens

function send(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError, events }) => {
      if (!status.isInBlock) return;
      if (dispatchError) reject(new Error(dispatchError.toString()));
      else resolve(events.map((e) => e.event));
    }).catch(reject);
  });
}

before(async () => {
  await cryptoWaitReady();
  ferdie = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
  api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${RPC_PORT}`), noInitWarn: true });
  ({ browser, page } = await openBrowser());
  // Every CSP violation the page meets, from its first script on.
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

after(async () => {
  await browser?.close();
  await api?.disconnect();
});

test('hostile chain strings are shown as text, and nothing runs', { timeout: 600_000 }, async () => {
  // Ferdie's two assets, an ITO that accepts them, a work item and rewards.
  const [markup, bidi] = [77_001, 77_002];
  const tx = api.tx;
  for (const [id, symbol, decimals] of [[markup, SYMBOL_MARKUP, 255], [bidi, SYMBOL_BIDI, 12]]) {
    await send(tx.assets.create(id, ferdie.address, 1), ferdie);
    await send(tx.assets.setMetadata(id, SYMBOL_MARKUP, symbol, decimals), ferdie);
    await send(tx.assets.mint(id, ferdie.address, 1_000_000n * UNIT), ferdie);
  }
  // An ITO created and dissolved at once (its deposit back: only fees) must not be listed:
  // thousands of them would otherwise slow every visitor's list.
  // Each ITO's id from its creation event: app.test.js creates ITOs on this node at the
  // same time, so the next id read before may be taken by then.
  const created = (events) => events.find((e) => api.events.ito.ItoCreated.is(e)).data.ito.toNumber();
  const dead = created(await send(tx.ito.createIto('dead', UNIT, UNIT, UNIT, null, null, null, false, [], null, null), ferdie));
  await send(tx.ito.dissolve(dead), ferdie);
  ito = created(await send(tx.ito.createIto(ITO_NAME, UNIT, UNIT, 1_000n * UNIT, LEN, null, null, false, [markup, bidi], null, null), ferdie));
  const start = (await api.query.ito.itos(ito)).unwrap().start.toNumber();
  await send(tx.ito.buy(ito, 10n * UNIT), ferdie);
  await send(tx.ito.submitWork(ito, '0x' + '66'.repeat(32), URI, [{ Asset: markup }, 10n ** 17n]), ferdie);
  await send(tx.ito.addReward(ito, { Asset: bidi }, 5n * UNIT), ferdie);
  // In the next work block Ferdie's tokens are value: a proposal whose text is "at" the
  // hostile URI, listed by the proposals panel.
  await reads(api).waitForBlock(start + LEN);
  await send(tx.ito.propose(ito, { Signal: { hash: '0x' + '77'.repeat(32), uri: URI } }), ferdie);

  await page.goto(`http://127.0.0.1:${WEB_PORT}/?rpc=ws://127.0.0.1:${RPC_PORT}`);
  await page.getByTestId('status').filter({ hasText: /connected to/ }).waitFor({ timeout: 60_000 });
  const row = page.getByTestId(`ito-${ito}`);
  await row.waitFor();
  await page.getByTestId(`open-ito-${ito}`).click();
  await page.getByTestId('item-0').waitFor();
  await page.getByTestId(`pool-Asset:${bidi}`).waitFor();
  await page.getByTestId('proposal-0').waitFor();
  assert.equal(await page.getByTestId(`ito-${dead}`).count(), 0, 'a dissolved ITO is not listed');
  await page.screenshot({ path: `${ARTIFACTS}hostile.png`, fullPage: true });

  // Nothing ran, and nothing from the chain became an element or an event handler.
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'a chain string ran as script');
  const injected = await page.evaluate(() => ({
    elements: document.querySelectorAll('main img, main script, main a, main iframe, main object, main embed').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
  }));
  assert.deepEqual(injected, { elements: 0, handlers: [] });

  // Each string is there as text.
  assert.ok((await row.textContent()).includes(ITO_NAME), 'the name as text');
  assert.ok((await page.getByTestId('items').textContent()).includes(URI), 'the URI as text');
  assert.ok((await page.getByTestId('proposal-0').textContent()).includes(`record a decision on the text at ${URI}`), 'the proposal\'s URI as text');
  // Symbols come with their asset id; the one with 255 decimals is shown in units; the
  // bidi override is gone, so it cannot be made to read "WUSD".
  const pools = await page.getByTestId('work-block').textContent();
  assert.ok(pools.includes(`${SYMBOL_MARKUP.slice(0, 12)}… #${markup} (units)`), pools);
  assert.ok(pools.includes(`DSUW #${bidi}`), pools);
  assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b]/.test(pools), 'no bidi or invisible characters');
  const menu = await page.locator('[data-testid=reward-form] [name=asset] option').allTextContents();
  assert.deepEqual(menu, ['WORK', `${SYMBOL_MARKUP.slice(0, 12)}… #${markup} (units)`, `DSUW #${bidi}`]);
  // The menus that pick any asset by symbol show the same labels, with their ids.
  const picker = await page.locator('[data-testid=create-assets] option').allTextContents();
  assert.ok(picker.includes(`${SYMBOL_MARKUP.slice(0, 12)}… #${markup} (units)`) && picker.includes(`DSUW #${bidi}`), picker.join(' | '));
  assert.ok(!picker.some((label) => /[\u202a-\u202e\u2066-\u2069\u200b]/.test(label)), 'no bidi or invisible characters in the picker');

  // The policy: the app met no violation; a connection anywhere but its node is blocked.
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  const served = await fetch(`http://127.0.0.1:${WEB_PORT}/`);
  assert.equal(served.headers.get('x-frame-options'), 'DENY', 'no page may frame the app');
  const csp = await served.text();
  assert.match(csp, /Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'/);
  await page.evaluate(() => { try { new WebSocket('ws://127.0.0.1:1/'); } catch { /* blocked */ } });
  await page.waitForFunction(() => window.violations.length > 0);
  assert.match((await page.evaluate(() => window.violations))[0], /^connect-src ws:\/\/127\.0\.0\.1:1/);
});

/// Opens the app through a lying node (liar.js) whose metadata `alter(registry,
/// metadata)` changed, as Ferdie, on the hostile ITO; `act(page)` then asks it for a call.
/// Resolves with what the proxy saw submitted, after checking that Ferdie's tokens and WORK
/// did not move.
async function throughLiar(alter, act) {
  assert.notEqual(ito, undefined, 'the first test made the ITO');
  const chain = reads(api);
  const token = (await api.query.ito.itos(ito)).unwrap().token.toNumber();
  const holdings = async () => [await chain.asset(token, ferdie.address), await chain.free(ferdie.address)];
  const before = await holdings();
  const liar = await lyingNode(LIAR_PORT, `ws://127.0.0.1:${RPC_PORT}`, (metadata) => alter(api.registry, metadata));
  try {
    const fooled = await newPage(browser);
    try {
      await fooled.goto(`http://127.0.0.1:${WEB_PORT}/?rpc=ws://127.0.0.1:${LIAR_PORT}`);
      await fooled.getByTestId('status').filter({ hasText: /connected to/ }).waitFor({ timeout: 60_000 });
      await ui(fooled).as(ferdie.address);
      await fooled.getByTestId(`open-ito-${ito}`).click();
      await fooled.getByTestId('detail').waitFor();
      await fooled.evaluate(() => { document.getElementById('status').textContent = ''; });
      await act(fooled);
    } finally {
      await fooled.close();
    }
    // Nothing moved: no refund, no fee.
    await chain.waitForBlock((await chain.bestNumber()) + 2);
    assert.deepEqual(await holdings(), before);
    return liar.submitted;
  } finally {
    await liar.close();
  }
}

/// Asks the page `fooled` to buy 2 WORK's worth of tokens.
async function askToBuy(fooled) {
  const { fill, submit } = ui(fooled);
  await fill('buy-form', { amount: '2' });
  await submit('buy-form');
}

test('a node that swaps two calls in the metadata gets no call run but the one shown', { timeout: 300_000 }, async () => {
  const submitted = await throughLiar((registry, metadata) => swapCalls(registry, metadata, 'Ito', ['buy', 'refund']), async (fooled) => {
    await askToBuy(fooled);
    // The page shows what it was made to believe: a purchase.
    await fooled.getByTestId('confirm').waitFor({ state: 'visible' });
    assert.match(await fooled.getByTestId('confirm-details').textContent(), /^ito\.buy.*amount: /);
    await ui(fooled).signAndWait('Buy', /bad signature/);
  });
  // What it signed is a refund of 2 tokens, with mode 1 and the hash of the altered
  // metadata (which reads as `buy`: the swap is in the hashed types): the runtime's own
  // hash differs, so the signature is bad and the pool refused it. (The honest path signs
  // the same way and lands: app.test.js, live.test.js.)
  assert.equal(submitted.length, 1);
  const sent = api.createType('Extrinsic', submitted[0]);
  assert.equal(`${sent.method.section}.${sent.method.method}`, 'ito.refund');
  assert.equal(sent.method.args[1].toBigInt(), 2n * UNIT);
  assert.equal(sent.mode.toNumber(), 1);
});

test('a node that points a pallet at a swapped copy of its calls gets nothing signed', { timeout: 300_000 }, async () => {
  // This metadata hashes as the runtime's own (RFC-0078 covers only what the extrinsic's
  // types reach), so the runtime could not tell: the page checks that the pallet list it
  // encodes with agrees with the hashed types (chain.js, checkMetadata) and signs nothing.
  const shadow = (registry, metadata) => shadowCalls(registry, metadata, 'Ito', ['buy', 'refund']);
  const real = api.runtimeMetadata.toU8a();
  assert.equal(metadataHashOf(shadow(api.registry, real)), metadataHashOf(real));
  const submitted = await throughLiar(shadow, async (fooled) => {
    await askToBuy(fooled);
    await fooled.getByTestId('status').filter({ hasText: /does not hold together \(pallet Ito\): nothing is signed/ }).waitFor({ timeout: 30_000 });
    assert.equal(await fooled.getByTestId('confirm').isVisible(), false, 'no confirmation was offered');
  });
  assert.deepEqual(submitted, []);
});

test('a node that gives an argument another codec gets nothing sent', { timeout: 300_000 }, async () => {
  // Under the runtime's own hash too: `approval_required` of create_ito becomes a bool
  // with a path that @polkadot/types reads as its `Pays` enum, so the page asked for `true`
  // encodes `false` (and shows "Yes"). The page reads what it signed with the hashed types
  // only (signed.js), finds argument 8 is not what it asked, and sends nothing.
  const recode = (registry, metadata) => recodeBool(registry, metadata, 'Ito', ['create_ito', 'approval_required']);
  const real = api.runtimeMetadata.toU8a();
  assert.equal(metadataHashOf(recode(api.registry, real)), metadataHashOf(real));
  const submitted = await throughLiar(recode, async (fooled) => {
    const { fill, submit, signAndWait } = ui(fooled);
    await fooled.getByTestId('open-create').click();
    await fill('create-form', { name: 'approval asked', price: '1', min: '1', max: '2' });
    await fooled.locator('[data-testid=create-form] [name=approval]').check();
    await submit('create-form');
    await signAndWait('Create ITO', /not the one asked \(argument 8\): nothing is sent/);
  });
  assert.deepEqual(submitted, []);
});
