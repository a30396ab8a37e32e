// The Workchain web app: lists the ITOs of the node given by `?rpc=ws://…` (default
// ws://127.0.0.1:9944), shows their open work block, work items and last closed blocks,
// and sends every pallet-ito call, with the fee shown before signing and a failed call's
// pallet error shown in words. Signs with a browser wallet extension (the polkadot{.js}
// extension API); on a development or local chain also with the development accounts.
//
// Why @polkadot/api and not polkadot-api (PAPI): the app must work against "any Workchain
// node", including one whose runtime was upgraded by a referendum after the app was built.
// @polkadot/api builds its types from the node's metadata at connection time; PAPI's typed
// descriptors are generated from one runtime's metadata and committed, so every runtime
// upgrade would need a regenerated and redeployed app (PAPI checks compatibility at run
// time, but new or changed calls need new descriptors). @polkadot/api is also what the
// e2e, join and browser suites already use, and what the polkadot{.js} extension speaks.
// The cost is the bundle size (about 1 MB, 380 kB gzipped).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { web3Accounts, web3Enable, web3FromAddress } from '@polkadot/extension-dapp';
import { hexToString, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { drawHistory } from './chart.js';
import { formatUnits, parseUnits } from './units.js';

const RPC = new URLSearchParams(location.search).get('rpc') || 'ws://127.0.0.1:9944';
const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
const DECIMALS = 12; // WORK and ITO tokens
const MS_PER_BLOCK = 6000;

const $ = (id) => document.getElementById(id);

/// An element built from text only: strings and numbers become text nodes, never markup.
/// `props`: `testid`, `className`, `title`, `onclick`; `children`: strings, numbers, nodes,
/// arrays of them (null and false are skipped). Nothing the chain says is ever parsed as
/// HTML: there is no `innerHTML` in this app.
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'testid') el.dataset.testid = value;
    else if (key === 'className') el.className = value;
    else if (key === 'title') el.title = value;
    else if (key === 'onclick') el.addEventListener('click', value);
    else throw new Error(`h: no property ${key}`);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

