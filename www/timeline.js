// The time windows of an assertion against "now", drawn as an SVG: one row per window, the
// clock tolerance as lighter ends, "now" as a vertical line. Labels carry the date and the time,
// and never overlap or leave the picture. When "now" is far from the windows (a response of
// 2022 checked today), the axis is broken: the windows keep a readable scale and "now" stands
// past the break with how far it is. A table below the picture says the same in text.

import { dateTime, duration } from './time.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 760;
const LEFT = 150; // row labels
const RIGHT = 12;
const BREAK = 130; // room for the break and "now" when it is off the windows' scale
const CHAR = 6.3; // width of one character of the 11px labels (system-ui; generous)
const BAR = 18;

function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Rows: [{ label, start: ms|null, end: ms|null, ok: bool|null }]. */
export function timeline(rows, nowMs, toleranceMs) {
  // The windows' own extent, tolerance included.
  const edges = [];
  for (const r of rows) {
    if (r.start !== null) edges.push(r.start - toleranceMs);
    if (r.end !== null) edges.push(r.end + toleranceMs);
  }
  if (edges.length === 0) edges.push(nowMs);
  let lo = Math.min(...edges);
  let hi = Math.max(...edges);
  const span = Math.max(hi - lo, 60_000);
  // "now" on the same scale only when that leaves the windows at least a third of the width.
  const near = nowMs >= lo - 2 * span && nowMs <= hi + 2 * span;
  if (near) {
    lo = Math.min(lo, nowMs);
    hi = Math.max(hi, nowMs);
  }
  const pad = Math.max((hi - lo) * 0.04, 15_000);
  lo -= pad;
  hi += pad;
  const after = !near && nowMs > hi;
  const before = !near && nowMs < lo;
  const x0 = LEFT + (before ? BREAK : 0);
  const x1 = W - RIGHT - (after ? BREAK : 0);
  const x = (ms) => x0 + ((ms - lo) / (hi - lo)) * (x1 - x0);
  const clampX = (ms) => Math.min(x1, Math.max(x0, x(ms)));

  // Each row: a label line, the bar, then as many lines of edge labels as it takes to keep them apart.
  const parts = [];
  let y = 8;
  for (const r of rows) {
    const rowTop = y;
    parts.push(el('text', { x: 0, y: rowTop + 13, class: 'tl-label' }, r.label));
    const s = r.start ?? lo;
    const e = r.end ?? hi;
    const tolS = r.start === null ? s : s - toleranceMs;
    const tolE = r.end === null ? e : e + toleranceMs;
    parts.push(el('rect', { x: clampX(tolS), y: rowTop, width: Math.max(1, clampX(tolE) - clampX(tolS)), height: BAR, class: 'tl-tolerance' }));
    parts.push(el('rect', { x: clampX(s), y: rowTop, width: Math.max(2, clampX(e) - clampX(s)), height: BAR, class: `tl-window ${r.ok === false ? 'bad' : 'good'}` }));
    // Edge labels: start left-aligned at its edge, end right-aligned at its edge, each kept inside the
    // plot; a label that would touch another goes one line down.
    const lines = [];
    const put = (text, at, anchor) => {
      const width = text.length * CHAR;
      let left = anchor === 'end' ? at - width : at;
      left = Math.max(LEFT, Math.min(W - RIGHT - width, left));
      let line = 0;
      while ((lines[line] ?? []).some(([l, w]) => left < l + w + 8 && l < left + width + 8)) line++;
      (lines[line] ??= []).push([left, width]);
      parts.push(el('text', { x: left, y: rowTop + BAR + 13 + line * 14, class: 'tl-time' }, text));
    };
    if (r.start !== null) put(`${dateTime(r.start)}`, clampX(r.start), 'start');
    if (r.end !== null) put(`${dateTime(r.end)}`, clampX(r.end), 'end');
    y = rowTop + BAR + 6 + Math.max(1, lines.length) * 14 + 10;
  }
  const plotBottom = y - 6;

  // "now": on the scale, or past a break.
  const nowText = `now ${dateTime(nowMs)} UTC`;
  const nowWidth = nowText.length * CHAR;
  if (near) {
    const nx = x(nowMs);
    parts.push(el('line', { x1: nx, x2: nx, y1: 2, y2: plotBottom, class: 'tl-now' }));
    const left = Math.max(LEFT, Math.min(W - RIGHT - nowWidth, nx - nowWidth / 2));
    parts.push(el('text', { x: left, y: plotBottom + 14, class: 'tl-now-label' }, nowText));
  } else {
    const edge = after ? hi - pad : lo + pad;
    const gap = `${duration(nowMs - edge)} ${after ? 'after' : 'before'} the windows`;
    const bx = after ? x1 + 14 : x0 - 14; // the break
    const nx = after ? W - RIGHT - 4 : LEFT + 4;
    parts.push(el('path', { d: `M${bx - 4},${plotBottom + 2} l8,-10 M${bx + 2},${plotBottom + 2} l8,-10`, class: 'tl-break' }));
    parts.push(el('line', { x1: nx, x2: nx, y1: 2, y2: plotBottom, class: 'tl-now' }));
    const anchorLeft = after ? W - RIGHT - Math.max(nowWidth, gap.length * CHAR) : LEFT;
    parts.push(el('text', { x: anchorLeft, y: plotBottom + 14, class: 'tl-now-label' }, nowText));
    parts.push(el('text', { x: anchorLeft, y: plotBottom + 28, class: 'tl-gap' }, gap));
  }
  const height = plotBottom + (near ? 20 : 34);
  const svg = el('svg', { viewBox: `0 0 ${W} ${height}`, class: 'timeline', role: 'img' });
  const described = rows.map((r) => `${r.label}: ${r.start !== null ? dateTime(r.start) : 'open'} to ${r.end !== null ? dateTime(r.end) : 'open'}`);
  svg.setAttribute('aria-label', `Time windows against now (${dateTime(nowMs)} UTC), tolerance ${toleranceMs / 1000} s. ${described.join('; ')}.`);
  svg.append(...parts);
  return svg;
}
