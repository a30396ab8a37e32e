// An ITO's proposals (pallet-ito's authority by economic value): the open and recent
// proposals with their tallies and the ayes each needs, the current account's voting
// power, a vote on each open proposal, and a form to propose.
//
// What the runtime decides is only shown here: a proposal is made in the first half of a
// work block, by an account with at least 1% of the block's value; it passes at the
// block's close with more ayes than nays and at least the quorum of the value in ayes.
import { blake2AsHex } from '@polkadot/util-crypto';
import { $, bytesText, clean, h, swapChildren, textBytes } from './dom.js';
import { formatUnits, isU32, parseUnits } from './units.js';

let send = null; // (label, makeTx) => Promise, set by wireProposals
/// The most proposals shown: the latest ones.
const SHOWN = 32;

/// A Perbill (parts per billion) as a percentage, exact.
function percent(perbill) {
  return `${formatUnits(BigInt(perbill), 7)}%`;
}

/// A percentage typed by a user ("20", "12.5") as a Perbill.
function perbill(text) {
  const value = parseUnits(text, 7);
  if (value > 1_000_000_000n) throw new Error(`'${text}' is more than 100%`);
  return value;
}

/// What a proposal would do, in words. `action` is the runtime API's codec.
function actionInWords(action, ctx) {
  if (action.isAcceptAsset) return `accept ${ctx.assetLabel({ Asset: action.asAcceptAsset.toNumber() })} as a reward`;
  if (action.isStopAsset) return `stop taking ${ctx.assetLabel({ Asset: action.asStopAsset.toNumber() })} as a reward`;
  if (action.isSetMinValidation) return `set the minimum validation to ${ctx.tokens(action.asSetMinValidation.toBigInt())}`;
  if (action.isSetApprovalRequired) {
    return action.asSetApprovalRequired.isTrue ? 'holders earn only when they validate' : 'every eligible holder earns';
  }
  if (action.isSetPurchaseLimits) {
    const { min, max } = action.asSetPurchaseLimits;
    return `purchases of ${ctx.amount(min.toBigInt())} to ${ctx.amount(max.toBigInt())} per work block`;
  }
  if (action.isSetQuorum) return `set the quorum to ${percent(action.asSetQuorum.toNumber())}`;
  if (action.isSetValidationQuorum) return `set the validation quorum to ${percent(action.asSetValidationQuorum.toNumber())}`;
  if (action.isSignal) {
    const { hash, uri } = action.asSignal;
    return `record a decision on the text at ${clean(bytesText(uri), 120)} (hash ${hash.toHex().slice(0, 18)}…)`;
  }
  return clean(action.type, 40);
}

/// Read ITO `id`'s governance view (the last SHOWN proposals) and `account`'s voting
/// power: `{ gov, power }`, codecs or null.
export async function readGovernance(state, id, account, loadAsset) {
  const api = state.api.call.itoApi;
  // From the id the previous refresh saw as next, read again if more were made since.
  const from = Math.max(0, (state.nextProposal?.[id] ?? 0) - SHOWN);
  let [govCodec, powerCodec] = await Promise.all([
    api.proposals(id, from, SHOWN),
    account ? api.votingPower(id, account.address) : null,
  ]);
  if (govCodec.isSome) {
    const next = govCodec.unwrap().nextProposal.toNumber();
    if (next - SHOWN > from) govCodec = await api.proposals(id, next - SHOWN, SHOWN);
    state.nextProposal = { ...state.nextProposal, [id]: next };
  }
  const gov = govCodec.isSome ? govCodec.unwrap() : null;
  for (const p of gov?.proposals ?? []) if (p.action.isAcceptAsset) await loadAsset(p.action.asAcceptAsset.toNumber());
  return { gov, power: powerCodec && powerCodec.isSome ? powerCodec.unwrap() : null };
}

