// The viewer's page: one self-contained HTML document (inline CSS, SVG and
// script; a Content-Security-Policy forbids every other resource). Static,
// it is the diagram with the language switch; live, it also lists the
// desk's complaints and follows the viewer's event stream.
import { clientScript } from './client.js';
import { esc, renderFlowSvg } from './svg.js';
import type { FlowLanguage, FlowLayout } from './types.js';

/** What the page is drawn with. */
export interface FlowPageInput {
  layout: FlowLayout;
  title: string;
  language: FlowLanguage;
  /** Live (served by a viewer with a desk) or the static diagram. */
  live: boolean;
  /** The viewer's path prefix ('' at the root). */
  base: string;
  /** Time zone dates are shown in. */
  timeZone: string;
  /** Follow the first complaint that changes when none is chosen (the simulation). */
  follow: boolean;
}

const css = `
:root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #d1d5db; --soft: #f3f4f6; --accent: #2563eb; --accent-soft: #dbeafe; --warn: #b45309; --bad: #b91c1c; }
* { box-sizing: border-box; }
html[data-lang="en"] .zh, html[data-lang="zh"] .en { display: none; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", Arial, sans-serif; color: var(--ink); background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 16px; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: #fff; z-index: 2; }
h1 { font-size: 18px; margin: 0 12px 0 0; }
h2 { font-size: 14px; margin: 14px 0 6px; }
button { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button[aria-pressed="true"] { background: var(--accent-soft); border-color: var(--accent); }
.status { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: var(--soft); color: var(--muted); }
.status.live { background: #dcfce7; color: #166534; }
.spacer { flex: 1; }
.muted { color: var(--muted); font-size: 12px; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 400px; min-height: calc(100vh - 52px); }
main.static { grid-template-columns: minmax(0, 1fr) 300px; }
.chart { overflow: auto; padding: 12px; }
html.fit svg.flow { width: 100%; height: auto; }
aside { border-left: 1px solid var(--line); padding: 4px 14px 20px; overflow: auto; max-height: calc(100vh - 52px); position: sticky; top: 52px; }
ul.complaints { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
ul.complaints button { width: 100%; border: 0; border-bottom: 1px solid var(--soft); border-radius: 0; display: grid; grid-template-columns: 1fr auto; gap: 0 8px; text-align: left; padding: 4px 8px; }
ul.complaints button[aria-current="true"] { background: var(--accent-soft); }
ul.complaints .path { grid-column: 1; color: var(--muted); font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
ul.complaints .sev { grid-row: 1; grid-column: 2; font-size: 12px; color: var(--muted); }
ul.complaints .breached .id::after { content: " ●"; color: var(--bad); }
ul.complaints .at-risk .id::after { content: " ●"; color: var(--warn); }
#current { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; }
ol.trail { margin: 0; padding-left: 22px; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; font-size: 13px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--soft); white-space: nowrap; }
tr.breached .status { color: var(--bad); font-weight: 600; }
tr.warned .status { color: var(--warn); }
tr.paused .status { color: var(--accent); }
ol.timeline { list-style: none; margin: 0; padding: 0; max-height: 360px; overflow: auto; font-size: 12px; }
ol.timeline li { border-bottom: 1px solid var(--soft); padding: 3px 0; display: grid; grid-template-columns: auto 1fr; gap: 0 8px; }
ol.timeline time { color: var(--muted); }
ol.timeline .type { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
ol.timeline .actor { grid-column: 2; color: var(--muted); }
ol.timeline code { grid-column: 1 / -1; color: #374151; word-break: break-all; }
ol.timeline li.sla .type { color: var(--warn); }
ol.timeline li.escalation .type { color: var(--bad); }
ol.timeline li.timer .type { color: var(--accent); }
.legend span { display: inline-block; margin-right: 10px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; border: 2px solid; }
svg.flow { display: block; }
svg.flow text { fill: #111827; }
svg.flow .label { font: 600 13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", Arial, sans-serif; }
svg.flow .mono { font: 11px ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; }
svg.flow .key { fill: #6b7280; }
svg.flow .limit { fill: #92400e; }
svg.flow .detail { fill: #374151; }
svg.flow .due { fill: var(--accent); }
svg.flow .box { fill: #fff; stroke: #6b7280; stroke-width: 1.2; }
svg.flow .compound > .box { fill: #f9fafb; stroke: #9ca3af; }
svg.flow .final-ring { fill: none; stroke: #6b7280; stroke-width: 1; }
svg.flow .timer > .box { fill: #fffbeb; stroke: #d97706; stroke-dasharray: 5 3; }
svg.flow .timer.running > .box { stroke: #b45309; stroke-width: 2.5; stroke-dasharray: none; }
svg.flow .timer.paused > .box { fill: #eff6ff; stroke: var(--accent); }
svg.flow .timer.fired > .box { animation: flow-fired 1.2s ease-out; }
@keyframes flow-fired { from { fill: #fde68a; } to { fill: #fffbeb; } }
svg.flow .initial { fill: #374151; }
svg.flow .route { fill: none; stroke: #64748b; stroke-width: 1.3; }
svg.flow .after .route, svg.flow .timer .route { stroke-dasharray: 5 3; }
svg.flow .edge.timer .route { stroke: #d97706; }
svg.flow .arrow { fill: #64748b; }
svg.flow .label-bg { fill: #fff; opacity: 0.88; }
svg.flow .edge-label { fill: #1e3a8a; }
svg.flow .visited > .box { fill: #f5f3ff; stroke: #8b5cf6; }
svg.flow .active > .box { stroke: var(--accent); stroke-width: 2.5; }
svg.flow .compound.active > .box { fill: #f0f7ff; }
svg.flow .current > .box { fill: var(--accent-soft); stroke: #1d4ed8; stroke-width: 3.5; }
`;

