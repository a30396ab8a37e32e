// The Workchain web app: lists the ITOs of a chain, shows their open work block, work
// items, last closed blocks and proposals, and sends every pallet-ito call, with the fee
// shown before signing and a failed call's pallet error shown in words. It reaches the
// chain through a node's RPC (`?rpc=ws://…`) or through a light client in the page
// (`?chain=NAME`, see chain.js), and reads only through the runtime API and storage.
// Signs with a browser wallet extension (the polkadot{.js} extension API); on a
// development or local chain whose validators are all development accounts also with
// those, never on a live one (`developmentAccounts`).
//
// Why @polkadot/api and not polkadot-api (PAPI): the app must work against "any Workchain
// node", including one whose runtime was upgraded by a referendum after the app was built.
// @polkadot/api builds its types from the node's metadata at connection time; PAPI's typed
// descriptors are generated from one runtime's metadata and committed, so every runtime
// upgrade would need a regenerated and redeployed app (PAPI checks compatibility at run
// time, but new or changed calls need new descriptors). @polkadot/api is also what the
// e2e, join and browser suites already use, and what the polkadot{.js} extension speaks.
import { Keyring } from '@polkadot/keyring';
import { web3Accounts, web3Enable, web3FromSource } from '@polkadot/extension-dapp';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, metadataHash, readTransaction } from './chain.js';
import { drawHistory } from './chart.js';
import { $, bytesText, clean, h, swapChildren, textBytes } from './dom.js';
import { readGovernance, renderGovernance, wireProposals } from './proposals.js';
import { expectSigned } from './signed.js';
import { formatUnits, isU32, parseUnits } from './units.js';

const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
const DECIMALS = 12; // WORK and ITO tokens
const SYMBOL = 'WORK'; // the chain's own token
const MS_PER_BLOCK = 6000;
/// Decimals above this are not believed: such an asset's amounts are shown in its smallest
/// units (a u128 has 39 digits; no honest asset has more than 18 decimals).
const MAX_DECIMALS = 24;
/// The most assets listed in the asset menus: one page of the metadata map, in its
/// (hashed) key order, shown by id; any other asset is picked by typing its id.
const MAX_LISTED_ASSETS = 256;
/// The most ITOs listed (the newest live ones; any other opens by its id), and the most
/// work items shown (the newest).
const MAX_LISTED_ITOS = 50;
const MAX_SHOWN_ITEMS = 64;


const state = {
  api: null,
  light: false,
  accounts: [], // { address, name, pair? }
  selected: null, // the ITO id asked for
  shown: null, // the ITO id the detail panel shows now: the one every form acts on
  assets: {}, // id -> { symbol, decimals, raw }
  assetList: [], // asset ids with metadata, for the menus (their index is the option value)
  tokenSymbols: {}, // ITO id -> its token's symbol
  poolAssets: [], // the selected ITO's reward assets, in the order of the reward menus
  assetListAt: -Infinity, // the chain block the asset menus were last read at
};

function status(text, kind = 'info') {
  const el = $('status');
  el.textContent = text;
  el.className = kind;
}