/// Write the panel of ITO `ctx.id` as of chain block `ctx.best` (no wait: see
/// renderDetail). `ctx.keep`: the same ITO as before, whose StopAsset choice is kept.
export function renderGovernance(state, { gov, power }, ctx) {
  const keep = ctx.keep ? $('stop-asset').selectedOptions[0]?.dataset.asset : undefined;
  // The StopAsset menu: the assets this ITO takes now, but WORK (which cannot be stopped).
  $('stop-asset').replaceChildren(...(gov?.accepting ?? [])
    .filter(([asset, on]) => on.isTrue && asset.isAsset)
    .map(([asset]) => {
      const id = asset.asAsset.toNumber();
      const option = h('option', {}, ctx.assetLabel({ Asset: id }));
      option.dataset.asset = String(id);
      option.selected = String(id) === keep;
      return option;
    }));
  if (!gov) {
    $('gov-summary').textContent = '';
    $('voting-power').textContent = '';
    $('proposals').querySelector('tbody').replaceChildren();
    $('proposals-empty').hidden = false;
    return;
  }
  const value = gov.value.toBigInt();
  const until = gov.proposingUntil.toNumber();
  const left = until - ctx.best;
  $('gov-summary').textContent = `Work block #${gov.block.toNumber()} has a value of ${ctx.tokens(value)}. `
    + `A proposal passes at the close with more ayes than nays and at least ${percent(gov.quorum.toNumber())} of the value in ayes. `
    + (left > 0 ? `Proposals can be made for ${ctx.blocks(left)} more (until chain block #${until}), ` : 'The time to propose in this block is over; votes are open until the close. ')
    + (left > 0 ? `by an account with at least ${ctx.tokens(gov.minProposerValue.toBigInt())} of value; at most ${gov.maxOpen.toNumber()} are open at once.` : '');
  const votes = new Map();
  if (power) {
    for (const [pid, aye] of power.votes) votes.set(pid.toNumber(), aye.isTrue);
    $('voting-power').textContent = `Your voting power in this block: ${ctx.tokens(power.value.toBigInt())} `
      + `(${ctx.tokens(power.eligible.toBigInt())} held since the last close, ${ctx.tokens(power.received.toBigInt())} given to your work). `
      + (power.canPropose.isTrue ? 'You can propose now.' : 'You cannot propose now.');
  } else {
    $('voting-power').textContent = ctx.account ? 'This account has no voting power in this ITO.' : '';
  }
  const rows = [...gov.proposals].reverse().map((p) => {
    const pid = p.id.toNumber();
    const open = p.status.isOpen;
    const mine = votes.get(pid);
    const vote = (aye) => h('button', {
      type: 'button',
      testid: `vote-${aye ? 'aye' : 'nay'}-${pid}`,
      ariaLabel: `Vote ${aye ? 'aye' : 'nay'} on proposal ${pid}`,
      disabled: !open || !ctx.account,
      onclick: () => {
        // A button of a panel another ITO has since replaced votes on nothing.
        if (state.shown !== ctx.id) return;
        send(`Vote ${aye ? 'aye' : 'nay'}`, (ito) => ito.vote(ctx.id, pid, aye));
      },
    }, aye ? 'Aye' : 'Nay');
    return h('tr', { testid: `proposal-${pid}` },
      h('td', {}, pid),
      h('td', {}, actionInWords(p.action, ctx)),
      h('td', { title: p.proposer.toString() }, `${p.proposer.toString().slice(0, 6)}…`),
      h('td', { testid: `proposal-status-${pid}` }, `${p.status.type} (block #${p.block.toNumber()})`),
      h('td', { testid: `proposal-ayes-${pid}` }, ctx.tokens(p.ayes.toBigInt())),
      h('td', { testid: `proposal-nays-${pid}` }, ctx.tokens(p.nays.toBigInt())),
      h('td', {}, open ? ctx.tokens(p.ayesNeeded.toBigInt()) : '–'),
      h('td', {}, mine === undefined ? '–' : mine ? 'aye' : 'nay'),
      h('td', {}, open ? [vote(true), ' ', vote(false)] : '–'));
  });
  swapChildren($('proposals').querySelector('tbody'), rows);
  $('proposals-empty').hidden = rows.length > 0;
}

/// The form's fields that the chosen kind of proposal uses are shown; the others hidden.
function showFields(kind) {
  for (const field of document.querySelectorAll('#propose [data-for]')) {
    field.hidden = !field.dataset.for.split(' ').includes(kind);
  }
}

export function wireProposals(state, { form, run, DECIMALS, shownIto }) {
  send = run;
  const kind = $('propose').querySelector('[name=kind]');
  kind.addEventListener('change', () => showFields(kind.value));
  showFields(kind.value);
  form('propose', (f) => {
    const action = (() => {
      switch (f.get('kind')) {
        case 'AcceptAsset': {
          const typed = String(f.get('assetId')).trim();
          if (typed !== '') {
            if (!isU32(typed)) throw new Error(`'${typed}' is not an asset id`);
            return { AcceptAsset: Number(typed) };
          }
          const option = $('propose-asset').selectedOptions[0];
          if (!option) throw new Error('choose an asset');
          return { AcceptAsset: Number(option.dataset.asset) };
        }
        case 'StopAsset': {
          const option = $('stop-asset').selectedOptions[0];
          if (!option) throw new Error('this ITO takes no asset but WORK');
          return { StopAsset: Number(option.dataset.asset) };
        }
        case 'SetMinValidation': return { SetMinValidation: parseUnits(f.get('tokens'), DECIMALS) };
        case 'SetApprovalRequired': return { SetApprovalRequired: f.get('approval') === 'yes' };
        case 'SetPurchaseLimits': return { SetPurchaseLimits: { min: parseUnits(f.get('min'), DECIMALS), max: parseUnits(f.get('max'), DECIMALS) } };
        case 'SetQuorum': return { SetQuorum: perbill(f.get('percent')) };
        case 'SetValidationQuorum': return { SetValidationQuorum: perbill(f.get('percent')) };
        case 'Signal': return { Signal: { hash: blake2AsHex(String(f.get('text')), 256), uri: textBytes(String(f.get('uri'))) } };
        default: throw new Error('choose what to propose');
      }
    })();
    return run('Propose', (ito) => ito.propose(shownIto(), action));
  });
}
