/**
 * The flow viewer in headless Chromium (test/support/browser.ts): the static
 * page (`redress view --out`) and a live page served by createFlowViewer
 * for a desk on a manual clock, driven through a lifecycle while the page is
 * open. Waits on page conditions only. Screenshots in test-artifacts/:
 * flow-static.png, flow-static-zh.png, flow-live-waiting.png, flow-live-archived.png,
 * flow-simulate.png (`redress view --simulate`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { complaintMachine, createDesk, manualClock, memoryNotifier, memoryStore, type Desk } from '../src/index.js';
import { createChangeFeed, createFlowViewer, renderFlowHtml, type FlowViewer } from '../src/viewer/index.js';
import { viewCommand } from '../src/cli/view-command.js';
import { ARTIFACTS, launchBrowser, newRecordedPage, saveScreenshot } from './support/browser.js';
import { agent, handler, intake, reviewer, sh } from './support/desk.js';

/** Every state's chart path (`open.investigating.verifying`), in document order. */
const statePaths = (): string[] => {
  const out: string[] = [];
  const walk = (n: AnyStateNode) => {
    for (const c of Object.values(n.states) as AnyStateNode[]) {
      out.push(c.path.join('.'));
      walk(c);
    }
  };
  walk(complaintMachine.root as AnyStateNode);
  return out;
};

interface ViewerState {
  connected: boolean;
  selected: string | null;
  path: string | null;
  trail: string[];
  changes: number;
  timerFirings: number;
  frames: number;
}
// What the page functions below touch of the browser (the tests are compiled without the DOM library).
interface PageElement {
  getAttribute(name: string): string | null;
  classList: { contains(name: string): boolean };
  textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
declare const window: { flowViewer: ViewerState };
declare const document: { documentElement: PageElement; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };
declare function getComputedStyle(element: PageElement): { display: string };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the static flow page', () => {
  let page: Page;
  let url: string;
  let requests: string[];
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'flow.html');
    writeFileSync(file, renderFlowHtml());
    url = pathToFileURL(file).href;
    ({ page, requests, errors } = await newRecordedPage(browser, { viewport: { width: 1500, height: 1000 } }));
    expect((await page.goto(url, { waitUntil: 'load' }))?.ok()).toBe(true);
  });

  it('draws every state of the machine exactly once, the SLA timer once, and every transition', async () => {
    const drawn = await page.$$eval('[data-state]', (els) => els.map((e) => e.getAttribute('data-state')));
    expect(drawn).toEqual(statePaths());
    expect(await page.locator('[data-timer="sla.due"]').count()).toBe(1);
    const labels = await page.$$eval('g.edge', (els) => els.map((e) => e.textContent ?? '').join('\n'));
    for (const event of ['ACKNOWLEDGE', 'TRIAGE [triagedUrgent]', 'PROPOSE [proposalNeedsApproval]', 'RECORD_FOLLOW_UP [unsatisfied]', 'after reopenWindowEnd', 'sla.due / fireDueClocks']) {
      expect(labels).toContain(event);
    }
    // Every drawn box has a size and lies inside the picture.
    const boxes = await page.$$eval('[data-state] > rect.box', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
    for (const b of boxes) expect(b.w > 0 && b.h > 0).toBe(true);
  });

  it('switches between English and Chinese labels', async () => {
    const shown = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-state="open.triage"] text.label'))
          .filter((t) => getComputedStyle(t).display !== 'none')
          .map((t) => t.textContent)
          .join(' '),
      );
    expect(await shown()).toBe('Triage: category and severity');
    await saveScreenshot(page, 'flow-static');
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForFunction(() => document.documentElement.getAttribute('data-lang') === 'zh');
    expect(await shown()).toBe('分类分级');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await saveScreenshot(page, 'flow-static-zh');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await shown()).toBe('Triage: category and severity');
  });

  it('logs no errors and loads nothing but the file itself', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
  });
});

