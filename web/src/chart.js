// A bar chart of an ITO's last closed work blocks, in SVG: per block, what was owed to
// producers and to holders in WORK, and the validation weight (a line), scaled to the
// largest value shown.

const W = 640;
const H = 200;
const PAD = 30;

function svg(tag, attrs, text) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

export function drawHistory(container, history, format) {
  container.replaceChildren();
  if (history.length === 0) {
    container.textContent = 'No work block has closed yet.';
    return;
  }
  const native = (b) => BigInt(b.assets.find((a) => a.asset === 'Native')?.to_holders ?? 0);
  const values = history.flatMap((b) => [BigInt(b.to_producers), native(b), BigInt(b.validation_weight)]);
  const max = values.reduce((m, v) => (v > m ? v : m), 1n);
  const scale = (v) => Number((BigInt(v) * BigInt(H - 2 * PAD)) / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'last work blocks' });
  const slot = (W - 2 * PAD) / history.length;
  const bar = Math.max(2, slot / 3 - 2);
  const line = [];
  history.forEach((b, i) => {
    const x = PAD + i * slot;
    const producers = scale(b.to_producers);
    const holders = scale(native(b));
    root.append(svg('rect', { x, y: H - PAD - producers, width: bar, height: producers, class: 'producers', 'data-testid': `bar-producers-${b.index}` }, undefined));
    root.append(svg('rect', { x: x + bar + 1, y: H - PAD - holders, width: bar, height: holders, class: 'holders', 'data-testid': `bar-holders-${b.index}` }, undefined));
    root.lastChild.append(svg('title', {}, `block #${b.index}: ${format(native(b))} WORK to holders`));
    root.append(svg('text', { x: x + bar, y: H - PAD + 14, 'text-anchor': 'middle', class: 'label' }, `#${b.index}`));
    line.push(`${x + bar},${H - PAD - scale(b.validation_weight)}`);
  });
  root.append(svg('polyline', { points: line.join(' '), class: 'weight' }));
  root.append(svg('text', { x: PAD, y: 14, class: 'legend' }, 'to producers (WORK) · to holders (WORK) · validation weight (tokens, line)'));
  container.append(root);
}
