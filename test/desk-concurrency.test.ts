/**
 * Concurrency on the memory store: optimistic versions, conflict retries,
 * idempotency keys, `expectedVersion`, and two desks sharing one store.
 * Conflict back-off sleeps are replaced by a microtask yield: nothing here
 * waits on the wall clock.
 */
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  createDesk,
  ForbiddenError,
  InvalidTransitionError,
  manualClock,
  memoryNotifier,
  memoryStore,
  type Actor,
  type ComplaintCommand,
  type ComplaintStore,
  type IntakeInput,
  type DeskOptions,
} from '../src/index.js';
import { agent, DAY, MIN, sh, T0 } from './support/desk.js';

const intake = (id?: string, customerId = 'cu1'): IntakeInput => ({
  ...(id ? { id } : {}),
  customer: { id: customerId, name: 'Zhang Wei' },
  channel: 'chat',
  description: 'Charged twice for one order.',
  demand: 'refund the second charge',
  emotion: 'calm',
  motive: 'compensation',
});

/**
 * A conflict back-off that waits for nothing on the wall clock: it yields to the event loop a
 * pseudo-random number of turns (up to the attempt's jitter range), so contending desks interleave
 * as they would with real jittered sleeps.
 */
function yielding() {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return async (ms: number) => {
    const turns = Math.floor(random() * (1 + ms));
    for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
  };
}

function setup(extra: Partial<DeskOptions> = {}, store: ComplaintStore = memoryStore()) {
  const clock = manualClock(T0);
  let sleeps = 0;
  const backoff = yielding();
  const desk = createDesk({
    store,
    notifier: memoryNotifier(),
    clock,
    scheduler: false,
    ...extra,
    retry: { sleep: async (ms) => void (sleeps++, await backoff(ms)), ...extra.retry },
  });
  return { desk, store, clock, sleeps: () => sleeps };
}

/** Everything observable about a complaint and the store. */
async function state(desk: ReturnType<typeof setup>['desk'], id: string) {
  return { view: await desk.get(id), timeline: await desk.timeline(id), outbox: await desk.outbox(), list: await desk.list({}) };
}

/** 50 events: 5 ACKNOWLEDGE (valid once), 5 ESCALATE (valid until the top: 3 times), 40 distinct notes. */
const fifty: ComplaintCommand[] = Array.from({ length: 50 }, (_, i): ComplaintCommand =>
  i % 10 === 0
    ? { type: 'ACKNOWLEDGE', note: `ack ${i}` }
    : i % 10 === 5
      ? { type: 'ESCALATE', reason: `escalate ${i}` }
      : { type: 'ADD_NOTE', note: `note ${i}` },
);