describe('a live flow page following a desk', () => {
  const clock = manualClock(sh('2026-11-23T09:00'));
  const feed = createChangeFeed();
  let desk: Desk;
  let viewer: FlowViewer;
  let server: Server;
  let origin: string;
  let page: Page;
  let requests: string[];
  let errors: string[];

  beforeAll(async () => {
    desk = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock, scheduler: false, onCommit: feed.publish });
    viewer = createFlowViewer({ desk, changes: feed, basePath: '/flow' });
    server = createServer((req, res) => viewer(req, res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await desk.file(intake('C-1'), { actor: agent });
    await desk.file(intake('C-2', { customer: { id: 'cu2', name: 'Han Meimei', email: 'han@example.com' } }), { actor: agent });
    ({ page, requests, errors } = await newRecordedPage(browser, { viewport: { width: 1600, height: 1100 } }));
  });

  afterAll(async () => {
    viewer?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  /** Wait until the page shows `path` as the current state of the chosen complaint. */
  const shows = async (path: string) => {
    await page.waitForFunction((p) => window.flowViewer.path === p && document.querySelector(`[data-state="${p}"]`)?.classList.contains('current') === true, path);
    const active = await page.$$eval('[data-state].active', (els) => els.map((e) => e.getAttribute('data-state')));
    const parts = path.split('.');
    expect(active).toEqual(parts.map((_, i) => parts.slice(0, i + 1).join('.')));
  };

  it('lists the desk’s complaints and shows the chosen one in its state', async () => {
    expect((await page.goto(`${origin}/flow/?complaint=C-1`, { waitUntil: 'load' }))?.ok()).toBe(true);
    await page.waitForFunction(() => window.flowViewer.connected && window.flowViewer.frames > 0);
    expect(await page.$$eval('#complaints [data-id]', (els) => els.map((e) => e.getAttribute('data-id')).sort())).toEqual(['C-1', 'C-2']);
    await shows('open.received');
    await page.waitForFunction(() => document.querySelectorAll('#timeline [data-type="FILED"]').length === 1);
    expect(await page.locator('#deadlines tr[data-clock="acknowledge"]').count()).toBe(1);
  });

  it('highlights each state as events and timers arrive, in order', async () => {
    const C = 'C-1';
    await desk.send(C, { type: 'ACKNOWLEDGE' }, { actor: agent });
    await shows('open.triage');
    await desk.send(C, { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'h1' }, { actor: agent });
    await shows('open.investigating.contacting');

    // The first-contact deadline passes: the desk's timer fires, the page hears of it (the state stays).
    const due = (await desk.get(C)).nextDeadline!;
    clock.set(due + 60_000);
    const r = await desk.runDue();
    expect(r.fired).toBeGreaterThan(0);
    await page.waitForFunction(() => window.flowViewer.timerFirings > 0 && document.querySelector('#timeline [data-type="sla.breach"]') !== null);
    expect(await page.getAttribute('[data-timer="sla.due"]', 'class')).toContain('running');

    await desk.send(C, { type: 'CONTACT_CUSTOMER' }, { actor: handler });
    await shows('open.investigating.verifying');
    await desk.send(C, { type: 'REQUEST_INFO', request: 'A photo of the leak, please.' }, { actor: handler });
    await shows('open.investigating.awaitingInfo');
    await page.waitForFunction(() => document.querySelector('[data-timer="sla.due"]')?.classList.contains('paused') === true);
    await saveScreenshot(page, 'flow-live-waiting');
    await desk.send(C, { type: 'PROVIDE_INFO', info: 'Photo attached.' }, { actor: { id: 'cu1', role: 'customer' } });
    await shows('open.investigating.verifying');
    await desk.send(C, { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'A worn seal', liability: 'company' }, { actor: handler });
    await shows('open.resolving.drafting');
    await desk.send(C, { type: 'PROPOSE', remedies: ['replace'], executeBy: clock.now() + 3 * 86_400_000 }, { actor: handler });
    await shows('open.resolving.awaitingCustomer');
    await desk.send(C, { type: 'ACCEPT' }, { actor: { id: 'cu1', role: 'customer' } });
    await shows('open.executing');
    await desk.send(C, { type: 'COMPLETE_EXECUTION' }, { actor: handler });
    await shows('open.followUp');
    await desk.send(C, { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: reviewer });
    await shows('closed');

    // The re-open window ends: the archive timer moves it on, with no event from anyone.
    clock.set((await desk.get(C)).milestones.reopenUntil! + 60_000);
    // (C-2, left alone, has breached its deadlines by then: those timers fire too.)
    expect((await desk.runDue()).fired).toBeGreaterThan(1);
    await shows('archived');

    expect(await page.evaluate(() => window.flowViewer.trail)).toEqual([
      'open.received',
      'open.triage',
      'open.investigating.contacting',
      'open.investigating.verifying',
      'open.investigating.awaitingInfo',
      'open.investigating.verifying',
      'open.resolving.drafting',
      'open.resolving.awaitingCustomer',
      'open.executing',
      'open.followUp',
      'closed',
      'archived',
    ]);
    expect(await page.$$eval('#trail li', (els) => els.length)).toBe(12);
    await page.waitForFunction(() => document.querySelector('#timeline [data-type="xstate.after.reopenWindowEnd.closed"]') !== null);
    await saveScreenshot(page, 'flow-live-archived');
  });

  it('moves the list but not the chart for another complaint', async () => {
    const changes = await page.evaluate(() => window.flowViewer.changes);
    await desk.send('C-2', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await page.waitForFunction((n) => window.flowViewer.changes > n, changes);
    expect(await page.textContent('#complaints [data-id="C-2"] .path')).toBe('open.triage');
    expect(await page.evaluate(() => window.flowViewer.path)).toBe('archived');
  });

  it('masks personal data: no name, phone, e-mail or free text reaches the page', async () => {
    const html = await page.content();
    for (const secret of ['Li Lei', '13800001234', 'Han Meimei', 'han@example.com', 'The kettle leaks', 'A photo of the leak', 'A worn seal']) {
      expect(html).not.toContain(secret);
    }
    expect(await page.textContent('#facts')).toContain('L* L**');
  });

  it('logs no errors and talks to nothing but its own server', () => {
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(2);
    for (const u of requests) expect(u.startsWith(`${origin}/flow/`)).toBe(true);
  });
});

describe('redress view --simulate in the browser', () => {
  it('follows a simulated complaint as the run streams in, talking only to its own server', async () => {
    const stop = new AbortController();
    let url = '';
    let listening!: () => void;
    const ready = new Promise<void>((ok) => (listening = ok));
    const quiet = { write: () => true };
    const exit = viewCommand(['--simulate', '--port', '0', '--speed', '0', '--days', '1', '--per-day', '12', '--seed', '5'], { stdout: quiet, stderr: quiet, isTTY: false }, {
      signal: stop.signal,
      onListening: (u) => {
        url = u;
        listening();
      },
    });
    await ready;
    const { page, requests, errors } = await newRecordedPage(browser, { viewport: { width: 1600, height: 1100 } });
    await page.goto(url, { waitUntil: 'load' });
    // The page connects, the run starts, the page follows the first complaint that moves.
    await page.waitForFunction(() => window.flowViewer.selected !== null && window.flowViewer.frames > 0 && window.flowViewer.trail.length > 0);
    await page.waitForFunction(() => document.querySelectorAll('#complaints [data-id]').length >= 2);
    const path = await page.evaluate(() => window.flowViewer.path);
    expect(await page.getAttribute(`[data-state="${path}"]`, 'class')).toContain('current');
    await saveScreenshot(page, 'flow-simulate');
    stop.abort();
    expect(await exit).toBe(0);
    await page.context().close();
    expect(errors).toEqual([]);
    for (const u of requests) expect(u.startsWith(url)).toBe(true);
  });
});