// Every string on a public chain is hostile: anyone writes ITO names, work URIs and asset
// metadata (an asset with any name, symbol and decimals costs about 11 WORK). Control and
// bidirectional-formatting characters are dropped (they can reorder what a line shows or
// hide text), and long strings are cut.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
function clean(text, max = 64) {
  const chars = Array.from(String(text).replace(UNSAFE_CHARS, ''));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/// Decimals above this are not believed: such an asset's amounts are shown in its smallest
/// units (a u128 has 39 digits; no honest asset has more than 18 decimals).
const MAX_DECIMALS = 24;
const state = {
  api: null,
  provider: null,
  accounts: [], // { address, name, signer?, pair? }
  selected: null, // ITO id
  assetDecimals: {},
  assetSymbols: {},
  assetRawUnits: {},
  poolAssets: [], // the selected ITO's reward assets, in the order of the asset menus
};

function status(text, kind = 'info') {
  const el = $('status');
  el.textContent = text;
  el.className = kind;
}

function short(address) {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

function assetKey(asset) {
  return asset === 'Native' ? 'Native' : `Asset:${asset.Asset}`;
}

/// An asset's symbol always with its id ("WUSD #1"), so that no asset can pose as another
/// by its metadata; "(units)" when its decimals are not believed.
function assetLabel(asset) {
  if (asset === 'Native') return 'WORK';
  const id = asset.Asset;
  const symbol = state.assetSymbols[id] || 'asset';
  return `${symbol} #${id}${state.assetRawUnits[id] ? ' (units)' : ''}`;
}

function assetDecimals(asset) {
  return asset === 'Native' ? DECIMALS : (state.assetDecimals[asset.Asset] ?? DECIMALS);
}

function amount(value, asset = 'Native') {
  return `${formatUnits(BigInt(value), assetDecimals(asset))} ${assetLabel(asset)}`;
}

function tokens(value) {
  return `${formatUnits(BigInt(value), DECIMALS)} tokens`;
}

async function rpc(method, params) {
  return state.provider.send(method, params);
}

async function loadAssetMetadata(id) {
  if (state.assetSymbols[id] !== undefined) return;
  const meta = await state.api.query.assets.metadata(id);
  state.assetSymbols[id] = clean(hexToString(meta.symbol.toHex()), 12);
  const decimals = meta.decimals.toNumber();
  state.assetRawUnits[id] = decimals > MAX_DECIMALS;
  state.assetDecimals[id] = decimals > MAX_DECIMALS ? 0 : decimals;
}

// ---------------------------------------------------------------- accounts and signing

async function loadAccounts() {
  const chainType = await state.api.rpc.system.chainType();
  const accounts = [];
  if (chainType.isDevelopment || chainType.isLocal) {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const name of DEV_ACCOUNTS) {
      const pair = keyring.addFromUri(`//${name}`, { name });
      accounts.push({ address: pair.address, name: `${name} (development)`, pair });
    }
  }
  try {
    const extensions = await web3Enable('Workchain');
    if (extensions.length > 0) {
      for (const a of await web3Accounts()) {
        const name = clean(a.meta.name || short(a.address), 32);
        accounts.push({ address: a.address, name: `${name} (${clean(a.meta.source, 32)})`, extension: true });
      }
    }
  } catch (e) {
    console.warn('no wallet extension', e);
  }
  state.accounts = accounts;
  $('account').replaceChildren(...accounts.map((a) => {
    const option = h('option', {}, `${a.name} ${short(a.address)}`);
    option.value = a.address;
    return option;
  }));
  if (accounts.length === 0) status('No account: install the polkadot{.js} extension and allow this page.', 'error');
}

function currentAccount() {
  return state.accounts.find((a) => a.address === $('account').value);
}

/// A failed call's error in words: the pallet error's name and its documentation.
function errorInWords(dispatchError) {
  if (dispatchError.isModule) {
    const meta = state.api.registry.findMetaError(dispatchError.asModule);
    return `${meta.section}.${meta.name}: ${meta.docs.join(' ')}`;
  }
  if (dispatchError.isToken) return `token error: ${dispatchError.asToken.type}`;
  if (dispatchError.isArithmetic) return `arithmetic error: ${dispatchError.asArithmetic.type}`;
  return dispatchError.toString();
}

/// Ask for confirmation with the fee, sign with the current account and wait for the block.
async function sendTx(label, tx) {
  const account = currentAccount();
  if (!account) throw new Error('no account selected');
  const info = await tx.paymentInfo(account.pair || account.address);
  $('confirm-call').textContent = `${label} from ${account.name}`;
  $('confirm-fee').textContent = amount(info.partialFee.toBigInt());
  const dialog = $('confirm');
  const choice = await new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
    dialog.showModal();
  });
  if (choice !== 'sign') {
    status(`${label}: cancelled`);
    return null;
  }
  status(`${label}: signing…`);
  const signer = account.pair || account.address;
  const options = account.pair ? {} : { signer: (await web3FromAddress(account.address)).signer };
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    tx.signAndSend(signer, options, ({ status: s, events, dispatchError }) => {
      if (s.isInvalid || s.isDropped) {
        unsub();
        reject(new Error(`${label}: the transaction was ${s.type.toLowerCase()}`));
      }
      if (!s.isInBlock) return;
      unsub();
      if (dispatchError) {
        reject(new Error(`${label} failed: ${errorInWords(dispatchError)}`));
      } else {
        resolve(events.map((e) => e.event));
      }
    }).then((u) => { unsub = u; }).catch(reject);
  });
}

async function run(label, makeTx) {
  try {
    const events = await sendTx(label, makeTx());
    if (events) status(`${label}: done in a block`, 'ok');
  } catch (e) {
    status(e.message, 'error');
  }
  await refresh();
}

// ---------------------------------------------------------------- reads and rendering