describe('concurrent sends to one complaint', () => {
  it('50 at once through one desk all land in arrival order, one at a time: no conflict, no retry', async () => {
    const { desk, sleeps } = setup();
    await desk.file(intake('C1'), { actor: agent });
    const results = await Promise.allSettled(fifty.map((e) => desk.send('C1', e, { actor: agent })));

    const ok = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, view: r.value }] : []));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ i, error: r.reason as Error }] : []));
    // By hand: 40 notes + 1 ACKNOWLEDGE + 3 ESCALATE (levels 0→1→2→3); the other 4 ACKNOWLEDGE are not
    // accepted in triage, the 2 ESCALATE after the third find the ladder's top (a rule, not the state).
    expect(ok.length).toBe(44);
    expect(failed.map((f) => [fifty[f.i]!.type, f.error.constructor.name])).toEqual([
      ['ACKNOWLEDGE', 'InvalidTransitionError'],
      ['ACKNOWLEDGE', 'InvalidTransitionError'],
      ['ACKNOWLEDGE', 'InvalidTransitionError'],
      ['ESCALATE', 'RuleViolationError'],
      ['ACKNOWLEDGE', 'InvalidTransitionError'],
      ['ESCALATE', 'RuleViolationError'],
    ]);
    expect(failed.map((f) => f.i)).toEqual([10, 20, 30, 35, 40, 45]);
    // Serialized in arrival order: the applied sends got versions 2..45 in the order they were made.
    expect(ok.map((o) => o.view.version)).toEqual(Array.from({ length: 44 }, (_, k) => k + 2));
    expect(sleeps()).toBe(0);
    const tl = await desk.timeline('C1');
    const events = tl.filter((e) => e.kind === 'event');
    expect(events.length).toBe(44);
    for (const { i, view } of ok) {
      const { type, ...data } = fifty[i]!;
      expect(events.filter((e) => e.version === view.version).map((e) => ({ type: e.type, ...e.data }))).toEqual([{ type, ...data }]);
    }
    const final = await desk.get('C1');
    expect(final.version).toBe(45);
    expect(final.escalationLevel).toBe(3);
    expect(final.stage).toBe('triage');
  });

  it('two desks × 25 sends at once to one complaint on one store: every one lands with the default retries', async () => {
    const store = memoryStore();
    const a = setup({}, store);
    const b = setup({}, store);
    await a.desk.file(intake('C1'), { actor: agent });
    const notes = (tag: string) => Array.from({ length: 25 }, (_, i) => ({ type: 'ADD_NOTE' as const, note: `${tag} ${i}` }));
    const results = await Promise.allSettled([
      ...notes('a').map((e) => a.desk.send('C1', e, { actor: agent })),
      ...notes('b').map((e) => b.desk.send('C1', e, { actor: agent })),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    // The desks did conflict with each other (and retried with jitter) …
    expect(a.sleeps() + b.sleeps()).toBeGreaterThan(0);
    // … and every note is in the timeline once, versions 2..51 without gaps.
    const events = (await a.desk.timeline('C1')).filter((e) => e.kind === 'event');
    expect(events.map((e) => e.data.note).sort()).toEqual([...notes('a'), ...notes('b')].map((n) => n.note).sort());
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, k) => k + 2));
  });

  it('a conflict retry gives up within its budget with a ConflictError and leaves no trace', async () => {
    // A store where another writer always got there first.
    const inner = memoryStore();
    const store: ComplaintStore = {
      ...inner,
      async commit(c) {
        if (c.expectedVersion > 0) throw new ConflictError('another writer got there first', { id: c.record.id, expectedVersion: c.expectedVersion });
        return inner.commit(c);
      },
    };
    const { desk, sleeps } = setup({ retry: { attempts: 4 } }, store);
    await desk.file(intake('C1'), { actor: agent });
    await expect(desk.send('C1', { type: 'ADD_NOTE', note: 'x' }, { actor: agent })).rejects.toBeInstanceOf(ConflictError);
    expect(sleeps()).toBe(3);
    expect((await desk.get('C1')).version).toBe(1);
  });
});

