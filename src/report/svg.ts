// Hand-written SVG building blocks: a plot frame, linear scales, "nice" axis
// ticks, axes and a legend. Coordinates are rounded to 0.1 px to keep the
// markup small and deterministic.
import { esc } from './format.js';

/** Chart size and inner margins (SVG user units). */
export interface Frame {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const frame = (over: Partial<Frame> = {}): Frame => ({
  width: 640,
  height: 260,
  top: 28,
  right: 52,
  bottom: 44,
  left: 52,
  ...over,
});

export const innerWidth = (f: Frame) => f.width - f.left - f.right;
export const innerHeight = (f: Frame) => f.height - f.top - f.bottom;

/** Round to 0.1. */
export const r1 = (x: number): number => Math.round(x * 10) / 10;

/** A linear scale from [d0, d1] to [p0, p1]. */
export function linear(d0: number, d1: number, p0: number, p1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x) => r1(p0 + ((x - d0) / span) * (p1 - p0));
}

/** About `count` round tick values from 0 to at least `max` (1, 2, 2.5 or 5 × 10^n apart). */
export function niceTicks(max: number, count = 5, integer = true): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  if (integer) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(Math.round((ticks[ticks.length - 1]! + step) * 1e6) / 1e6);
  return ticks;
}

/** Horizontal grid lines with labels on the left. */
export function yAxis(f: Frame, ticks: number[], y: (v: number) => number, label: (v: number) => string = String): string {
  return ticks
    .map((t) => {
      const py = y(t);
      return `<line class="grid" x1="${f.left}" x2="${f.width - f.right}" y1="${py}" y2="${py}"/><text class="tick" x="${f.left - 6}" y="${r1(py + 3.5)}" text-anchor="end">${esc(label(t))}</text>`;
    })
    .join('');
}

/** Percentage labels on the right (0–100 %), for cumulative lines. */
export function rightPercentAxis(f: Frame, y: (v: number) => number): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<text class="tick" x="${f.width - f.right + 6}" y="${r1(y(t) + 3.5)}">${Math.round(t * 100)}%</text>`)
    .join('');
}

/** The x-axis line with labels under given positions. */
export function xLabels(f: Frame, items: { x: number; text: string }[], rotate = false): string {
  const base = f.height - f.bottom;
  const line = `<line class="axis" x1="${f.left}" x2="${f.width - f.right}" y1="${base}" y2="${base}"/>`;
  return (
    line +
    items
      .map(({ x, text }) =>
        rotate
          ? `<text class="tick" x="${x}" y="${base + 12}" text-anchor="end" transform="rotate(-30 ${x} ${base + 12})">${esc(text)}</text>`
          : `<text class="tick" x="${x}" y="${base + 16}" text-anchor="middle">${esc(text)}</text>`,
      )
      .join('')
  );
}

/** A legend row at the top of the chart. */
export function legend(f: Frame, entries: { label: string; color: string; line?: boolean }[], y = 14): string {
  let x = f.left;
  return entries
    .map(({ label, color, line }) => {
      const swatch = line
        ? `<line x1="${x}" x2="${x + 14}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="2.5"/>`
        : `<rect x="${x}" y="${y - 9}" width="10" height="10" rx="2" fill="${color}"/>`;
      const text = `<text class="legend" x="${x + (line ? 18 : 14)}" y="${y}">${esc(label)}</text>`;
      x += (line ? 18 : 14) + label.length * 6.2 + 14;
      return swatch + text;
    })
    .join('');
}

/** An `<svg data-chart>` element around chart content. */
export function svg(name: string, f: Frame, label: string, body: string): string {
  return `<svg data-chart="${esc(name)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

/** A chart with nothing to draw: keeps its place and says why. */
export function emptyChart(name: string, f: Frame, label: string, message: string): string {
  return svg(
    name,
    f,
    label,
    `<text class="empty" x="${f.width / 2}" y="${f.height / 2}" text-anchor="middle">${esc(message)}</text>`,
  );
}

/** A polyline path through points. */
export const linePath = (pts: [number, number][]): string =>
  pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join('');
