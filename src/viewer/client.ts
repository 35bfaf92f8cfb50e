// The page's script, inlined into the HTML (plain ES2020, no modules, no
// network but the viewer's own API on the page's origin). It switches the
// language, squeezes text that overflows its box, and — on a live page —
// lists the desk's complaints, follows Server-Sent Events and highlights
// the chosen complaint's active state as its commits arrive.
//
// `window.flowViewer` exposes what the page shows (selection, the states
// visited in order, changes received) for tests and the curious.

/** The script's source (see the file header). */
export const clientScript = String.raw`(() => {
  'use strict';
  const boot = JSON.parse(document.getElementById('flow-boot').textContent);
  const root = document.documentElement;
  const $ = (s) => document.querySelector(s);
  const $$ = (s) => Array.from(document.querySelectorAll(s));
  const view = { language: boot.language, live: boot.live, connected: false, selected: null, path: null, version: 0, trail: [], changes: 0, timerFirings: 0, frames: 0, now: null };
  window.flowViewer = view;

  // --- text and language -------------------------------------------------
  function fit() {
    for (const el of $$('svg.flow text[data-fit]')) {
      el.removeAttribute('textLength');
      el.removeAttribute('lengthAdjust');
      const room = Number(el.getAttribute('data-fit'));
      if (el.getBBox && el.getComputedTextLength() > room) {
        el.setAttribute('textLength', String(room));
        el.setAttribute('lengthAdjust', 'spacingAndGlyphs');
      }
    }
  }
  function setLanguage(l) {
    view.language = l;
    root.setAttribute('data-lang', l);
    root.lang = l === 'zh' ? 'zh-CN' : 'en';
    for (const b of $$('[data-set-lang]')) b.setAttribute('aria-pressed', String(b.getAttribute('data-set-lang') === l));
    fit();
    if (view.frame) renderFrame(view.frame);
  }
  for (const b of $$('[data-set-lang]')) b.addEventListener('click', () => setLanguage(b.getAttribute('data-set-lang')));
  const zoom = $('#zoom');
  zoom.addEventListener('click', () => {
    const fitted = root.classList.toggle('fit');
    zoom.setAttribute('aria-pressed', String(fitted));
  });
  const params = new URLSearchParams(location.search);
  setLanguage(params.get('lang') === 'zh' || params.get('lang') === 'en' ? params.get('lang') : boot.language);

  if (!boot.live) return;

  // --- formatting ----------------------------------------------------------
  function fmt(ms) {
    if (typeof ms !== 'number') return '';
    try {
      return new Intl.DateTimeFormat(view.language === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: boot.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
    } catch (e) {
      return new Date(ms).toISOString();
    }
  }
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const api = (p) => boot.base + p;

  // --- the chart -----------------------------------------------------------
  const prefixes = (path) => path.split('.').map((_, i, a) => a.slice(0, i + 1).join('.'));
  const stateNode = (path) => document.querySelector('[data-state="' + CSS.escape(path) + '"]');
  function highlight(row) {
    const active = new Set(prefixes(row.path));
    const visited = new Set(view.trail);
    for (const g of $$('[data-state]')) {
      const p = g.getAttribute('data-state');
      g.classList.toggle('active', active.has(p));
      g.classList.toggle('current', p === row.path);
      g.classList.toggle('visited', visited.has(p) && p !== row.path);
    }
    const node = stateNode(row.path);
    const paused = !!node && (node.getAttribute('data-tags') || '').split(' ').includes('slaPaused');
    const timer = $('[data-timer]');
    if (timer) {
      timer.classList.toggle('running', row.status === 'open' && !paused);
      timer.classList.toggle('paused', row.status === 'open' && paused);
      const due = timer.querySelector('.due');
      if (due) due.textContent = row.status === 'open' && row.nextDeadline ? (paused ? 'paused' : 'next: ' + fmt(row.nextDeadline)) : '';
    }
    $('#current').textContent = row.id + ' · ' + row.path;
    const trail = $('#trail');
    trail.replaceChildren(...view.trail.map((p) => el('li', null, p)));
  }
  function clearHighlight() {
    for (const g of $$('[data-state]')) g.classList.remove('active', 'current', 'visited');
  }
  function flashTimer() {
    const timer = $('[data-timer]');
    if (!timer) return;
    timer.classList.remove('fired');
    void timer.getBoundingClientRect();
    timer.classList.add('fired');
  }
  /** Apply a complaint's newer state (from a change or a frame) to the chart. */
  function advance(row) {
    if (row.version <= view.version) return;
    view.version = row.version;
    view.path = row.path;
    if (view.trail[view.trail.length - 1] !== row.path) view.trail.push(row.path);
    highlight(row);
  }

  // --- the complaint list ------------------------------------------------
  const rows = new Map();
  function renderList() {
    const ul = $('#complaints');
    const items = Array.from(rows.values()).sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
    ul.replaceChildren(...items.map((r) => {
      const b = el('button', 'complaint' + (r.breached ? ' breached' : r.atRisk ? ' at-risk' : ''));
      b.type = 'button';
      b.setAttribute('data-id', r.id);
      b.setAttribute('aria-current', String(r.id === view.selected));
      b.append(el('span', 'id', r.id), el('span', 'path', r.path), el('span', 'sev', r.severity || ''));
      b.addEventListener('click', () => select(r.id));
      const li = el('li');
      li.append(b);
      return li;
    }));
    $('#count').textContent = String(rows.size);
  }
  async function loadList() {
    const r = await fetch(api('/api/complaints'));
    if (!r.ok) return;
    const body = await r.json();
    for (const row of body.items) rows.set(row.id, row);
    renderList();
  }

  // --- the chosen complaint ----------------------------------------------
  let inflight = false;
  let again = false;
  async function refresh() {
    if (!view.selected) return;
    if (inflight) {
      again = true;
      return;
    }
    inflight = true;
    const id = view.selected;
    try {
      const r = await fetch(api('/api/complaints/' + encodeURIComponent(id)));
      const frame = r.ok ? await r.json() : null;
      if (frame && id === view.selected) {
        view.frame = frame;
        view.frames++;
        advance(frame.complaint);
        renderFrame(frame);
      } else if (!frame && id === view.selected) {
        $('#current').textContent = id + ' · not found';
      }
    } finally {
      inflight = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }
  function select(id) {
    view.selected = id;
    view.version = 0;
    view.path = null;
    view.trail = [];
    view.frame = null;
    clearHighlight();
    const q = new URLSearchParams(location.search);
    q.set('complaint', id);
    history.replaceState(null, '', '?' + q.toString());
    renderList();
    refresh();
  }
  function renderFrame(f) {
    const c = f.complaint;
    const facts = [
      ['status', c.status], ['step', c.path], ['severity', c.severity || '—'], ['level', c.escalationName + ' (' + c.escalationLevel + ')'],
      ['outcome', c.outcome || '—'], ['customer', c.customer ? c.customer.name + ' · ' + c.customer.id : '—'], ['channel', c.channel], ['filed', fmt(c.filedAt)], ['updated', fmt(c.updatedAt)],
    ];
    const dl = $('#facts');
    dl.replaceChildren(...facts.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
    const tb = $('#deadlines tbody');
    tb.replaceChildren(...f.deadlines.map((d) => {
      const tr = el('tr', 'deadline ' + d.status);
      tr.setAttribute('data-clock', d.clock);
      tr.append(el('td', null, d.clock), el('td', null, fmt(d.deadline)), el('td', 'status', d.status), el('td', null, d.warnings + '/' + d.breaches));
      tr.title = d.rule;
      return tr;
    }));
    const ol = $('#timeline');
    ol.replaceChildren(...f.timeline.map((e) => {
      const li = el('li', 'entry ' + e.kind);
      li.setAttribute('data-type', e.type);
      li.append(el('time', null, fmt(e.at)), el('span', 'type', e.type), el('span', 'actor', e.actor.role + ':' + e.actor.id));
      const data = JSON.stringify(e.data);
      if (data && data !== '{}') li.append(el('code', null, data.length > 180 ? data.slice(0, 177) + '…' : data));
      return li;
    }));
    ol.scrollTop = ol.scrollHeight;
  }

  // --- the feed ------------------------------------------------------------
  function setStatus(s) {
    view.connected = s === 'live';
    const st = $('#status');
    st.textContent = s;
    st.className = 'status ' + s;
  }
  function onChange(row) {
    view.changes++;
    rows.set(row.id, row);
    if (view.now === null || row.updatedAt > view.now) {
      view.now = row.updatedAt;
      $('#now').textContent = fmt(view.now);
    }
    renderList();
    if (!view.selected && boot.follow) select(row.id);
    else if (row.id === view.selected) {
      advance(row);
      if (row.fired.includes('sla.due')) {
        view.timerFirings++;
        flashTimer();
      }
      refresh();
    }
  }
  function connect() {
    const es = new EventSource(api('/events'));
    es.addEventListener('open', () => setStatus('live'));
    es.addEventListener('error', () => setStatus(es.readyState === 2 ? 'closed' : 'reconnecting'));
    es.addEventListener('change', (ev) => onChange(JSON.parse(ev.data)));
  }

  loadList().then(() => {
    const initial = params.get('complaint');
    if (initial) select(initial);
    connect();
  });
})();`;
