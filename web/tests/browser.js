// Shared by the browser suite's test files: the node's and the app's ports (set by
// scripts/web-test.sh), where screenshots go, and Debian's Chromium with one page.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const RPC_PORT = Number(process.env.RPC_PORT || 29966);
export const WEB_PORT = Number(process.env.WEB_PORT || 29967);
export const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;
export const UNIT = 10n ** 12n;
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
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  return { browser, page };
}
