// The browser suite: Debian's Chromium, driven by playwright-core, against the built app
// served on 127.0.0.1 and a dev node. One ITO life cycle done only by clicking: create
// (reward assets picked by symbol), buy by two accounts, a proposal made and voted on with
// its tallies and voting power shown, submit work, validate, the close (the proposal
// passes), claim (also for someone else), refund; exact balances checked through the
// node, the chart checked to show the closed block with its axes and legend, one named
// error shown to the user; then an axe-core accessibility check of the full page and a
// keyboard-only walk. Screenshots go to web/test-artifacts/.
//
// Run by scripts/web-test.sh, which starts the node (RPC_PORT) and the app (WEB_PORT).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { ARTIFACTS, RPC_PORT, UNIT, WEB_PORT, openBrowser, reads, ui } from './browser.js';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

const LEN = 24; // work block length of the test ITO, in chain blocks
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'; // //Alice, who creates the test ITO

let browser;
let page;
let api;
let provider;
const who = {};

async function shot(name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

let as;
let fill;
let submit;
let signAndWait;
let free;
let asset;
let bestNumber;
let waitForBlock;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  for (const name of ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve']) who[name] = keyring.addFromUri(`//${name}`);
  provider = new WsProvider(`ws://127.0.0.1:${RPC_PORT}`);
  api = await ApiPromise.create({ provider, noInitWarn: true });
  ({ browser, page } = await openBrowser());
  const clicks = ui(page);
  ({ fill, submit, signAndWait } = clicks);
  as = (name) => clicks.as(who[name].address);
  ({ free, asset, bestNumber, waitForBlock } = reads(api));
  await page.goto(`http://127.0.0.1:${WEB_PORT}/?rpc=ws://127.0.0.1:${RPC_PORT}`);
  await page.getByTestId('status').filter({ hasText: /connected to .*Development/ }).waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await api?.disconnect();
});