async function renderBalance() {
  const account = currentAccount();
  if (!account) return;
  const { data } = await state.api.query.system.account(account.address);
  $('balance').textContent = `${amount(data.free.toBigInt())} free`;
}

async function renderItos(best) {
  const count = await rpc('ito_count', [null]);
  const rows = [];
  for (let id = 0; id < count; id++) {
    const [info, wb] = await Promise.all([rpc('ito_info', [id, null]), rpc('ito_workBlock', [id, null])]);
    if (!info) continue;
    for (const p of wb.holder_pools) if (p.asset !== 'Native') await loadAssetMetadata(p.asset.Asset);
    const left = Math.max(0, wb.end - best - 1);
    rows.push(h('tr', { testid: `ito-${id}`, className: id === state.selected ? 'selected' : '', onclick: () => select(id) },
      h('td', {}, id),
      h('td', {}, clean(hexToString(info.name), 50)),
      h('td', {}, `${amount(info.settings.price)} / token`),
      h('td', {}, `${formatUnits(BigInt(info.minted), DECIMALS)} / ${formatUnits(BigInt(info.available), DECIMALS)}`),
      h('td', {}, `#${wb.index} (blocks ${wb.start}–${wb.end - 1})`),
      h('td', {}, `${left} blocks (${Math.round((left * MS_PER_BLOCK) / 1000)} s)`),
      h('td', {}, wb.holder_pools.map((p) => amount(p.pool, p.asset)).join(', '))));
  }
  // One swap after every read: a table cleared before the reads and filled after them
  // showed each ITO once per overlapping refresh.
  $('itos').querySelector('tbody').replaceChildren(...rows);
}

