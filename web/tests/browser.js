// Shared by the browser suite's test files: the node's and the app's ports (set by
// scripts/web-test.sh), where screenshots go, and Debian's Chromium with one page.
import { mkdirSync } from 'node:fs';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { u8aToHex } from '@polkadot/util';
import { chromium } from 'playwright-core';

export const RPC_PORT = Number(process.env.RPC_PORT || 29966);
export const WEB_PORT = Number(process.env.WEB_PORT || 29967);
export const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;
export const UNIT = 10n ** 12n;
/// The units the runtime hashes its metadata in (runtime/build.rs), as the app signs.
export const WORK_UNITS = { decimals: 12, tokenSymbol: 'WORK' };
/// The RFC-0078 hash of `metadata` (SCALE bytes of a V15 or V16 `Metadata`) in WORK_UNITS.
export const metadataHashOf = (metadata) => u8aToHex(merkleizeMetadata(metadata, WORK_UNITS).digest());
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/// Chromium (through `executablePath`: a browser download cannot work here) and a page that
/// logs its errors; the caller closes the browser.
export async function openBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { browser, page: await newPage(browser) };
}

/// A page of `browser` that logs its errors.
export async function newPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  return page;
}

/// Clicking through the app on `page`: `as(address)` picks the account, `fill(form,
/// fields)` types into a form (by its data-testid), `submit(form)` sends it, and
/// `signAndWait(label, expect)` signs the call the form opened, after checking that its
/// fee is shown, and waits for the status line to say `expect` (a RegExp; by default
/// "<label>: done in a block").
export function ui(page) {
  return {
    as: (address) => page.selectOption('[data-testid=account]', address),
    async fill(form, fields) {
      for (const [name, value] of Object.entries(fields)) {
        await page.locator(`[data-testid=${form}] [name=${name}]`).fill(String(value));
      }
    },
    submit: (form) => page.locator(`[data-testid=${form}] button[type=submit]`).click(),
    async signAndWait(label, expect = new RegExp(`${label}: done in a block`)) {
      const dialog = page.getByTestId('confirm');
      await dialog.waitFor({ state: 'visible' });
      const fee = await page.getByTestId('confirm-fee').textContent();
      if (!/^[\d,.]+ WORK$/.test(fee)) throw new Error(`the fee is not shown before signing: ${fee}`);
      // Clear the last outcome, so that only this call's can match.
      await page.evaluate(() => { document.getElementById('status').textContent = ''; });
      await page.getByTestId('sign').click();
      await page.getByTestId('status').filter({ hasText: expect }).waitFor({ timeout: 90_000 });
    },
  };
}

/// Chain reads for the tests, through `api`.
export function reads(api) {
  const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  return {
    free: async (address) => (await api.query.system.account(address)).data.free.toBigInt(),
    async asset(id, address) {
      const account = await api.query.assets.account(id, address);
      return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
    },
    bestNumber,
    async waitForBlock(n) {
      while ((await bestNumber()) < n) await new Promise((r) => setTimeout(r, 500));
    },
  };
}
