// createFlowViewer: a plain node:http request handler serving the flow
// page, a small JSON API over the desk and a Server-Sent Events stream of
// the desk's commits. Everything sent is redacted first.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNotFoundError, isRedressError } from '../errors.js';
import { createRedactor, defaultMaskedFields, type Redactor } from '../desk/redact.js';
import type { DeskCommit } from '../desk/options.js';
import { parseWith } from '../schemas/parse.js';
import { frameOf, rowOf } from './frames.js';
import { flowLayout } from './layout.generated.js';
import { flowViewerDefaults, flowViewerOptionsSchema, type FlowViewerOptions } from './options.js';
import { renderFlowPage } from './page.js';

/** A node:http request handler serving the flow viewer, with a way to end its event streams. */
export interface FlowViewer {
  (req: IncomingMessage, res: ServerResponse): void;
  /** End every open event stream and stop listening for commits (the handler answers 503 afterwards). */
  close(): void;
  /** Open event streams. */
  readonly clients: number;
}

const send = (res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
};
const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
const problem = (res: ServerResponse, status: number, message: string) => json(res, status, { error: message });

/**
 * A request handler for the host's own server that shows the complaint
 * statechart and, given a desk, its complaints moving through it live:
 *
 * - `GET <basePath>/` — the page (self-contained HTML: inline CSS, SVG and script);
 * - `GET <basePath>/api/complaints` — the listed complaints (`{ items }`);
 * - `GET <basePath>/api/complaints/<id>` — one complaint: state, deadlines, timeline;
 * - `GET <basePath>/events` — Server-Sent Events, a `change` per commit the `changes` source reports.
 *
 * Personal data is masked in everything sent (the redactor of the inspector
 * path by default). Anything else under `basePath` is a 404; outside it the
 * handler answers 404 too, so mount it where only its requests reach it.
 *
 * @param options - desk, change source, mount path, redaction, language, access check; see {@link FlowViewerOptions}
 * @returns the handler, with `close()`
 * @throws ValidationError for malformed options
 * @example
 * import { createServer } from 'node:http';
 * import { createDesk, memoryStore, consoleNotifier } from 'redress';
 * import { createChangeFeed, createFlowViewer } from 'redress/viewer';
 *
 * const feed = createChangeFeed();
 * const desk = createDesk({ store: memoryStore(), notifier: consoleNotifier(), onCommit: feed.publish });
 * const viewer = createFlowViewer({ desk, changes: feed, basePath: '/flow' });
 * createServer((req, res) => (req.url?.startsWith('/flow') ? viewer(req, res) : app(req, res))).listen(3000, '127.0.0.1');
 */
export function createFlowViewer(options: FlowViewerOptions = {}): FlowViewer {
  parseWith(flowViewerOptionsSchema, 'flow viewer options', options);
  const d = flowViewerDefaults;
  const desk = options.desk;
  const base = options.basePath ?? d.basePath;
  const redact: Redactor = typeof options.redact === 'function' ? options.redact : createRedactor(options.redact ?? defaultMaskedFields);
  const timelineLimit = options.timelineLimit ?? d.timelineLimit;
  const onError = options.onError ?? ((e: unknown, req: IncomingMessage) => console.error(`redress flow viewer: ${req.method} ${req.url} failed:`, e));
  const listQuery = options.list ?? d.list;
  const timeZone = options.timeZone ?? desk?.policy?.calendars.business?.timeZone ?? 'UTC';
  const page = renderFlowPage({
    layout: flowLayout,
    title: options.title ?? d.title,
    language: options.language ?? d.language,
    live: desk !== undefined,
    base,
    timeZone,
    follow: options.follow ?? false,
  });

  const clients = new Set<ServerResponse>();
  let closed = false;
  const broadcast = (commit: DeskCommit) => {
    if (clients.size === 0) return;
    const data = JSON.stringify(redact(rowOf(commit.summary, commit.timeline) as unknown as Record<string, unknown>));
    const chunk = `event: change\nid: ${commit.complaintId}:${commit.version}\ndata: ${data}\n\n`;
    for (const res of clients) res.write(chunk);
  };
  const unsubscribe = options.changes?.subscribe(broadcast);
  let heartbeat: NodeJS.Timeout | undefined;

  function stream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 2000\n: ${options.changes ? 'following the desk' : 'no change source: nothing will arrive'}\n\n`);
    clients.add(res);
    req.on('close', () => clients.delete(res));
    if (!heartbeat) {
      heartbeat = setInterval(() => {
        for (const c of clients) c.write(': keep-alive\n\n');
      }, d.heartbeatMs);
      heartbeat.unref();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === '/' || path === '') {
      if (path === '' && base !== '') return send(res, 308, 'text/plain; charset=utf-8', '', { location: `${base}/` });
      return send(res, 200, 'text/html; charset=utf-8', page);
    }
    if (path === '/events') {
      if (!desk) return problem(res, 404, 'no desk: the viewer shows the diagram only');
      return stream(req, res);
    }
    if (path === '/api/complaints') {
      if (!desk) return json(res, 200, { items: [] });
      const pageOf = await desk.list(listQuery);
      return json(res, 200, { items: pageOf.items.map((s) => redact(rowOf(s) as unknown as Record<string, unknown>)) });
    }
    const one = /^\/api\/complaints\/([^/]+)$/.exec(path);
    if (one) {
      if (!desk) return problem(res, 404, 'no desk');
      let id: string;
      try {
        id = decodeURIComponent(one[1]!);
      } catch {
        return problem(res, 400, 'malformed complaint id');
      }
      try {
        const [details, timeline] = await Promise.all([desk.get(id), desk.timeline(id)]);
        return json(res, 200, frameOf(details, timeline, timelineLimit, redact));
      } catch (e) {
        if (isNotFoundError(e)) return problem(res, 404, `no complaint with id ${id}`);
        throw e;
      }
    }
    return problem(res, 404, 'not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (closed) return problem(res, 503, 'the flow viewer is closed');
    const url = new URL(req.url ?? '/', 'http://viewer.invalid');
    const pathname = url.pathname;
    if (pathname !== base && !pathname.startsWith(`${base}/`)) return problem(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only', { allow: 'GET, HEAD' });
    if (options.authorize && !(await options.authorize(req))) return problem(res, 403, 'forbidden');
    await route(req, res, pathname.slice(base.length));
  }

  const viewer = ((req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      try {
        onError(e, req);
      } catch {
        // a failing error handler must not take the response down with it
      }
      if (res.headersSent) res.end();
      else problem(res, 500, isRedressError(e) ? `${e.code}: the desk could not answer` : 'internal error');
    });
  }) as FlowViewer;
  viewer.close = () => {
    closed = true;
    unsubscribe?.();
    if (heartbeat) clearInterval(heartbeat);
    for (const res of clients) res.end();
    clients.clear();
  };
  Object.defineProperty(viewer, 'clients', { get: () => clients.size });
  return viewer;
}