async function renderDetail(best) {
  const id = state.selected;
  if (id === null) return;
  const [info, wb, items, history] = await Promise.all([
    rpc('ito_info', [id, null]),
    rpc('ito_workBlock', [id, null]),
    rpc('ito_workItems', [id, 0, 256, null]),
    rpc('ito_workBlockHistory', [id, 0, 64, null]),
  ]);
  if (!info) {
    // Dissolved (ito.dissolve) since it was selected.
    state.selected = null;
    $('detail').hidden = true;
    return;
  }
  $('detail').hidden = false;
  $('detail-title').textContent = `ITO ${id}: ${clean(hexToString(info.name), 50)}`;
  const s = info.settings;
  $('detail-info').textContent = `Token: asset ${info.token}; price ${amount(s.price)} per token; purchase ${tokens(s.min_purchase)} to ${tokens(s.max_purchase)};
    work blocks of ${s.work_block_length} chain blocks; minimum validation ${tokens(s.min_validation)};
    ${s.supply_cap ? `supply cap ${tokens(s.supply_cap)}` : 'no supply cap'}; ${s.approval_required ? 'holders earn only when they validate' : 'every eligible holder earns'}.
    Minted ${tokens(info.minted)}, for sale ${tokens(info.available)}.`;
  const left = Math.max(0, wb.end - best - 1);
  $('work-block').replaceChildren(
    'Work block ', h('strong', { testid: 'open-index' }, `#${wb.index}`), `, chain blocks ${wb.start}–${wb.end - 1}, `,
    h('span', { testid: 'time-left' }, `${left} blocks (${Math.round((left * MS_PER_BLOCK) / 1000)} s) left`),
    `. Producer pool ${amount(wb.producer_pool)}, validation weight ${tokens(wb.validation_weight)}, eligible ${tokens(wb.eligible)}, joining ${tokens(wb.joining)}.`,
    h('ul', {}, wb.holder_pools.map((p) => h('li', { testid: `pool-${assetKey(p.asset)}` },
      `${assetLabel(p.asset)}: ${amount(p.pool, p.asset)} in the pool, ${amount(p.owed, p.asset)} owed`))),
  );
  $('items').querySelector('tbody').replaceChildren(...items.map((it) => h('tr', { testid: `item-${it.id}` },
    h('td', {}, it.id), h('td', {}, short(it.producer)),
    h('td', {}, h('code', {}, `${it.evidence_hash.slice(0, 18)}…`)),
    h('td', {}, clean(hexToString(it.uri), 256)),
    h('td', {}, tokens(it.weight)), h('td', {}, clean(it.status, 32)))));
  // The asset menus: each option's value is its place in poolAssets, never chain data.
  state.poolAssets = wb.holder_pools.map((p) => p.asset);
  for (const menu of document.querySelectorAll('.asset-select')) {
    const keep = menu.value;
    menu.replaceChildren(...state.poolAssets.map((asset, i) => {
      const option = h('option', {}, assetLabel(asset));
      option.value = String(i);
      return option;
    }));
    if (keep && Number(keep) < state.poolAssets.length) menu.value = keep;
  }
  $('history').querySelector('tbody').replaceChildren(...history.map((b) => h('tr', { testid: `history-${b.index}` },
    h('td', {}, `#${b.index}${b.span > 1 ? `–${b.index + b.span - 1}` : ''}`),
    h('td', {}, `${b.first_block}–${b.last_block}`),
    h('td', {}, amount(b.to_producers)), h('td', {}, tokens(b.validation_weight)), h('td', {}, tokens(b.eligible)),
    h('td', {}, b.assets.map((a) => `${amount(a.to_holders, a.asset)} (${amount(a.per_token, a.asset)})`).join(', ')),
    h('td', {}, [amount(b.producer_rolled_over), ...b.assets.map((a) => amount(a.rolled_over, a.asset))].join(', ')))));
  drawHistory($('chart'), history, (v) => formatUnits(BigInt(v), DECIMALS));
  const account = currentAccount();
  if (!account) return;
  const mine = await rpc('ito_account', [id, account.address, null]);
  if (!mine) return;
  const lines = [
    `Holding ${tokens(mine.balance)}: ${tokens(mine.eligible)} eligible, ${tokens(mine.pending)} joining at the next close.`,
    `Pending rewards: ${mine.holder_owed.length ? mine.holder_owed.map(([a, v]) => amount(v, a)).join(', ') : 'none'} as a holder; ${amount(mine.producer_owed)} as a producer.`,
  ];
  if (history.length && BigInt(mine.eligible) > 0n) {
    lines.push(`What your ${tokens(mine.eligible)} would have earned in each closed block: ${history
      .map((b) => `#${b.index}: ${b.assets.filter((a) => BigInt(a.rate) > 0n).map((a) => amount((BigInt(mine.eligible) * BigInt(a.rate)) / 10n ** 18n, a.asset)).join(', ') || 'nothing'}`)
      .join('; ')}.`);
  }
  $('mine').replaceChildren(...lines.map((line) => h('p', {}, line)));
}

// Refreshes never overlap: a call while one runs asks for one more pass after it (new
// heads, finished transactions and clicks all call this).
let refreshing = null;
let again = false;
function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      await refreshOnce();
    } while (again);
    refreshing = null;
  })();
  return refreshing;
}

async function refreshOnce() {
  try {
    const best = (await state.api.rpc.chain.getHeader()).number.toNumber();
    $('chain').textContent = `${state.chainName} at ${state.endpoint}, block #${best}`;
    await Promise.all([renderBalance(), renderItos(best)]);
    await renderDetail(best);
  } catch (e) {
    status(`reading the chain failed: ${e.message}`, 'error');
  }
}

function select(id) {
  state.selected = id;
  refresh();
}

// ---------------------------------------------------------------- the forms

function form(id, handler) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      handler(new FormData(event.target), event.target);
    } catch (e) {
      status(e.message, 'error');
    }
  });
}

/// The reward asset an asset menu's value (its place in the menu) stands for.
function poolAsset(value) {
  const asset = state.poolAssets[Number(value)];
  if (asset === undefined) throw new Error('choose a reward asset');
  return asset;
}

function optionalUnits(text) {
  return text.trim() === '' ? null : parseUnits(text, DECIMALS);
}