/** Both languages of a piece of the page's own text. */
const t = (en: string, zh: string) => `<span class="en">${esc(en)}</span><span class="zh">${esc(zh)}</span>`;

const legend = `<h2>${t('Legend', '图例')}</h2>
<p class="legend muted">
<span><i class="swatch" style="background:#dbeafe;border-color:#1d4ed8"></i>${t('current state', '当前状态')}</span>
<span><i class="swatch" style="background:#f0f7ff;border-color:#2563eb"></i>${t('active stage', '所在阶段')}</span>
<span><i class="swatch" style="background:#f5f3ff;border-color:#8b5cf6"></i>${t('visited', '已经过')}</span>
<span><i class="swatch" style="background:#fffbeb;border-color:#d97706"></i>${t('SLA timer', 'SLA 计时器')}</span>
</p>
<p class="muted">${t(
  'Arrows read EVENT [guard] / action; dashed ones are timers. Lines inside a box are transitions that stay in that state.',
  '箭头标注为 事件 [守卫] / 动作；虚线为计时器。方框内的行是停留在该状态的转换。',
)}</p>`;

const liveAside = `<aside>
<h2>${t('Complaints', '投诉')} <span class="muted" id="count">0</span></h2>
<ul class="complaints" id="complaints"></ul>
<h2>${t('Selected', '当前投诉')}</h2>
<div id="current" class="muted">${t('Pick a complaint.', '请选择一条投诉。')}</div>
<dl class="facts" id="facts"></dl>
<h2>${t('States, in order', '经过的状态')}</h2>
<ol class="trail" id="trail"></ol>
<h2>${t('Deadlines', '时限')}</h2>
<table id="deadlines"><thead><tr><th>${t('clock', '时钟')}</th><th>${t('deadline', '期限')}</th><th>${t('status', '状态')}</th><th>${t('warn/breach', '预警/超时')}</th></tr></thead><tbody></tbody></table>
<h2>${t('Timeline', '时间线')}</h2>
<ol class="timeline" id="timeline"></ol>
${legend}
</aside>`;

const staticAside = `<aside>
<p class="muted">${t(
  'The static diagram. Run `redress view` (or mount createFlowViewer in your app) to watch complaints move through it live.',
  '静态流程图。运行 `redress view`（或在应用中挂载 createFlowViewer）即可实时观察投诉的流转。',
)}</p>
${legend}
</aside>`;

/** JSON inside a `<script type="application/json">`: nothing in it can close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/**
 * The viewer's HTML page.
 *
 * @param input - layout, title, language, live or static, base path, time zone
 * @returns a complete HTML document
 */
export function renderFlowPage(input: FlowPageInput): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src ${input.live ? "'self'" : "'none'"}; base-uri 'none'; form-action 'none'`;
  const boot = { language: input.language, live: input.live, base: input.base, timeZone: input.timeZone, follow: input.follow };
  const liveBits = input.live
    ? `<span class="muted">${t('desk time', '系统时间')}: <span id="now">—</span></span><span id="status" class="status">connecting</span>`
    : `<span class="status">${t('static', '静态')}</span>`;
  return `<!doctype html>
<html lang="${input.language === 'zh' ? 'zh-CN' : 'en'}" data-lang="${input.language}" class="fit">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>${esc(input.title)}</h1>
<button type="button" data-set-lang="en" aria-pressed="${input.language === 'en'}">English</button>
<button type="button" data-set-lang="zh" aria-pressed="${input.language === 'zh'}">中文</button>
<button type="button" id="zoom" aria-pressed="true">${t('fit to width', '适应宽度')}</button>
<span class="spacer"></span>
${liveBits}
</header>
<main class="${input.live ? 'live' : 'static'}">
<section class="chart">
${renderFlowSvg(input.layout)}
</section>
${input.live ? liveAside : staticAside}
</main>
<script type="application/json" id="flow-boot">${scriptJson(boot)}</script>
<script>${clientScript}</script>
</body>
</html>
`;
}
