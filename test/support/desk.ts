/**
 * The shared setup of the desk tests: a desk on virtual time (built on
 * `createTestDesk`), a store that keeps every commit it accepted, the
 * people, an intake, and readable views of what the desk returns.
 *
 * Times are local Asia/Shanghai (UTC+8 all year, no DST), the guideline
 * preset's business calendar (Mon–Fri 09:00–12:00 and 13:30–18:00).
 * 2026-11-23 is a Monday.
 */
import {
  ARCHIVE_TIMER,
  memoryStore,
  SLA_TIMER,
  type Actor,
  type Commit,
  type ComplaintStore,
  type ComplaintView,
  type IntakeInput,
  type TimelineEntry,
} from '../../src/index.js';
import { createTestDesk, type TestDeskOptions } from '../../src/testing/index.js';

/** Local Asia/Shanghai wall time (`2026-11-23T09:00`) → epoch ms. */
export const sh = (local: string): number => Date.parse(`${local}+08:00`);
/** Epoch ms → local Asia/Shanghai wall time `YYYY-MM-DDTHH:mm` (for readable assertions). */
export const local = (t: number | null): string | null => (t === null ? null : new Date(t + 8 * 3_600_000).toISOString().slice(0, 16));

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Monday 2026-11-23 09:00 in Shanghai. */
export const T0 = sh('2026-11-23T09:00');

export const agent: Actor = { id: 'a1', role: 'agent' };
export const handler: Actor = { id: 'h1', role: 'handler' };
export const supervisor: Actor = { id: 's1', role: 'supervisor' };
export const director: Actor = { id: 'd1', role: 'director' };
export const executive: Actor = { id: 'e1', role: 'executive' };
export const customer: Actor = { id: 'cu1', role: 'customer' };
/** Someone who never handled the complaint, for the independent follow-up. */
export const reviewer: Actor = { id: 'qa1', role: 'supervisor' };

/** The one SLA timer and the closed complaint's archive timer. */
export { SLA_TIMER, ARCHIVE_TIMER };

/** A complete intake of customer `cu1` (no `filedAt`: the desk's clock files it). */
export const intake = (id: string, extra: Partial<IntakeInput> = {}): IntakeInput => ({
  id,
  customer: { id: 'cu1', name: 'Li Lei', phone: '13800001234' },
  channel: 'phone',
  description: 'The kettle leaks after two days.',
  demand: 'replacement',
  emotion: 'angry',
  motive: 'compensation',
  ...extra,
});

/** A store that forwards to another (a memory store by default) and keeps every commit it accepted. */
export function recording(inner: ComplaintStore = memoryStore()) {
  const commits: Commit[] = [];
  const store: ComplaintStore = {
    ...inner,
    async commit(c) {
      await inner.commit(c);
      commits.push(structuredClone(c));
    },
  };
  return { store, commits };
}

/** Options of {@link setup}: a start (local Shanghai time or an instant) and any test-desk option. */
export type SetupOptions = Omit<TestDeskOptions, 'start'> & { start?: string | number };

/**
 * A test desk on a recording store.
 *
 * @param options - start (default Monday 2026-11-23 09:00 Shanghai), policy, store to wrap, desk options
 */
export function setup(options: SetupOptions = {}) {
  const { start = '2026-11-23T09:00', store: inner, ...rest } = options;
  const { store, commits } = recording(inner);
  const t = createTestDesk({ ...rest, start: typeof start === 'number' ? start : sh(start), store });
  return { ...t, commits, inner: inner ?? store };
}

/** The parts of a view the tests look at, with local times. */
export function brief(v: ComplaintView) {
  return {
    version: v.version,
    stage: v.stage,
    step: v.step,
    status: v.status,
    severity: v.severity,
    level: v.escalationLevel,
    levelName: v.escalationName,
    breached: v.breached,
    atRisk: v.atRisk,
    next: local(v.nextDeadline),
    deadlines: Object.fromEntries(v.deadlines.map((d) => [d.clock, `${d.rule} ${local(d.deadline)} ${d.status} w${d.warnings} b${d.breaches}`])),
  };
}

type Row = [version: number, seq: number, kind: TimelineEntry['kind'], type: string, at: string, actor: string];
/** A timeline as compact rows with local times. */
export const rows = (tl: TimelineEntry[]): Row[] => tl.map((e) => [e.version, e.seq, e.kind, e.type, local(e.at)!, e.actor.id]);

/** The rejection of a promise (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}