function wireForms() {
  const tx = () => state.api.tx.ito;
  form('create', (f) => {
    const assets = String(f.get('assets')).split(',').map((s) => s.trim()).filter(Boolean).map(Number);
    const length = String(f.get('length')).trim();
    run('Create ITO', () => tx().createIto(
      f.get('name'),
      parseUnits(f.get('price'), DECIMALS),
      parseUnits(f.get('min'), DECIMALS),
      parseUnits(f.get('max'), DECIMALS),
      length === '' ? null : Number(length),
      optionalUnits(String(f.get('minValidation'))),
      optionalUnits(String(f.get('cap'))),
      f.get('approval') === 'on',
      assets,
      null,
      null,
    ));
  });
  form('buy', (f) => run('Buy', () => tx().buy(state.selected, parseUnits(f.get('amount'), DECIMALS))));
  const evidence = async (f) => {
    const file = f.get('file');
    if (file && file.size > 0) return blake2AsHex(new Uint8Array(await file.arrayBuffer()), 256);
    return blake2AsHex(String(f.get('text')), 256);
  };
  const showHash = async () => { $('evidence-hash').textContent = await evidence(new FormData($('submit-work'))); };
  $('submit-work').addEventListener('input', showHash);
  $('submit-work').addEventListener('change', showHash);
  form('submit-work', async (f) => {
    const hash = await evidence(f);
    $('evidence-hash').textContent = hash;
    const asset = poolAsset(f.get('asset'));
    const reward = String(f.get('amount')).trim() === '' ? null : [asset, parseUnits(f.get('amount'), assetDecimals(asset))];
    run('Submit work', () => tx().submitWork(state.selected, hash, f.get('uri'), reward));
  });
  form('add-reward', (f) => {
    const asset = poolAsset(f.get('asset'));
    run('Add reward', () => tx().addReward(state.selected, asset, parseUnits(f.get('amount'), assetDecimals(asset))));
  });
  form('validate', (f) => run('Validate', () => tx().validate(state.selected, Number(f.get('item')), parseUnits(f.get('tokens'), DECIMALS))));
  form('claim', (f) => {
    const who = String(f.get('who')).trim() || currentAccount().address;
    run('Claim', () => tx().claim(state.selected, who));
  });
  form('refund', (f) => run('Refund', () => tx().refund(state.selected, parseUnits(f.get('tokens'), DECIMALS))));
  $('account').addEventListener('change', refresh);
}

/// The endpoint of ?rpc=, which must be a ws:// or wss:// address. From here on the page may
/// connect to it only: a second Content-Security-Policy, which every connection must pass
/// besides the built app's (`connect-src ws: wss:`, vite.config.js).
function endpoint() {
  let url;
  try {
    url = new URL(RPC);
  } catch {
    throw new Error('?rpc= is not an address');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error('?rpc= must be a ws:// or wss:// address');
  const policy = document.createElement('meta');
  policy.httpEquiv = 'Content-Security-Policy';
  policy.content = `connect-src ${url.origin}`;
  document.head.append(policy);
  return url.href;
}

async function main() {
  const rpcUrl = endpoint();
  // Shown as its origin only, cleaned: a path, a fragment or bidi characters in ?rpc=
  // cannot make it read as another node.
  state.endpoint = clean(new URL(rpcUrl).origin, 80);
  await cryptoWaitReady();
  status(`connecting to ${state.endpoint}…`);
  state.provider = new WsProvider(rpcUrl);
  state.api = await ApiPromise.create({ provider: state.provider, noInitWarn: true });
  state.chainName = clean((await state.api.rpc.system.chain()).toString(), 64);
  await loadAccounts();
  wireForms();
  status(`connected to ${state.chainName}`, 'ok');
  await refresh();
  await state.api.rpc.chain.subscribeNewHeads(() => refresh());
  window.workchain = { state, refresh, u8aToHex };
}

main().catch((e) => status(`cannot connect to ${clean(RPC, 80)}: ${e.message}`, 'error'));