describe('idempotency keys', () => {
  it('send: the same key twice in a row applies once and returns the first result', async () => {
    const { desk, clock } = setup();
    await desk.file(intake('C1'), { actor: agent });
    const first = await desk.send('C1', { type: 'ADD_NOTE', note: 'Refund requested' }, { actor: agent, idempotencyKey: 'k-1' });
    const before = await state(desk, 'C1');
    clock.advance(5 * MIN);
    const again = await desk.send('C1', { type: 'ADD_NOTE', note: 'Refund requested' }, { actor: agent, idempotencyKey: 'k-1' });
    expect(again).toEqual(first);
    expect(await state(desk, 'C1')).toEqual(before);
    // The key is per complaint: another complaint may use it.
    await desk.file(intake('C2'), { actor: agent });
    expect((await desk.send('C2', { type: 'ADD_NOTE', note: 'x' }, { actor: agent, idempotencyKey: 'k-1' })).id).toBe('C2');
  });

  it('send: the same key twice at once applies once; both get the first result', async () => {
    const { desk } = setup();
    await desk.file(intake('C1'), { actor: agent });
    const [a, b] = await Promise.all(
      [1, 2].map(() => desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent, idempotencyKey: 'ack-once' })),
    );
    expect(a).toEqual(b);
    expect(a!.version).toBe(2);
    const events = (await desk.timeline('C1')).filter((e) => e.kind === 'event');
    expect(events.map((e) => e.type)).toEqual(['ACKNOWLEDGE']);
    expect((await desk.get('C1')).version).toBe(2);
  });

  it('send: the same key committed by another desk between the key lookup and the load is a replay, not INVALID_TRANSITION', async () => {
    // Two processes retrying one command: the other desk's ACKNOWLEDGE lands after this desk
    // found no result for the key but before it read the complaint (seen on PostgreSQL with 4 processes).
    const shared = memoryStore();
    let interleave: (() => Promise<unknown>) | undefined;
    const racing: ComplaintStore = {
      ...shared,
      async load(id) {
        const run = interleave;
        interleave = undefined;
        if (run) await run();
        return shared.load(id);
      },
    };
    const { desk: other } = setup({}, shared);
    const { desk } = setup({}, racing);
    await other.file(intake('C1'), { actor: agent });
    let first: unknown;
    interleave = async () => {
      first = await other.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent, idempotencyKey: 'ack-once' });
    };
    const replayed = await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent, idempotencyKey: 'ack-once' });
    expect(replayed).toEqual(first);
    expect((await desk.timeline('C1')).filter((e) => e.kind === 'event').map((e) => e.type)).toEqual(['ACKNOWLEDGE']);
    // Without a key the same interleaving is a genuine invalid transition.
    await other.file(intake('C2'), { actor: agent });
    interleave = async () => other.send('C2', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await expect(desk.send('C2', { type: 'ACKNOWLEDGE' }, { actor: agent })).rejects.toThrow(InvalidTransitionError);
  });

  it('file: the same key twice, in a row and at once, files one complaint', async () => {
    const { desk } = setup();
    // No id in the intake: each attempt would mint a fresh one.
    const first = await desk.file(intake(), { actor: agent, idempotencyKey: 'form-42' });
    const again = await desk.file(intake(), { actor: agent, idempotencyKey: 'form-42' });
    expect(again).toEqual(first);
    const [x, y] = await Promise.all([1, 2].map(() => desk.file(intake(), { actor: agent, idempotencyKey: 'form-43' })));
    expect(x).toEqual(y);
    expect(x!.id).not.toBe(first.id);
    expect((await desk.list({})).items.map((s) => s.id).sort()).toEqual([first.id, x!.id].sort());
    // One filing notice each.
    expect((await desk.outbox()).map((m) => m.kind)).toEqual(['complaint.received', 'complaint.received']);
  });

  it("keys belong to their actor: nobody can squat another's key or read another's result", async () => {
    const { desk } = setup();
    // A customer files first under a guessable key …
    const other: Actor = { id: 'cu2', role: 'customer' };
    const theirs = await desk.file(intake('C-theirs', 'cu2'), { actor: other, idempotencyKey: 'form-1' });
    // … and the agent's real filing under the same key still files the agent's complaint.
    const mine = await desk.file(intake('C1', 'cu1'), { actor: agent, idempotencyKey: 'form-1' });
    expect([theirs.id, mine.id]).toEqual(['C-theirs', 'C1']);
    await desk.send('C1', { type: 'ADD_NOTE', note: 'Internal: VIP' }, { actor: agent, idempotencyKey: 's-1' });
    const before = await state(desk, 'C1');
    // The other customer using the agent's send key gets no replay of the agent's result: their command is
    // judged on its own (not their complaint → forbidden).
    await expect(desk.send('C1', { type: 'WITHDRAW' }, { actor: other, idempotencyKey: 's-1' })).rejects.toThrow(ForbiddenError);
    await expect(desk.send('C1', { type: 'ADD_NOTE', note: 'Internal: VIP' }, { actor: other, idempotencyKey: 's-1' })).rejects.toThrow(ForbiddenError);
    expect(await state(desk, 'C1')).toEqual(before);
    // Each owner's own replay still gets the first result.
    expect(await desk.file(intake('C1', 'cu1'), { actor: agent, idempotencyKey: 'form-1' })).toEqual(mine);
    expect(await desk.file(intake('C-theirs', 'cu2'), { actor: other, idempotencyKey: 'form-1' })).toEqual(theirs);
  });

  it('keeps a fingerprint of the command, never a copy of the intake', async () => {
    const inner = memoryStore();
    const keys: unknown[] = [];
    const store: ComplaintStore = {
      ...inner,
      async commit(c) {
        if (c.idempotency) keys.push(c.idempotency);
        return inner.commit(c);
      },
    };
    const { desk } = setup({}, store);
    await desk.file({ ...intake('C1'), description: 'My card 4111 1111 1111 1111 was charged twice' }, { actor: agent, idempotencyKey: 'f-9' });
    const stored = JSON.stringify(keys);
    expect(stored).not.toContain('4111');
    expect(stored).not.toContain('Zhang Wei');
    expect((keys[0] as { result: { fingerprint: string } }).result.fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('idempotency keys name one command', () => {
  it('the same key with a different command is a ConflictError and changes nothing; the same command replays', async () => {
    const { desk } = setup();
    await desk.file(intake('C1'), { actor: agent });
    const first = await desk.send('C1', { type: 'ADD_NOTE', note: 'called the customer' }, { actor: agent, idempotencyKey: 'n-1' });
    const before = await state(desk, 'C1');
    await expect(desk.send('C1', { type: 'ADD_NOTE', note: 'something else' }, { actor: agent, idempotencyKey: 'n-1' })).rejects.toThrow(
      ConflictError,
    );
    await expect(desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent, idempotencyKey: 'n-1' })).rejects.toThrow(ConflictError);
    expect(await state(desk, 'C1')).toEqual(before);
    // A retry of the same command, later (its time defaulted again), is a replay.
    expect(await desk.send('C1', { type: 'ADD_NOTE', note: 'called the customer' }, { actor: agent, idempotencyKey: 'n-1' })).toEqual(first);
  });
});

describe('expectedVersion', () => {
  it('a stale expectedVersion fails at once with ConflictError and changes nothing', async () => {
    const { desk, sleeps } = setup();
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    const before = await state(desk, 'C1');
    await expect(desk.send('C1', { type: 'ADD_NOTE', note: 'late' }, { actor: agent, expectedVersion: 1 })).rejects.toThrow(ConflictError);
    expect(sleeps()).toBe(0); // no retry
    expect(await state(desk, 'C1')).toEqual(before);
    // The current version is accepted.
    expect((await desk.send('C1', { type: 'ADD_NOTE', note: 'on time' }, { actor: agent, expectedVersion: 2 })).version).toBe(3);
  });

  it('two writers with the same expectedVersion: one wins, the other gets ConflictError without retrying', async () => {
    const { desk, sleeps } = setup();
    await desk.file(intake('C1'), { actor: agent });
    const results = await Promise.allSettled(
      ['first', 'second'].map((note) => desk.send('C1', { type: 'ADD_NOTE', note }, { actor: agent, expectedVersion: 1 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ConflictError);
    expect(sleeps()).toBe(0);
    expect((await desk.timeline('C1')).filter((e) => e.kind === 'event').length).toBe(1);
  });
});

describe("a desk's cached record is only a first guess", () => {
  /** A store that counts reads of complaint records. */
  function counting(inner: ComplaintStore = memoryStore()) {
    let reads = 0;
    const store: ComplaintStore = {
      ...inner,
      load: async (id) => (reads++, inner.load(id)),
      ...(inner.loadIfNewer ? { loadIfNewer: async (id: string, v: number) => (reads++, inner.loadIfNewer!(id, v)) } : {}),
    };
    return { store, reads: () => reads };
  }

  it('a send on a complaint this desk just wrote commits without reading it back', async () => {
    const { store, reads } = counting();
    const { desk } = setup({}, store);
    await desk.file(intake('K1'), { actor: agent });
    const before = reads();
    await desk.send('K1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await desk.send('K1', { type: 'ADD_NOTE', note: 'called back' }, { actor: agent });
    expect(reads() - before).toBe(0);
    expect((await desk.get('K1')).version).toBe(3);
  });

  it('when another desk moved the complaint on, a send the stale cache would refuse is applied to the stored record', async () => {
    const { store, reads } = counting();
    const a = setup({}, store);
    const b = setup({}, store);
    await a.desk.file(intake('K2'), { actor: agent });
    // Desk B acknowledges and triages: desk A's cache still shows the complaint just filed.
    await b.desk.send('K2', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await b.desk.send('K2', { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, { actor: agent });
    const before = reads();
    // CONTACT_CUSTOMER is refused in `received` (A's cache) and accepted in investigating (the store).
    const v = await a.desk.send('K2', { type: 'CONTACT_CUSTOMER' }, { actor: { id: 'h1', role: 'handler' } });
    expect(v.version).toBe(4);
    expect(v.step).toBe('investigating.verifying');
    expect(reads() - before).toBe(1);
    // A stale cache with an event both states take: the commit conflicts, and the retry on the stored record lands.
    await b.desk.send('K2', { type: 'ADD_NOTE', note: 'from B' }, { actor: agent });
    const w = await a.desk.send('K2', { type: 'ADD_NOTE', note: 'from A' }, { actor: agent });
    expect(w.version).toBe(6);
    expect(a.sleeps()).toBe(0);
    const notes = (await a.desk.timeline('K2')).filter((e) => e.type === 'ADD_NOTE').map((e) => e.data.note);
    expect(notes).toEqual(['from B', 'from A']);
  });

  it('an expectedVersion newer than the cache is checked against the store, not refused from the cache', async () => {
    const a = setup();
    const b = setup({}, a.store);
    await a.desk.file(intake('K3'), { actor: agent });
    const moved = await b.desk.send('K3', { type: 'ACKNOWLEDGE' }, { actor: agent });
    const v = await a.desk.send('K3', { type: 'ADD_NOTE', note: 'n' }, { actor: agent, expectedVersion: moved.version });
    expect(v.version).toBe(moved.version + 1);
    const stale = await a.desk.send('K3', { type: 'ADD_NOTE', note: 'n' }, { actor: agent, expectedVersion: moved.version }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).actualVersion).toBe(moved.version + 1);
  });
});

describe('two desks sharing one store', () => {
  // 300 complaints filed a minute apart from Mon 09:00 (the last at 13:59) and never acknowledged. By hand, each one's
  // acknowledge clock (24 h, 24×7) warns at 19.2 h and breaches at 24 h (Tue 09:00–13:59) → supervisor (4 working h)
  // warn + breach → director (2 working h) warn + breach → executive (1 h 24×7) warn + breach → overdue:
  // 8 firings each, all done by Wed 12:00, so 2400 by Thu 09:00.
  const N = 300;
  const THU = T0 + 3 * DAY;

  async function fileAll(store: ComplaintStore) {
    const { desk, clock } = setup({}, store);
    for (let i = 0; i < N; i++) {
      clock.set(T0 + i * MIN);
      await desk.file(intake(`D${i}`), { actor: agent });
    }
    return desk;
  }

  async function firings(desk: Awaited<ReturnType<typeof fileAll>>) {
    const seen = new Set<string>();
    let n = 0;
    for (let i = 0; i < N; i++) {
      for (const e of await desk.timeline(`D${i}`)) {
        if (e.kind !== 'timer') continue;
        n++;
        seen.add(`D${i}|${e.type}|${String(e.data.dueAt)}`);
      }
    }
    return { n, distinct: seen.size };
  }

  it('both running runDue at once: each timer fires once', async () => {
    const store = memoryStore();
    const desk0 = await fileAll(store);
    const mk = (id: string) =>
      createDesk({ store, notifier: memoryNotifier(), clock: manualClock(THU), scheduler: false, instanceId: id, retry: { sleep: async () => {} } });
    const [a, b] = await Promise.all([mk('desk-a').runDue(), mk('desk-b').runDue()]);
    expect(a.fired + b.fired).toBe(2400);
    // Both did part of the work; leases kept them off each other's claims.
    expect(a.fired).toBeGreaterThan(0);
    expect(b.fired).toBeGreaterThan(0);
    expect(a.stale + b.stale).toBe(0);
    expect(await firings(desk0)).toEqual({ n: 2400, distinct: 2400 });
    expect(await store.nextDueAt()).toBeUndefined();
  });

  it('both running runDue while their leases expire at once (both claim the same timers): still each timer fires once', async () => {
    const store = memoryStore();
    const desk0 = await fileAll(store);
    // Leases that are over as soon as they are taken: both desks claim the same timers, and the check
    // against the stored timer (and the version guard) turns the loser's firing into a stale no-op.
    const expiring: ComplaintStore = { ...store, claimDue: (now, limit, lease) => store.claimDue(now, limit, { ...lease, until: now }) };
    const mk = (id: string) =>
      createDesk({ store: expiring, notifier: memoryNotifier(), clock: manualClock(THU), scheduler: false, instanceId: id, retry: { sleep: async () => {} } });
    const [a, b] = await Promise.all([mk('desk-a').runDue(), mk('desk-b').runDue()]);
    expect(a.fired + b.fired).toBe(2400);
    expect(await firings(desk0)).toEqual({ n: 2400, distinct: 2400 });
    expect(await store.nextDueAt()).toBeUndefined();
  });

  it("refuses runDue for an instant later than the desk's clock: a caller cannot fire deadlines early", async () => {
    const store = memoryStore();
    await fileAll(store);
    const desk = createDesk({ store, notifier: memoryNotifier(), clock: manualClock(T0 + N * MIN), scheduler: false });
    await expect(desk.runDue(THU)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await desk.runDue()).fired).toBe(0);
  });
});
