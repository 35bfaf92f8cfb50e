/**
 * The change feed behind the flow viewer: the desk's `onCommit` hook (every
 * commit, once stored, with its summary and timeline; a throwing hook is
 * reported and changes nothing), `createChangeFeed`, and the simulation's
 * `watch` (its desk, every commit, awaited; the result unchanged).
 */
import { describe, expect, it } from 'vitest';
import {
  createDesk,
  manualClock,
  memoryNotifier,
  memoryStore,
  simulate,
  type DeskCommit,
  type DeskErrorContext,
  type Desk,
} from '../src/index.js';
import { createChangeFeed } from '../src/viewer/index.js';
import { agent, intake, sh, supervisor } from './support/desk.js';

const start = sh('2026-11-23T09:00');

describe('desk onCommit', () => {
  it('reports every commit after the store has it: filing, events, timers, re-deliveries', async () => {
    const clock = manualClock(start);
    const inner = memoryStore();
    const stored: number[] = [];
    const store = { ...inner, commit: async (c: Parameters<typeof inner.commit>[0]) => { await inner.commit(c); stored.push(c.record.version); } };
    const seen: { commit: DeskCommit; storedBefore: boolean }[] = [];
    const notifier = memoryNotifier();
    notifier.failNext(100);
    const desk = createDesk({
      store,
      notifier,
      clock,
      scheduler: false,
      outbox: { maxAttempts: 1 },
      // Synchronous, after the commit: the store already holds this version.
      onCommit: (commit) => seen.push({ commit, storedBefore: stored.at(-1) === commit.version }),
    });
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    clock.set((await desk.get('C1')).nextDeadline! + 1);
    expect((await desk.runDue()).fired).toBeGreaterThan(0);
    await desk.dispatch();
    const [parked] = await desk.outbox({ status: 'parked' });
    await desk.redeliver(parked!.id, { actor: supervisor });

    expect(seen.map((s) => s.commit.version)).toEqual(stored);
    expect(seen.every((s) => s.storedBefore && s.commit.complaintId === 'C1' && s.commit.summary.version === s.commit.version)).toBe(true);
    expect(seen.map((s) => s.commit.summary.step).slice(0, 2)).toEqual(['received', 'triage']);
    expect(seen[0]!.commit.timeline[0]).toMatchObject({ kind: 'filed', type: 'FILED', version: 1, seq: 0 });
    expect(seen[1]!.commit.timeline.map((e) => e.type)).toContain('ACKNOWLEDGE');
    expect(seen[2]!.commit.timeline.map((e) => `${e.kind}:${e.type}`)).toContain('timer:sla.due');
    expect(seen.at(-1)!.commit.timeline.map((e) => e.type)).toEqual(['outbox.redeliver']);
  });

  it('reports a hook that throws to onError and still commits', async () => {
    const errors: DeskErrorContext[] = [];
    const desk = createDesk({
      store: memoryStore(),
      notifier: memoryNotifier(),
      clock: manualClock(start),
      scheduler: false,
      onCommit: () => {
        throw new Error('viewer down');
      },
      onError: (_e, ctx) => errors.push(ctx),
    });
    const v = await desk.file(intake('C1'), { actor: agent });
    expect(v.version).toBe(1);
    expect((await desk.get('C1')).version).toBe(1);
    expect(errors).toEqual([{ kind: 'onCommit', complaintId: 'C1' }]);
    expect((await desk.health()).lastError?.message).toContain('viewer down');
  });

  it('rejects an onCommit that is not a function', () => {
    expect(() => createDesk({ store: memoryStore(), notifier: memoryNotifier(), onCommit: 'yes' as never })).toThrow(/onCommit must be a function/);
  });
});

describe('createChangeFeed', () => {
  const commit = (version: number): DeskCommit => ({
    complaintId: 'C1',
    version,
    summary: { id: 'C1', version } as DeskCommit['summary'],
    timeline: [],
  });

  it('fans each commit out to every listener until it unsubscribes', () => {
    const feed = createChangeFeed();
    const a: number[] = [];
    const b: number[] = [];
    const stopA = feed.subscribe((c) => a.push(c.version));
    feed.subscribe((c) => b.push(c.version));
    expect(feed.listeners).toBe(2);
    feed.publish(commit(1));
    stopA();
    feed.publish(commit(2));
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    expect(feed.listeners).toBe(1);
  });

  it('tells every listener even when one throws, then rethrows the first failure', () => {
    const feed = createChangeFeed();
    const heard: string[] = [];
    feed.subscribe(() => {
      throw new Error('first');
    });
    feed.subscribe(() => heard.push('second'));
    const { publish } = feed; // bound: usable as onCommit
    expect(() => publish(commit(1))).toThrow('first');
    expect(heard).toEqual(['second']);
  });
});

describe('simulate({ watch })', () => {
  it('shows its desk before the first commit and every commit after it is stored, and waits for the watcher', async () => {
    const events: string[] = [];
    let desk: Desk | undefined;
    const versions = new Map<string, number>();
    let pending = 0;
    const watched = await simulate({
      seed: 7,
      days: 1,
      perDay: 6,
      keepTimelines: true,
      watch: {
        desk: (d) => {
          desk = d;
          events.push('desk');
        },
        commit: async (c) => {
          events.push('commit');
          // Versions of a complaint arrive one by one, in order.
          expect(c.version).toBe((versions.get(c.complaintId) ?? 0) + 1);
          versions.set(c.complaintId, c.version);
          expect((await desk!.get(c.complaintId)).version).toBe(c.version);
          pending++;
          await Promise.resolve();
          pending--;
        },
      },
    });
    expect(events[0]).toBe('desk');
    expect(events.filter((e) => e === 'desk')).toHaveLength(1);
    expect(events.length - 1).toBeGreaterThan(watched.counts.filed);
    expect(versions.size).toBe(watched.counts.filed);
    expect(pending).toBe(0);
    expect(watched.options).not.toHaveProperty('watch');

    // Watching changes nothing in the result.
    const plain = await simulate({ seed: 7, days: 1, perDay: 6, keepTimelines: true });
    expect(JSON.stringify(watched)).toBe(JSON.stringify(plain));
  });
});
