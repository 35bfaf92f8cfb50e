/**
 * createFlowViewer over plain node:http, read with fetch: option checks,
 * routing under a base path, the JSON API (masked), the event stream (one
 * `change` per commit), access checks, errors, close().
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesk, manualClock, memoryNotifier, memoryStore, ValidationError, type Desk } from '../src/index.js';
import { createChangeFeed, createFlowViewer, type FlowFrame, type FlowRow, type FlowViewer } from '../src/viewer/index.js';
import { agent, intake, sh } from './support/desk.js';

const servers: Server[] = [];
const viewers: FlowViewer[] = [];
afterEach(async () => {
  for (const v of viewers.splice(0)) v.close();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function setup(extra: Parameters<typeof createFlowViewer>[0] = {}) {
  const feed = createChangeFeed();
  const desk: Desk = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: manualClock(sh('2026-11-23T09:00')), scheduler: false, onCommit: feed.publish });
  const viewer = createFlowViewer({ desk, changes: feed, basePath: '/flow', ...extra });
  viewers.push(viewer);
  const origin = await serve((req, res) => viewer(req, res));
  await desk.file(intake('C1'), { actor: agent });
  return { desk, viewer, feed, origin };
}

/** Reads an event stream until `count` events of type `type` have arrived. */
async function readEvents(body: ReadableStream<Uint8Array>, type: string, count: number): Promise<{ events: unknown[]; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events: unknown[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended after ${events.length} ${type} events`);
    text += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, cut);
      text = text.slice(cut + 2);
      const lines = block.split('\n');
      if (lines.includes(`event: ${type}`)) events.push(JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)));
    }
  }
  return { events, reader };
}

describe('createFlowViewer options', () => {
  it('refuses malformed options with a ValidationError naming them', () => {
    const bad = [
      { basePath: 'flow' },
      { basePath: '/flow/' },
      { timeZone: 'Mars/Olympus_Mons' },
      { desk: { list: () => undefined } },
      { changes: {} },
      { language: 'fr' },
      { list: { limit: 5000 } },
      { colour: 'blue' },
    ];
    for (const o of bad) {
      expect(() => createFlowViewer(o as never), JSON.stringify(o)).toThrow(ValidationError);
    }
    expect(() => createFlowViewer({ basePath: '/flow/' })).toThrow(/flow viewer options/);
  });
});

describe('createFlowViewer routes', () => {
  it('serves the page under its base path and nothing else', async () => {
    const { origin } = await setup();
    const page = await fetch(`${origin}/flow/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('connect-src &#39;self&#39;');
    expect(html).toContain('"live":true');
    expect(html).toContain('"base":"/flow"');
    const bare = await fetch(`${origin}/flow`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/flow/']);
    expect((await fetch(`${origin}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${origin}/flowers`)).status).toBe(404);
    expect((await fetch(`${origin}/flow/nothing-here`)).status).toBe(404);
    const post = await fetch(`${origin}/flow/`, { method: 'POST', body: '{}' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('lists complaints and shows one, with personal data masked', async () => {
    const { origin, desk } = await setup();
    await desk.send('C1', { type: 'ADD_NOTE', note: 'Customer Li Lei called from 13800001234' }, { actor: agent });
    const list = (await (await fetch(`${origin}/flow/api/complaints`)).json()) as { items: FlowRow[] };
    expect(list.items.map((r) => [r.id, r.path, r.version])).toEqual([['C1', 'open.received', 2]]);
    const res = await fetch(`${origin}/flow/api/complaints/C1`);
    const text = await res.text();
    for (const secret of ['Li Lei', '13800001234', 'kettle']) expect(text).not.toContain(secret);
    const frame = JSON.parse(text) as FlowFrame;
    expect(frame.complaint).toMatchObject({ id: 'C1', path: 'open.received', status: 'open', customer: { id: 'cu1', name: 'L* L**', phone: '*******1234' } });
    expect(frame.deadlines.map((d) => d.clock)).toEqual(['acknowledge']);
    expect(frame.timeline.map((e) => e.type)).toEqual(['FILED', 'sla.start', 'ADD_NOTE']);
    expect(frame.timeline[2]!.data.note).toBe('[text withheld, 39 characters]');
    expect((await fetch(`${origin}/flow/api/complaints/NOPE`)).status).toBe(404);
    expect((await fetch(`${origin}/flow/api/complaints/%E0%A4%A`)).status).toBe(400);
  });

  it('masks with the redactor it is given', async () => {
    const { origin } = await setup({ redact: { names: [] } });
    const frame = (await (await fetch(`${origin}/flow/api/complaints/C1`)).json()) as FlowFrame;
    expect(frame.complaint.customer.name).toBe('Li Lei');
  });

  it('streams one change per commit, with the state path and the timers fired, and ends streams on close()', async () => {
    const { origin, desk, viewer } = await setup();
    const res = await fetch(`${origin}/flow/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // The headers arrived: the stream is registered.
    expect(viewer.clients).toBe(1);
    const pending = readEvents(res.body!, 'change', 2);
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'urgent' }, { actor: agent });
    const { events, reader } = await pending;
    expect(events).toMatchObject([
      { id: 'C1', version: 2, path: 'open.triage', status: 'open', fired: [] },
      { id: 'C1', version: 3, path: 'open.investigating.contacting', severity: 'urgent', escalationLevel: 2, fired: [] },
    ]);
    viewer.close();
    expect((await reader.read()).done).toBe(true);
    expect(viewer.clients).toBe(0);
    expect((await fetch(`${origin}/flow/`)).status).toBe(503);
  });

  it('asks authorize first and answers 403 when it refuses', async () => {
    const { origin } = await setup({ authorize: (req) => req.headers['x-viewer'] === 'yes' });
    expect((await fetch(`${origin}/flow/api/complaints`)).status).toBe(403);
    expect((await fetch(`${origin}/flow/api/complaints`, { headers: { 'x-viewer': 'yes' } })).status).toBe(200);
  });

  it('answers 500 without details when the desk fails, and tells onError', async () => {
    const failures: unknown[] = [];
    const desk = { list: async () => Promise.reject(new Error('database on fire: Li Lei')), get: async () => Promise.reject(new Error('x')), timeline: async () => [] };
    const viewer = createFlowViewer({ desk: desk as never, onError: (e) => failures.push(e) });
    viewers.push(viewer);
    const origin = await serve((req, res) => viewer(req, res));
    const res = await fetch(`${origin}/api/complaints`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('Li Lei');
    expect(failures).toHaveLength(1);
  });

  it('without a desk serves the diagram alone', async () => {
    const viewer = createFlowViewer();
    viewers.push(viewer);
    const origin = await serve((req, res) => viewer(req, res));
    const html = await (await fetch(`${origin}/`)).text();
    expect(html).toContain('"live":false');
    expect(html).toContain('connect-src &#39;none&#39;');
    expect(await (await fetch(`${origin}/api/complaints`)).json()).toEqual({ items: [] });
    expect((await fetch(`${origin}/events`)).status).toBe(404);
  });
});