function short(address) {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

// ---------------------------------------------------------------- units and names

/// A reward asset as the runtime API gives it (`{ native: null }` or `{ asset: id }`) in
/// the form calls take (`'Native'` or `{ Asset: id }`).
function rewardAsset(value) {
  return value && typeof value === 'object' && 'asset' in value ? { Asset: Number(value.asset) } : 'Native';
}

function assetKey(asset) {
  return asset === 'Native' ? 'Native' : `Asset:${asset.Asset}`;
}

/// An asset's symbol always with its id ("WUSD #1"), so that no asset can pose as another
/// by its metadata; "(units)" when its decimals are not believed.
function assetLabel(asset) {
  if (asset === 'Native') return SYMBOL;
  const meta = state.assets[asset.Asset];
  return `${meta?.symbol || 'asset'} #${asset.Asset}${meta?.raw ? ' (units)' : ''}`;
}

function assetDecimals(asset) {
  return asset === 'Native' ? DECIMALS : (state.assets[asset.Asset]?.decimals ?? DECIMALS);
}

function amount(value, asset = 'Native') {
  return `${formatUnits(BigInt(value), assetDecimals(asset))} ${assetLabel(asset)}`;
}

/// An amount of ITO `ito`'s token with its symbol, singular for exactly one token.
function tokensOf(value, ito) {
  const v = BigInt(value);
  const symbol = state.tokenSymbols[ito] ?? 'ITO';
  return `${formatUnits(v, DECIMALS)} ${symbol} ${v === 10n ** BigInt(DECIMALS) ? 'token' : 'tokens'}`;
}

function blocks(n) {
  return `${n} ${n === 1 ? 'block' : 'blocks'}`;
}

/// What the app shows of an asset's metadata (hostile: its symbol cleaned, its decimals
/// believed only up to MAX_DECIMALS).
function assetShown(meta) {
  const decimals = meta.decimals.toNumber();
  return { symbol: clean(bytesText(meta.symbol), 12), raw: decimals > MAX_DECIMALS, decimals: decimals > MAX_DECIMALS ? 0 : decimals };
}

async function loadAsset(id) {
  if (state.assets[id] !== undefined) return;
  state.assets[id] = assetShown(await state.api.query.assets.metadata(id));
}

async function loadTokenSymbol(ito, token) {
  if (state.tokenSymbols[ito] !== undefined) return;
  const meta = await state.api.query.assets.metadata(token);
  // The pallet names every token ITO<id>; without metadata (its deposit unpaid) the same.
  state.tokenSymbols[ito] = clean(bytesText(meta.symbol), 12) || `ITO${ito}`;
}

/// The assets that have metadata, for the menus that pick an asset by symbol.
async function loadAssetList() {
  try {
    const entries = await state.api.query.assets.metadata.entriesPaged({ args: [], pageSize: MAX_LISTED_ASSETS });
    const ids = [];
    for (const [key, meta] of entries) {
      const id = key.args[0].toNumber();
      state.assets[id] ??= assetShown(meta);
      ids.push(id);
    }
    state.assetList = ids.sort((a, b) => a - b);
  } catch (e) {
    console.warn('cannot list the assets', e);
    state.assetList = [];
  }
  // Rebuilt menus keep what was picked (by asset id: an option's value is only its place).
  for (const menu of [$('create-assets'), $('propose-asset')]) {
    const picked = new Set([...menu.selectedOptions].map((o) => o.dataset.asset));
    menu.replaceChildren(...state.assetList.map((id, i) => {
      const option = h('option', {}, assetLabel({ Asset: id }));
      option.value = String(i);
      option.dataset.asset = String(id);
      option.selected = picked.has(String(id));
      return option;
    }));
  }
}

// ---------------------------------------------------------------- accounts and signing

/// The development accounts to offer (none, or all six), whose keys are public (on a live chain,
/// anyone could take what they hold). The chain type is only what the node, or the light
/// client's chain spec, says: a hostile spec or node can say "Development" of the live
/// chain. So every validator must also be a development account, as on the development
/// and local chains (`session.validators`, which the light client verifies): on a live
/// chain that would take every seat, each held with a key anyone can use. (A node of
/// ?rpc= can lie about both; it is trusted anyway, and named so when not local.)
async function developmentAccounts() {
  const chainType = await state.api.rpc.system.chainType();
  if (!chainType.isDevelopment && !chainType.isLocal) return [];
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pairs = DEV_ACCOUNTS.map((name) => keyring.addFromUri(`//${name}`, { name }));
  const dev = new Set(pairs.map((pair) => u8aToHex(pair.publicKey)));
  const validators = await state.api.query.session.validators();
  if (validators.length === 0 || !validators.every((v) => dev.has(u8aToHex(v.toU8a())))) return [];
  return pairs.map((pair) => ({ address: pair.address, name: `${pair.meta.name} (development)`, pair }));
}

async function loadAccounts() {
  const accounts = await developmentAccounts();
  try {
    const extensions = await web3Enable('Workchain');
    if (extensions.length > 0) {
      // Accounts the wallet ties to another chain are left out.
      for (const a of await web3Accounts({ genesisHash: state.api.genesisHash.toHex() })) {
        const name = clean(a.meta.name || short(a.address), 32);
        accounts.push({ address: a.address, name: `${name} (${clean(a.meta.source, 32)})`, source: a.meta.source });
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
/// `metadata` is the metadata `tx` was encoded with; if the chain's changes before `tx` is
/// sent, nothing is sent. `intent` is the call as the app asked @polkadot/api for it
/// (`{ pallet, method, args }`): the signed transaction, read with only the types the
/// metadata hash covers, must be that call (signed.js), or nothing is sent.
async function sendTx(label, tx, metadata, intent) {
  const account = currentAccount();
  if (!account) throw new Error('no account selected');
  const units = { decimals: DECIMALS, tokenSymbol: SYMBOL };
  // Signed for this metadata and our units only (chain.js, metadataHash); checked before
  // anything is shown.
  const options = { mode: 1, metadataHash: metadataHash(state.api, metadata, units) };
  const info = await tx.paymentInfo(account.pair || account.address);
  $('confirm-call').textContent = `${label} from ${account.name}`;
  // What is signed, decoded: the call and each argument (no ITO can be switched under
  // a form, and what a form typed is shown as the chain will read it).
  const { section, method, args } = tx.method.toHuman();
  $('confirm-details').replaceChildren(h('code', {}, `${section}.${method}`), h('ul', {},
    Object.entries(args).map(([name, value]) => h('li', {}, `${clean(name, 32)}: ${clean(JSON.stringify(value), 300)}`))));
  $('confirm-fee').textContent = amount(info.partialFee.toBigInt());
  const dialog = $('confirm');
  const choice = await new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
  if (choice !== 'sign') {
    status(`${label}: cancelled`);
    return null;
  }
  status(`${label}: signing…`);
  // The extension that listed the account signs, not another one that also holds it; a
  // development key signs in the page. Either way through signPayload, whose payload (what
  // the signer was given) is kept for the check below.
  let signPayload;
  if (account.pair) {
    signPayload = async (payload) => ({ id: 0, signature: state.api.registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(account.pair).signature });
  } else {
    const { signer } = await web3FromSource(account.source);
    signPayload = (payload) => signer.signPayload(payload);
  }
  let given;
  options.signer = { signPayload: (payload) => { given = payload; return signPayload(payload); } };
  await tx.signAsync(account.address, options);
  // The call was encoded, shown and signed with the metadata checked and hashed above
  // (the node chooses when its answers arrive, and a new runtime version reloads it), and
  // what was signed is the call asked for, by this account, with no tip and mode 1, under
  // a signature over exactly these bytes with this metadata's hash (signed.js).
  expectSigned(readTransaction(state.api, metadata, units, tx.toU8a(), given), intent, account.address);
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    tx.send(({ status: s, events, dispatchError }) => {
      if (s.isInvalid || s.isDropped || s.isUsurped) {
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

/// Build a pallet-ito call with `makeTx(ito)` (`ito` stands for `api.tx.ito` and records
/// the call asked for), confirm it, sign it and send it.
async function run(label, makeTx) {
  try {
    const metadata = state.api.runtimeMetadata;
    const intent = { pallet: 'ito' };
    const ito = new Proxy({}, {
      get: (_, method) => (...args) => {
        Object.assign(intent, { method: String(method), args });
        return state.api.tx.ito[method](...args);
      },
    });
    const events = await sendTx(label, makeTx(ito), metadata, intent);
    if (events) status(`${label}: done in a block`, 'ok');
  } catch (e) {
    status(e.message, 'error');
  }
  await refresh();
}

// ---------------------------------------------------------------- reads (runtime API)

const itoApi = () => state.api.call.itoApi;

async function readIto(id) {
  const c = await itoApi().ito(id);
  if (c.isNone) return null;
  const v = c.unwrap();
  return { ...v.toPrimitive(), name: bytesText(v.name), token: v.token.toNumber() };
}

async function readWorkBlock(id) {
  const c = await itoApi().workBlock(id);
  if (c.isNone) return null;
  const wb = c.unwrap().toPrimitive();
  wb.holderPools = wb.holderPools.map((p) => ({ ...p, asset: rewardAsset(p.asset) }));
  return wb;
}

async function readItems(id) {
  const record = await state.api.query.ito.itos(id);
  const next = record.isSome ? record.unwrap().nextWorkItem.toNumber() : 0;
  const items = await itoApi().workItems(id, Math.max(0, next - MAX_SHOWN_ITEMS), MAX_SHOWN_ITEMS);
  return items.map((c) => ({ ...c.toPrimitive(), uri: bytesText(c.uri), evidenceHash: c.evidenceHash.toHex(), status: c.status.type }));
}

async function readHistory(id) {
  const history = (await itoApi().workBlockHistory(id, 0, 64)).toPrimitive();
  return history.map((b) => ({ ...b, assets: b.assets.map((a) => ({ ...a, asset: rewardAsset(a.asset) })) }));
}

async function readAccount(id, who) {
  const c = await itoApi().account(id, who);
  if (c.isNone) return null;
  const a = c.unwrap().toPrimitive();
  a.holderOwed = a.holderOwed.map(([asset, v]) => [rewardAsset(asset), v]);
  return a;
}

// ---------------------------------------------------------------- rendering

async function renderBalance() {
  const account = currentAccount();
  if (!account) return;
  const { data } = await state.api.query.system.account(account.address);
  $('balance').textContent = `${amount(data.free.toBigInt())} free`;
}

/// The newest live ITOs' ids: down from the next id, in batches of one storage read per
/// id, at most MAX_PROBED ids back (dissolved ITOs are gone from storage and skipped; an
/// older one opens by its number). What a page reads is bounded whatever the chain holds.
const MAX_PROBED = 500;
async function liveItos() {
  const next = (await state.api.query.ito.nextItoId()).toNumber();
  const live = [];
  for (let top = next; top > 0 && next - top < MAX_PROBED && live.length < MAX_LISTED_ITOS; top -= 100) {
    const ids = [];
    for (let id = top - 1; id >= Math.max(0, top - 100); id--) ids.push(id);
    const records = await state.api.query.ito.itos.multi(ids);
    records.forEach((r, i) => { if (r.isSome && live.length < MAX_LISTED_ITOS) live.push(ids[i]); });
  }
  return live;
}

async function renderItos(best) {
  const ids = await liveItos();
  const read = await Promise.all(ids.map(async (id) => {
    const [info, wb] = await Promise.all([readIto(id), readWorkBlock(id)]);
    if (info) await loadTokenSymbol(id, info.token);
    for (const p of wb?.holderPools ?? []) if (p.asset !== 'Native') await loadAsset(p.asset.Asset);
    return [id, info, wb];
  }));
  const rows = [];
  for (const [id, info, wb] of read) {
    if (!info || !wb) continue;
    const left = Math.max(0, wb.end - best - 1);
    const name = clean(info.name, 50);
    rows.push(h('tr', { testid: `ito-${id}`, className: id === state.shown ? 'selected' : '' },
      h('td', {}, id),
      h('td', {}, h('button', { type: 'button', className: 'link', testid: `open-ito-${id}`, ariaLabel: `Show ITO ${id}: ${name}`, onclick: () => select(id) }, name)),
      h('td', {}, state.tokenSymbols[id]),
      h('td', {}, `${amount(info.settings.price)} per token`),
      h('td', {}, `${tokensOf(info.minted, id)} minted, ${tokensOf(info.available, id)} for sale`),
      h('td', {}, `#${wb.index} (chain blocks ${wb.start}–${wb.end - 1})`),
      h('td', {}, `${blocks(left)} (${Math.round((left * MS_PER_BLOCK) / 1000)} s)`),
      h('td', {}, wb.holderPools.map((p) => amount(p.pool, p.asset)).join(', '))));
  }
  // One swap after every read: a table cleared before the reads and filled after them
  // showed each ITO once per overlapping refresh.
  swapChildren($('itos').querySelector('tbody'), rows);
}

/// Every read first, then every write at once, with no wait between: what the panel shows
/// is one ITO's, as of one pass, and only the ITO asked for last.
async function renderDetail(best) {
  const id = state.selected;
  if (id === null) return;
  const account = currentAccount();
  const [info, wb, items, history, governance, mine] = await Promise.all([
    readIto(id), readWorkBlock(id), readItems(id), readHistory(id),
    readGovernance(state, id, account, loadAsset),
    account ? readAccount(id, account.address) : null,
  ]);
  if (info) await loadTokenSymbol(id, info.token);
  if (id !== state.selected) return; // another ITO was asked for meanwhile
  if (!info || !wb) {
    // Unknown, or dissolved (ito.dissolve) since it was selected.
    state.selected = null;
    state.shown = null;
    $('detail').hidden = true;
    status(`there is no ITO ${id}`, 'error');
    return;
  }
  const tokens = (value) => tokensOf(value, id);
  $('detail').hidden = false;
  $('detail-title').textContent = `ITO ${id}: ${clean(info.name, 50)}`;
  const s = info.settings;
  $('detail-info').textContent = `Token ${state.tokenSymbols[id]} (asset #${info.token}); price ${amount(s.price)} per token; each purchase ${amount(s.minPurchase)} to ${amount(s.maxPurchase)} per work block;
    work blocks of ${blocks(s.workBlockLength)}; minimum validation ${tokens(s.minValidation)};
    ${s.supplyCap === null ? 'no supply cap' : `supply cap ${tokens(s.supplyCap)}`}; ${s.approvalRequired ? 'holders earn only when they validate' : 'every eligible holder earns'}.
    Minted ${tokens(info.minted)}, for sale ${tokens(info.available)}.`;
  const left = Math.max(0, wb.end - best - 1);
  $('work-block').replaceChildren(
    'Work block ', h('strong', { testid: 'open-index' }, `#${wb.index}`), `, chain blocks ${wb.start}–${wb.end - 1}, `,
    h('span', { testid: 'time-left' }, `${blocks(left)} (${Math.round((left * MS_PER_BLOCK) / 1000)} s) left`),
    `. Producer pool ${amount(wb.producerPool)}, validation weight ${tokens(wb.validationWeight)}, eligible ${tokens(wb.eligible)}, joining ${tokens(wb.joining)}.`,
    h('ul', {}, wb.holderPools.map((p) => h('li', { testid: `pool-${assetKey(p.asset)}` },
      `${assetLabel(p.asset)}: ${amount(p.pool, p.asset)} in the pool, ${amount(p.owed, p.asset)} owed`))),
  );
  $('items').querySelector('tbody').replaceChildren(...items.map((it) => h('tr', { testid: `item-${it.id}` },
    h('td', {}, it.id), h('td', { title: it.producer }, short(it.producer)),
    h('td', {}, h('code', {}, `${it.evidenceHash.slice(0, 18)}…`)),
    h('td', {}, clean(it.uri, 256)),
    h('td', {}, tokens(it.weight)), h('td', {}, clean(it.status, 32)))));
  // The reward menus: each option's value is its place in poolAssets, never chain data;
  // a choice is kept only while the same ITO is shown.
  const sameIto = state.shown === id;
  state.poolAssets = wb.holderPools.map((p) => p.asset);
  for (const menu of document.querySelectorAll('.asset-select')) {
    const keep = sameIto ? menu.selectedOptions[0]?.dataset.asset : undefined;
    menu.replaceChildren(...state.poolAssets.map((asset, i) => {
      const option = h('option', {}, assetLabel(asset));
      option.value = String(i);
      option.dataset.asset = assetKey(asset);
      option.selected = assetKey(asset) === keep;
      return option;
    }));
  }
  $('history').querySelector('tbody').replaceChildren(...history.map((b) => h('tr', { testid: `history-${b.index}` },
    h('td', {}, `#${b.index}${b.span > 1 ? `–${b.index + b.span - 1}` : ''}`),
    h('td', {}, `${b.firstBlock}–${b.lastBlock}`),
    h('td', {}, amount(b.toProducers)), h('td', {}, tokens(b.validationWeight)), h('td', {}, tokens(b.eligible)),
    h('td', {}, b.assets.map((a) => `${amount(a.toHolders, a.asset)} (${amount(a.perToken, a.asset)} per token)`).join(', ')),
    h('td', {}, [amount(b.producerRolledOver), ...b.assets.map((a) => amount(a.rolledOver, a.asset))].join(', ')))));
  drawHistory($('chart'), $('chart-legend'), history, (v) => amount(v), (v) => `${formatUnits(BigInt(v), DECIMALS)} ${state.tokenSymbols[id]}`);
  renderGovernance(state, governance, { id, best, account, tokens, amount, assetLabel, blocks, keep: sameIto });
  state.shown = id;
  if (!account) {
    $('mine').replaceChildren();
    return;
  }
  if (!mine) {
    $('mine').replaceChildren(h('p', {}, 'This account holds no tokens of this ITO and has no work in it.'));
    return;
  }
  const lines = [
    `Holding ${tokens(mine.balance)}: ${tokens(mine.eligible)} eligible, ${tokens(mine.pending)} joining at the next close.`,
    `Pending rewards: ${mine.holderOwed.length ? mine.holderOwed.map(([a, v]) => amount(v, a)).join(', ') : 'none'} as a holder; ${amount(mine.producerOwed)} as a producer.`,
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
    // New assets appear in the menus within about a minute.
    if (best - state.assetListAt >= 10) {
      state.assetListAt = best;
      await loadAssetList();
    }
    $('chain').textContent = `${state.chainName} through ${state.endpoint}, block #${best}`;
    // The detail does not wait for the list; a pass ends when all three have.
    const failed = (await Promise.allSettled([renderBalance(), renderItos(best), renderDetail(best)]))
      .filter((r) => r.status === 'rejected');
    if (failed.length) throw failed[0].reason;
  } catch (e) {
    status(`reading the chain failed: ${e.message}`, 'error');
  }
}

function select(id) {
  if (id !== state.shown) {
    // Nothing of the last ITO stays on screen, or under a form, while the next one loads.
    state.shown = null;
    $('detail').hidden = true;
  }
  state.selected = id;
  refresh();
}

// ---------------------------------------------------------------- the forms

function form(id, handler) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    Promise.resolve()
      .then(() => handler(new FormData(event.target), event.target))
      .catch((e) => status(e.message, 'error'));
  });
}

/// The ITO the detail panel shows: every form acts on it and nothing else.
function shownIto() {
  if (state.shown === null) throw new Error('wait for the ITO to show');
  return state.shown;
}

/// The reward asset a reward menu's value (its place in the menu) stands for.
function poolAsset(value) {
  const asset = state.poolAssets[Number(value)];
  if (asset === undefined) throw new Error('choose a reward asset');
  return asset;
}

function optionalUnits(text) {
  return text.trim() === '' ? null : parseUnits(text, DECIMALS);
}

function wireForms() {
  form('create', (f, el) => {
    const assets = [...el.querySelector('[name=assets]').selectedOptions].map((o) => Number(o.dataset.asset));
    const length = String(f.get('length')).trim();
    if (length !== '' && !isU32(length)) throw new Error(`'${length}' is not a number of chain blocks`);
    const other = String(f.get('otherAssets')).split(',').map((t) => t.trim()).filter(Boolean);
    for (const t of other) if (!isU32(t)) throw new Error(`'${t}' is not an asset id`);
    assets.push(...other.map(Number));
    run('Create ITO', (ito) => ito.createIto(
      textBytes(String(f.get('name'))),
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
  form('buy', (f) => run('Buy', (ito) => ito.buy(shownIto(), parseUnits(f.get('amount'), DECIMALS))));
  form('open-ito', (f) => {
    const id = String(f.get('id')).trim();
    if (!isU32(id)) throw new Error(`'${id}' is not an ITO number`);
    select(Number(id));
  });
  const evidence = async (f) => {
    const file = f.get('file');
    if (file && file.size > 0) return blake2AsHex(new Uint8Array(await file.arrayBuffer()), 256);
    return blake2AsHex(String(f.get('text')), 256);
  };
  const showHash = async () => { $('evidence-hash').textContent = await evidence(new FormData($('submit-work'))); };
  $('submit-work').addEventListener('input', showHash);
  $('submit-work').addEventListener('change', showHash);
  form('submit-work', async (f) => {
    // The ITO and its reward asset as the form was sent, before hashing a file.
    const id = shownIto();
    const asset = poolAsset(f.get('asset'));
    const hash = await evidence(f);
    $('evidence-hash').textContent = hash;
    const reward = String(f.get('amount')).trim() === '' ? null : [asset, parseUnits(f.get('amount'), assetDecimals(asset))];
    await run('Submit work', (ito) => ito.submitWork(id, hash, textBytes(String(f.get('uri'))), reward));
  });
  form('add-reward', (f) => {
    const asset = poolAsset(f.get('asset'));
    return run('Add reward', (ito) => ito.addReward(shownIto(), asset, parseUnits(f.get('amount'), assetDecimals(asset))));
  });
  form('validate', (f) => {
    const item = String(f.get('item')).trim();
    if (!isU32(item)) throw new Error(`'${item}' is not a work item number`);
    return run('Validate', (ito) => ito.validate(shownIto(), Number(item), parseUnits(f.get('tokens'), DECIMALS)));
  });
  form('claim', (f) => {
    const who = String(f.get('who')).trim() || currentAccount()?.address;
    if (!who) throw new Error('no account selected');
    return run('Claim', (ito) => ito.claim(shownIto(), who));
  });
  form('refund', (f) => run('Refund', (ito) => ito.refund(shownIto(), parseUnits(f.get('tokens'), DECIMALS))));
  wireProposals(state, { form, run, DECIMALS, shownIto });
  $('account').addEventListener('change', refresh);
}

async function main() {
  await cryptoWaitReady();
  const chain = await connect(location.search, (text) => status(text));
  Object.assign(state, { api: chain.api, light: chain.light, endpoint: chain.endpoint });
  // For the browser suite, before the status line says "connected", which it waits for.
  window.workchain = { state, refresh };
  $('trust').textContent = chain.light
    ? (chain.trusted ? '' : 'This chain specification is not this site\'s: check that its chain is the one you mean.')
    : (chain.trusted ? '' : 'You trust this node for everything shown here (not for what you sign: the chain checks that it is what you were shown); the light client (?chain=) trusts no node.');
  $('trust').hidden = $('trust').textContent === '';
  state.chainName = clean((await state.api.rpc.system.chain()).toString(), 64);
  await loadAccounts();
  wireForms();
  status(`connected to ${state.chainName}${state.light ? ' (light client)' : ''}`, 'ok');
  await refresh();
  await state.api.rpc.chain.subscribeNewHeads(() => refresh());
  // A runtime upgrade: @polkadot/api reloads the metadata as V14, which has no RFC-0078
  // hash to sign with (chain.js, metadataHash), so the page starts again on the new one.
  const spec = state.api.runtimeVersion.specVersion.toNumber();
  await state.api.rpc.state.subscribeRuntimeVersion((version) => {
    if (version.specVersion.toNumber() === spec) return;
    status(`the chain's runtime was upgraded to spec ${version.specVersion.toNumber()}: reloading`);
    location.reload();
  });
}

main().catch((e) => status(`cannot connect: ${clean(e.message, 200)}`, 'error'));
