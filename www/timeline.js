// The time windows of an assertion against "now", drawn as an SVG: one row per window, the
// clock tolerance as lighter ends, "now" as a vertical line. A table below says the same in text.

const SVG = 'http://www.w3.org/2000/svg';
const W = 760;
const ROW = 34;
const LEFT = 190;
const RIGHT = 20;

function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const hhmm = (ms) => new Date(ms).toISOString().slice(11, 19);

/** Rows: [{ label, start: ms|null, end: ms|null, ok: bool|null }]. */
export function timeline(rows, nowMs, toleranceMs) {
  const points = [nowMs];
  for (const r of rows) {
    if (r.start !== null) points.push(r.start - toleranceMs);
    if (r.end !== null) points.push(r.end + toleranceMs);
  }
  let min = Math.min(...points);
  let max = Math.max(...points);
  const pad = Math.max((max - min) * 0.06, 30_000);
  min -= pad;
  max += pad;
  const x = (ms) => LEFT + ((ms - min) / (max - min)) * (W - LEFT - RIGHT);
  const height = rows.length * ROW + 46;
  const svg = el('svg', { viewBox: `0 0 ${W} ${height}`, class: 'timeline', role: 'img' });
  const described = rows.map((r) => `${r.label}: ${r.start ? hhmm(r.start) : 'open'} to ${r.end ? hhmm(r.end) : 'open'}`);
  svg.setAttribute('aria-label', `Time windows against now (${hhmm(nowMs)} UTC), tolerance ${toleranceMs / 1000} s. ${described.join('; ')}.`);

  rows.forEach((r, i) => {
    const y = 14 + i * ROW;
    svg.append(el('text', { x: 0, y: y + 15, class: 'tl-label' }, r.label));
    const s = r.start ?? min;
    const e = r.end ?? max;
    // Tolerance first, the window itself over it.
    svg.append(el('rect', { x: x(s - (r.start === null ? 0 : toleranceMs)), y, width: Math.max(1, x(e + (r.end === null ? 0 : toleranceMs)) - x(s - (r.start === null ? 0 : toleranceMs))), height: 20, class: 'tl-tolerance' }));
    svg.append(el('rect', { x: x(s), y, width: Math.max(1, x(e) - x(s)), height: 20, class: `tl-window ${r.ok === false ? 'bad' : 'good'}` }));
    if (r.start !== null) svg.append(el('text', { x: x(r.start), y: y + 32, class: 'tl-time', 'text-anchor': 'middle' }, hhmm(r.start)));
    if (r.end !== null) svg.append(el('text', { x: x(r.end), y: y + 32, class: 'tl-time', 'text-anchor': 'middle' }, hhmm(r.end)));
  });
  const nx = x(nowMs);
  svg.append(el('line', { x1: nx, x2: nx, y1: 4, y2: height - 18, class: 'tl-now' }));
  svg.append(el('text', { x: nx, y: height - 4, class: 'tl-now-label', 'text-anchor': 'middle' }, `now ${hhmm(nowMs)} UTC`));
  return svg;
}
