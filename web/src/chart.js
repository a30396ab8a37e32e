// A chart of an ITO's last closed work blocks, in SVG built from elements (never markup):
// per block, bars for what was owed to producers and to holders in WORK (left axis), and
// a line for the validation weight in the ITO's tokens (right axis, its own scale). Axes
// have ticks with units, the x axis names the work blocks, and a legend says which is
// which; the numbers themselves are in the table under the chart.

const W = 720;
const H = 240;
const LEFT = 90;
const RIGHT = 90;
const TOP = 16;
const BOTTOM = 40;

function svg(tag, attrs, text) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

const maxOf = (values) => values.reduce((m, v) => (v > m ? v : m), 0n);

/// `history`: the closed blocks (runtime API), `workUnits(v)` and `tokenUnits(v)` format
/// an amount of WORK or of the token with its unit; `legend` is the element to fill.
export function drawHistory(container, legend, history, workUnits, tokenUnits) {
  container.replaceChildren();
  legend.replaceChildren();
  if (history.length === 0) {
    container.textContent = 'No work block has closed yet.';
    return;
  }
  const native = (b) => BigInt(b.assets.find((a) => a.asset === 'Native')?.toHolders ?? 0);
  // An axis whose values are all 0 has only its 0 tick.
  const workTop = maxOf(history.flatMap((b) => [BigInt(b.toProducers), native(b)]));
  const weightTop = maxOf(history.map((b) => BigInt(b.validationWeight)));
  const workMax = workTop || 1n;
  const weightMax = weightTop || 1n;
  const plot = H - TOP - BOTTOM;
  const y = (v, max) => H - BOTTOM - Number((BigInt(v) * BigInt(plot)) / max);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
    'aria-label': `Last ${history.length} closed work blocks: WORK owed to producers and holders, and validation weight`,
  });
  // Axes, with ticks at 0, half and the largest value.
  root.append(svg('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM, class: 'axis' }));
  root.append(svg('line', { x1: W - RIGHT, y1: TOP, x2: W - RIGHT, y2: H - BOTTOM, class: 'axis' }));
  root.append(svg('line', { x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM, class: 'axis' }));
  for (const [i, share] of [0n, 1n, 2n].entries()) {
    const work = (workMax * share) / 2n;
    const weight = (weightMax * share) / 2n;
    if (i === 0 || workTop > 0n) root.append(svg('text', { x: LEFT - 4, y: y(work, workMax) + 4, 'text-anchor': 'end', class: 'tick', 'data-testid': `tick-work-${i}` }, workUnits(work)));
    if (i === 0 || weightTop > 0n) root.append(svg('text', { x: W - RIGHT + 4, y: y(weight, weightMax) + 4, class: 'tick', 'data-testid': `tick-weight-${i}` }, tokenUnits(weight)));
  }
  root.append(svg('text', { x: (LEFT + W - RIGHT) / 2, y: H - 4, 'text-anchor': 'middle', class: 'tick' }, 'closed work block'));
  const slot = (W - LEFT - RIGHT) / history.length;
  const bar = Math.max(2, slot / 3 - 2);
  const line = [];
  history.forEach((b, i) => {
    const x = LEFT + i * slot + slot / 6;
    const producers = H - BOTTOM - y(b.toProducers, workMax);
    const holders = H - BOTTOM - y(native(b), workMax);
    const p = svg('rect', { x, y: H - BOTTOM - producers, width: bar, height: producers, class: 'producers', 'data-testid': `bar-producers-${b.index}` });
    p.append(svg('title', {}, `block #${b.index}: ${workUnits(BigInt(b.toProducers))} to producers`));
    const hl = svg('rect', { x: x + bar + 1, y: H - BOTTOM - holders, width: bar, height: holders, class: 'holders', 'data-testid': `bar-holders-${b.index}` });
    hl.append(svg('title', {}, `block #${b.index}: ${workUnits(native(b))} to holders`));
    root.append(p, hl);
    root.append(svg('text', { x: x + bar, y: H - BOTTOM + 14, 'text-anchor': 'middle', class: 'tick' }, `#${b.index}`));
    line.push(`${x + bar},${y(b.validationWeight, weightMax)}`);
  });
  root.append(svg('polyline', { points: line.join(' '), class: 'weight' }));
  container.append(root);
  const item = (kind, text) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${kind}`;
    li.append(swatch, text);
    return li;
  };
  legend.append(
    item('producers', 'owed to producers (WORK, left axis)'),
    item('holders', 'owed to holders (WORK, left axis)'),
    item('weight', 'validation weight (tokens, right axis)'),
  );
}
