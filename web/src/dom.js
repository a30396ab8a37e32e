// Building the page from chain data without ever parsing it as markup.
//
// Why no templating library: the app's DOM is small, and `document.createElement` with
// text nodes is the one construct that cannot turn a string into markup, whatever the
// string. A library that escapes by default (lit-html, Preact) would also be safe, but
// adds a dependency and a second way of writing the page. There is no `innerHTML`,
// `outerHTML`, `insertAdjacentHTML` or `document.write` in this app.
import { stringToU8a, u8aToHex } from '@polkadot/util';

/// The element with id `id`.
export const $ = (id) => document.getElementById(id);

/// The properties `h` accepts, and the element property each sets. Nothing else: an
/// unknown property is a programming error, not something the chain can reach.
const PROPS = {
  testid: (el, v) => { el.dataset.testid = v; },
  className: (el, v) => { el.className = v; },
  title: (el, v) => { el.title = v; },
  type: (el, v) => { el.type = v; },
  value: (el, v) => { el.value = v; },
  name: (el, v) => { el.name = v; },
  disabled: (el, v) => { el.disabled = Boolean(v); },
  ariaLabel: (el, v) => { el.setAttribute('aria-label', v); },
  scope: (el, v) => { el.scope = v; },
  onclick: (el, v) => { el.addEventListener('click', v); },
};

/// An element built from text only: strings and numbers become text nodes, never markup.
/// `children`: strings, numbers, nodes, arrays of them (null, undefined and false are
/// skipped).
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    const set = PROPS[key];
    if (!set) throw new Error(`h: no property ${key}`);
    if (value !== undefined && value !== null) set(el, value);
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
// Also dropped: soft hyphens, fillers and variation selectors that draw nothing, tag
// characters, and combining marks stacked more than two deep (which draw over other rows).
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e0fff}]/gu;
const STACKED_MARKS = /(\p{M}{2})\p{M}+/gu;
export function clean(text, max = 64) {
  const chars = Array.from(String(text).replace(UNSAFE_CHARS, '').replace(STACKED_MARKS, '$1'));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/// Replace `container`'s children, keeping the keyboard focus: a control that had it is
/// replaced by the new one with the same data-testid, which gets it back (tables are
/// rebuilt at every block; without this the focus fell back to the page every 6 s).
export function swapChildren(container, children) {
  const focused = container.contains(document.activeElement) ? document.activeElement.dataset.testid : undefined;
  container.replaceChildren(...children);
  if (focused) container.querySelector(`[data-testid="${CSS.escape(focused)}"]`)?.focus();
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });
/// The text of a SCALE byte string (a `Bytes` codec): invalid UTF-8 becomes U+FFFD.
export function bytesText(codec) {
  return UTF8.decode(codec.toU8a(true));
}

/// Typed text as a byte string argument of a call, always as its UTF-8 bytes (hex, which
/// @polkadot/api takes as raw bytes): a plain string that looks like hex ("0x41") would be
/// taken as the bytes it spells, and a Uint8Array as SCALE with a length prefix.
export function textBytes(text) {
  return u8aToHex(stringToU8a(text));
}