test('one ITO life cycle, only by clicking', { timeout: 900_000 }, async () => {
  const first = (await api.query.ito.nextItoId()).toNumber();
  await shot('01-connected');

  // Alice creates an ITO that accepts WUSD (asset 1) besides WORK.
  await as('Alice');
  await page.getByTestId('open-create').click();
  await fill('create-form', { name: 'Browser ITO', price: '2', min: '1', max: '1000', length: LEN });
  // Assets are picked by symbol, each shown with its id.
  await page.locator('[data-testid=create-assets]').selectOption({ label: 'WUSD #1' });
  await submit('create-form');
  await signAndWait('Create ITO');
  // Alice's: hostile.test.js creates ITOs on this node at the same time, so the id read
  // before may have gone to one of Ferdie's.
  const next = (await api.query.ito.nextItoId()).toNumber();
  const mine = [];
  for (let i = first; i < next; i++) {
    const record = await api.query.ito.itos(i);
    if (record.isSome && record.unwrap().creator.toString() === ALICE) mine.push(i);
  }
  assert.equal(mine.length, 1, `Alice created one ITO: ${mine}`);
  const [id] = mine;
  const ito = (await api.query.ito.itos(id)).unwrap();
  const start = ito.start.toNumber();
  assert.equal(ito.settings.price.toBigInt(), 2n * UNIT);
  // Refreshes that overlap (new heads, a finished transaction, a click) show each ITO once.
  await page.evaluate(() => Promise.all([1, 2, 3, 4, 5].map(() => window.workchain.refresh())));
  assert.equal(await page.getByTestId(`ito-${id}`).count(), 1, 'one row per ITO');
  await page.getByTestId(`open-ito-${id}`).click();
  await page.getByTestId('detail').waitFor();
  const symbol = `ITO${id}`;
  assert.match(await page.getByTestId(`ito-${id}`).textContent(), new RegExp(`0 ${symbol} tokens minted`));
  await shot('02-created');

  // Work block 0: Bob pays 100 WORK (50 tokens), Charlie 200 (100 tokens).
  for (const [name, paid] of [['Bob', 100], ['Charlie', 200]]) {
    await as(name);
    await fill('buy-form', { amount: paid });
    await submit('buy-form');
    // The dialog says what is signed: the call and its arguments, as the chain reads them.
    await page.getByTestId('confirm').waitFor({ state: 'visible' });
    const details = await page.getByTestId('confirm-details').textContent();
    assert.ok(details.startsWith('ito.buy') && details.includes(`ito: "${id}"`) && details.includes(`amount: "${paid},000,000,000,000"`), details);
    await signAndWait('Buy');
  }
  assert.equal(await asset(ito.token.toNumber(), who.Bob.address), 50n * UNIT);
  assert.equal(await asset(ito.token.toNumber(), who.Charlie.address), 100n * UNIT);
  assert.ok((await bestNumber()) < start + LEN - 1, 'the buys are in work block 0');

  // Work block 1 (value 150 tokens): Bob proposes a signal in its first half and Bob and
  // Charlie vote aye; the page shows each one's voting power and the tallies.
  await waitForBlock(start + LEN);
  await page.getByTestId('open-index').filter({ hasText: '#1' }).waitFor();
  await as('Bob');
  await page.getByTestId('voting-power').filter({ hasText: `Your voting power in this block: 50 ${symbol} tokens` }).waitFor();
  await page.locator('[data-testid=propose-form] [name=kind]').selectOption('Signal');
  await fill('propose-form', { text: 'We publish every report.', uri: 'ipfs://charter' });
  await submit('propose-form');
  await signAndWait('Propose');
  await page.getByTestId('proposal-0').waitFor();
  assert.match(await page.getByTestId('proposal-0').textContent(), /record a decision on the text at ipfs:\/\/charter/);
  for (const name of ['Bob', 'Charlie']) {
    await as(name);
    await page.getByTestId('vote-aye-0').click();
    await signAndWait('Vote aye');
  }
  await page.getByTestId('proposal-ayes-0').filter({ hasText: `150 ${symbol} tokens` }).waitFor();
  assert.equal(await page.getByTestId('proposal-nays-0').textContent(), `0 ${symbol} tokens`);

  // Dave submits work with a 60 WORK holder reward and adds 300 WUSD.
  await as('Dave');
  await fill('submit-form', { text: 'my work: a report', uri: 'ipfs://report', amount: '60' });
  assert.equal(await page.getByTestId('evidence-hash').textContent(), blake2AsHex('my work: a report', 256),
    'the evidence hash is computed in the browser');
  await submit('submit-form');
  await signAndWait('Submit work');
  await page.getByTestId('item-0').waitFor();
  await page.locator('[data-testid=reward-form] [name=asset]').selectOption({ label: 'WUSD #1' });
  await fill('reward-form', { amount: '300' });
  await submit('reward-form');
  await signAndWait('Add reward');

  // Eve holds no tokens: the app shows the pallet error in words.
  await as('Eve');
  await fill('validate-form', { item: 0, tokens: '1' });
  await submit('validate-form');
  await signAndWait('Validate', /Validate failed: ito\.NotHolder: \w+/);
  await shot('03-named-error');

  // Bob and Charlie back the work with 10 and 20 tokens: 40 + 80 = 120 eligible tokens.
  for (const [name, spent] of [['Bob', 10], ['Charlie', 20]]) {
    await as(name);
    await fill('validate-form', { item: 0, tokens: spent });
    await submit('validate-form');
    await signAndWait('Validate');
  }
  assert.ok((await bestNumber()) < start + 2 * LEN - 1, 'all of it in work block 1');
  // The validators' spent tokens left their votes: 40 + 80 ayes.
  await page.getByTestId('proposal-ayes-0').filter({ hasText: `120 ${symbol} tokens` }).waitFor();
  await shot('04-work-block-1');

  // The close of block 1: the chart shows it.
  await waitForBlock(start + 2 * LEN);
  await page.getByTestId('history-1').waitFor({ timeout: 30_000 });
  const bar = page.getByTestId('bar-holders-1');
  await bar.waitFor();
  assert.ok(Number(await bar.getAttribute('height')) > 0, 'the chart shows what block 1 paid holders');
  assert.ok(Number(await page.getByTestId('bar-producers-1').getAttribute('height')) > 0);
  // Axes with units, and a legend.
  assert.equal(await page.getByTestId('tick-work-0').textContent(), '0 WORK');
  assert.equal(await page.getByTestId('tick-work-2').textContent(), '300 WORK', 'the left axis tops at the largest bar');
  assert.equal(await page.getByTestId('tick-weight-2').textContent(), `30 ${symbol}`, 'the right axis: validation weight');
  assert.deepEqual(await page.locator('[data-testid=chart-legend] li').allTextContents(),
    ['owed to producers (WORK, left axis)', 'owed to holders (WORK, left axis)', 'validation weight (tokens, right axis)']);
  // The proposal passed at the close.
  await page.getByTestId('proposal-status-0').filter({ hasText: 'Passed' }).waitFor();
  await shot('05-closed-block-chart');

  // Claims: Eve claims for Bob and for Dave (they pay no fee, so their gains are exact);
  // Charlie claims for himself.
  const before = {};
  for (const name of ['Bob', 'Charlie', 'Dave']) {
    before[name] = { native: await free(who[name].address), wusd: await asset(1, who[name].address) };
  }
  await as('Eve');
  for (const name of ['Bob', 'Dave']) {
    await fill('claim-form', { who: who[name].address });
    await submit('claim-form');
    await signAndWait('Claim');
  }
  await as('Charlie');
  await fill('claim-form', { who: '' });
  await submit('claim-form');
  await signAndWait('Claim');
  // Holder pools: 60 WORK and 300 WUSD over 120 eligible tokens (Bob 40, Charlie 80).
  assert.equal(await free(who.Bob.address) - before.Bob.native, 20n * UNIT);
  assert.equal(await asset(1, who.Bob.address) - before.Bob.wusd, 100n * UNIT);
  assert.equal(await asset(1, who.Charlie.address) - before.Charlie.wusd, 200n * UNIT);
  // The producer pool (300 WORK of purchases) by validation weight: all Dave's, with his
  // producer record's deposit back.
  const producerDeposit = api.consts.ito.producerDeposit.toBigInt();
  assert.equal(await free(who.Dave.address) - before.Dave.native, 300n * UNIT + producerDeposit);

  // Charlie returns 10 tokens at the fixed price, paid from the open producer pool, which
  // Alice's purchase funds.
  await as('Alice');
  await fill('buy-form', { amount: 100 });
  await submit('buy-form');
  await signAndWait('Buy');
  await as('Charlie');
  const tokensBefore = await asset(ito.token.toNumber(), who.Charlie.address);
  await fill('refund-form', { tokens: '10' });
  await submit('refund-form');
  await signAndWait('Refund');
  assert.equal(tokensBefore - (await asset(ito.token.toNumber(), who.Charlie.address)), 10n * UNIT);
  await shot('06-after-claims-and-refund');

  // The node's history of the ITO has the closed blocks.
  const history = await provider.send('ito_workBlockHistory', [id, null, null, null]);
  assert.deepEqual(history.map((b) => b.index), [0, 1]);
  assert.equal(BigInt(history[1].to_producers), 300n * UNIT);
  console.log(`web-test: ITO ${id}: ito_workBlockHistory -> ${JSON.stringify(history)}`);
});

test('the page passes an axe-core check and works from the keyboard', { timeout: 120_000 }, async () => {
  // axe-core runs in the page through the driver (a script tag would meet the page's
  // Content-Security-Policy, rightly). The page shows an ITO with work, history and a
  // proposal: every control the app has.
  const require = createRequire(import.meta.url);
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  console.log(`axe-core: ${results.violations.length} violations, of them serious or critical: ${serious.length}`);
  assert.deepEqual(serious, []);

  // Keyboard only: Tab reaches an ITO's button and Enter opens it; then Tab, from the
  // top, takes the focus to every control the page shows, one after the other.
  await page.reload();
  await page.getByTestId('status').filter({ hasText: /connected to/ }).waitFor({ timeout: 60_000 });
  const open = page.locator('[data-testid^=open-ito-]').first();
  await open.waitFor();
  for (let i = 0; i < 40 && !(await open.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await open.evaluate((el) => el === document.activeElement), 'Tab reaches the first ITO');
  // The list is rebuilt at every block; the focus stays on the ITO's button.
  await waitForBlock((await bestNumber()) + 2);
  await page.waitForTimeout(1_000);
  assert.ok(await open.evaluate((el) => el === document.activeElement), 'the focus survives new blocks');
  await page.keyboard.press('Enter');
  await page.getByTestId('detail').waitFor();
  await page.getByTestId('proposal-0').waitFor();
  const controls = await page.evaluate(() => {
    const shown = [...document.querySelectorAll('button, input, select, textarea, summary')]
      .filter((el) => el.checkVisibility() && !el.disabled);
    shown.forEach((el, i) => { el.dataset.kbd = String(i); });
    document.activeElement?.blur();
    return shown.length;
  });
  assert.ok(controls >= 27, `${controls} controls: the header, the list, the proposal form and the six action forms`);
  const reached = new Set();
  for (let i = 0; i < controls + 20; i++) {
    await page.keyboard.press('Tab');
    const kbd = await page.evaluate(() => document.activeElement?.dataset.kbd);
    if (kbd !== undefined) reached.add(Number(kbd));
  }
  const missed = await page.evaluate((seen) => [...document.querySelectorAll('[data-kbd]')]
    .filter((el) => !seen.includes(Number(el.dataset.kbd))).map((el) => `${el.tagName} ${el.name || el.textContent.trim().slice(0, 30)}`), [...reached]);
  assert.deepEqual(missed, [], 'every control is reached by Tab');

  // Any ITO opens by its number: one that does not exist says so and hides the panel;
  // then ITO 0 shows again.
  await page.locator('[data-testid=jump-form] [name=id]').fill('4000000000');
  await page.keyboard.press('Enter');
  await page.getByTestId('status').filter({ hasText: 'there is no ITO 4000000000' }).waitFor();
  assert.equal(await page.getByTestId('detail').isHidden(), true);
  await page.locator('[data-testid=jump-form] [name=id]').fill('0');
  await page.keyboard.press('Enter');
  await page.locator('#detail-title').filter({ hasText: /^ITO 0: / }).waitFor({ state: 'visible' });
});
