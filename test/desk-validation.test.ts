/**
 * Bad input never reaches the store: a corpus of malformed calls to
 * `file`, `send`, `list`, `runDue`, `dispatch` and `createDesk`, each
 * refused with its typed error (ValidationError keeping zod's issues with
 * their paths, NotFoundError, ForbiddenError, InvalidTransitionError naming
 * the state and the events it accepts), and the store unchanged afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createDesk,
  ForbiddenError,
  InvalidTransitionError,
  manualClock,
  memoryNotifier,
  memoryStore,
  NotFoundError,
  RedressError,
  RuleViolationError,
  ValidationError,
  type Actor,
  type ComplaintCommand,
  type Desk,
  type IntakeInput,
} from '../src/index.js';
import { agent, intake as validIntake, customer as owner, handler, sh, supervisor, T0 } from './support/desk.js';

const stranger: Actor = { id: 'cu2', role: 'customer' };

/** The shared intake of customer cu1, with `extra` fields that may be malformed on purpose. */
const intake = (id: string, extra: Record<string, unknown> = {}): IntakeInput => ({ ...validIntake(id), ...extra }) as IntakeInput;

const store = memoryStore();
const notifier = memoryNotifier();
const clock = manualClock(T0);
let desk: Desk;

/** Everything observable: every complaint's view and timeline, the outbox, the list. */
async function snapshot() {
  const ids = ['C1', 'C2', 'C3'];
  return {
    views: await Promise.all(ids.map((id) => desk.get(id))),
    timelines: await Promise.all(ids.map((id) => desk.timeline(id))),
    outbox: await store.outbox(),
    list: await desk.list({}),
    next: await store.nextDueAt(),
  };
}

beforeAll(async () => {
  desk = createDesk({ store, notifier, clock, scheduler: false, retry: { sleep: async () => {} } });
  // C1: just filed (received.registered).
  await desk.file(intake('C1'), { actor: agent });
  // C2: a 3000 proposal waiting for approval (above a handler's 1000).
  await desk.file(intake('C2'), { actor: agent });
  await desk.send('C2', { type: 'ACKNOWLEDGE' }, { actor: agent });
  await desk.send('C2', { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'h1' }, { actor: agent });
  await desk.send('C2', { type: 'CONTACT_CUSTOMER' }, { actor: handler });
  await desk.send('C2', { type: 'RECORD_ROOT_CAUSE', method: 'fishbone', cause: 'Seal', liability: 'supplier' }, { actor: handler });
  await desk.send('C2', { type: 'PROPOSE', remedies: ['replace', 'voucher'], compensation: 3000, executeBy: sh('2026-11-27T18:00') }, { actor: handler });
  // C3: in follow-up, assigned to h1.
  await desk.file(intake('C3'), { actor: agent });
  await desk.send('C3', { type: 'ACKNOWLEDGE' }, { actor: agent });
  await desk.send('C3', { type: 'TRIAGE', categories: ['logistics'], severity: 'normal', assignee: 'h1' }, { actor: agent });
  await desk.send('C3', { type: 'CONTACT_CUSTOMER' }, { actor: handler });
  await desk.send('C3', { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'Courier', liability: 'logistics_partner' }, { actor: handler });
  await desk.send('C3', { type: 'PROPOSE', remedies: ['apology'], executeBy: sh('2026-11-24T18:00') }, { actor: handler });
  await desk.send('C3', { type: 'ACCEPT' }, { actor: owner });
  await desk.send('C3', { type: 'COMPLETE_EXECUTION' }, { actor: handler });
  expect((await desk.get('C2')).step).toBe('resolving.awaitingApproval');
  expect((await desk.get('C3')).step).toBe('followUp');
});

/** Run `call`, expect it to throw `type`, and the store to be exactly as before. */
async function refused<E extends RedressError>(type: abstract new (...a: never[]) => E, call: () => Promise<unknown> | unknown): Promise<E> {
  const before = await snapshot();
  let caught: unknown;
  try {
    await call();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a refusal').toBeInstanceOf(type);
  expect(await snapshot()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return caught as E;
}

const paths = (e: ValidationError) => e.issues.map((i) => i.path.join('.'));
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
const huge = 'x'.repeat(10_001);
const pollute = (json: string) => JSON.parse(json) as Record<string, unknown>;

describe('validation', () => {
  const fileCases: [string, unknown, string[]][] = [
    ['not an object', 'a complaint', ['']],
    ['null', null, ['']],
    ['an array', [intake('X')], ['']],
    ['missing fields', { customer: { id: 'cu1', name: 'Li Lei' } }, ['channel', 'description', 'demand', 'emotion', 'motive']],
    ['wrong types', intake('X', { channel: 7, emotion: 'furious' }), ['channel', 'emotion']],
    ['a description over 10,000 characters', intake('X', { description: huge }), ['description']],
    ['a customer name over 200 characters', intake('X', { customer: { id: 'cu1', name: huge } }), ['customer.name']],
    ['a bad e-mail', intake('X', { customer: { id: 'cu1', name: 'Li', email: 'not-an-email' } }), ['customer.email']],
    ['an extra key', intake('X', { priority: 'high' }), ['']],
    ['an extra key in the customer', intake('X', { customer: { id: 'cu1', name: 'Li', vip: true } }), ['customer']],
    ['NaN filing time', intake('X', { filedAt: Number.NaN }), ['filedAt']],
    ['Infinity filing time', intake('X', { filedAt: Number.POSITIVE_INFINITY }), ['filedAt']],
    ['a negative filing time', intake('X', { filedAt: -1 }), ['filedAt']],
    ['a fractional filing time', intake('X', { filedAt: T0 + 0.5 }), ['filedAt']],
    ['whitespace-only text', intake('X', { demand: '   ' }), ['demand']],
    ['__proto__ at the top', pollute(`{"__proto__": {"polluted": true}, ${JSON.stringify(intake('X')).slice(1)}`), ['']],
    ['__proto__ in the customer', pollute(`{"id":"X","customer":{"id":"cu1","name":"Li","__proto__":{"polluted":true}},"channel":"web","description":"d","demand":"d","emotion":"calm","motive":"vent"}`), ['customer']],
    ['constructor.prototype', pollute(`{"constructor": {"prototype": {"polluted": true}}, ${JSON.stringify(intake('X')).slice(1)}`), ['']],
    ['an unpaired surrogate in the description', intake('X', { description: 'broken \uD800 text' }), ['description']],
    ['a lone low surrogate in the customer name', intake('X', { customer: { id: 'cu1', name: 'Li \uDC00' } }), ['customer.name']],
    ['a customer id with spaces around it', intake('X', { customer: { id: ' cu1 ', name: 'Li' } }), ['customer.id']],
    ['a filing time written without an offset', intake('X', { filedAt: '2026-11-23T09:00:00' }), ['filedAt']],
    ['an invalid Date', intake('X', { filedAt: new Date('nope') }), ['filedAt']],
  ];
  for (const [name, input, expected] of fileCases) {
    it(`file refuses ${name}`, async () => {
      const e = await refused(ValidationError, () => desk.file(input as IntakeInput, { actor: agent }));
      expect(paths(e)).toEqual(expected);
      expect(e.code).toBe('VALIDATION');
      expect(await store.load('X')).toBeUndefined();
    });
  }

  const optionCases: [string, unknown, string[]][] = [
    ['no options', undefined, ['']],
    ['no actor', {}, ['actor']],
    ['an unknown role', { actor: { id: 'root', role: 'admin' } }, ['actor.role']],
    ['an actor without id', { actor: { role: 'agent' } }, ['actor.id']],
    ['an extra key on the actor', { actor: { ...agent, admin: true } }, ['actor']],
    ['an idempotency key over 200 characters', { actor: agent, idempotencyKey: 'k'.repeat(201) }, ['idempotencyKey']],
    ['a non-integer expectedVersion', { actor: agent, expectedVersion: 1.5 }, ['expectedVersion']],
    ['expectedVersion 0', { actor: agent, expectedVersion: 0 }, ['expectedVersion']],
    ['__proto__ in the options', pollute('{"actor":{"id":"a1","role":"agent"},"__proto__":{"polluted":true}}'), ['']],
    ['an actor id with spaces around it', { actor: { id: ' a1 ', role: 'agent' } }, ['actor.id']],
    ['an actor id with a control character', { actor: { id: 'a1\u0000', role: 'agent' } }, ['actor.id']],
    ['an actor id that is a BigInt', { actor: { id: 10n, role: 'agent' } }, ['actor.id']],
    ['an actor that refers to itself', (() => { const a: Record<string, unknown> = { id: 'a1', role: 'agent' }; a.self = a; return { actor: a }; })(), ['actor']],
  ];
  for (const [name, opts, expected] of optionCases) {
    it(`send and file refuse options with ${name}`, async () => {
      const e1 = await refused(ValidationError, () => desk.send('C1', { type: 'ADD_NOTE', note: 'n' }, opts as never));
      expect(paths(e1)).toEqual(expected);
      const e2 = await refused(ValidationError, () => desk.file(intake('X'), opts as never));
      expect(paths(e2)).toEqual(expected);
    });
  }

  const eventCases: [string, unknown, string[]][] = [
    ['null', null, ['']],
    ['a string', 'ACKNOWLEDGE', ['']],
    ['a number', 42, ['']],
    ['an array', [{ type: 'ACKNOWLEDGE' }], ['']],
    ['no type', { note: 'hello' }, ['type']],
    ['an unknown type', { type: 'DELETE_EVERYTHING' }, ['type']],
    ['an internal event', { type: 'sla.rearm' }, ['type']],
    ['the SLA timer', { type: 'sla.due' }, ['type']],
    ['a timer id', { type: 'xstate.after.slaCheck.complaint.received.sla.running' }, ['type']],
    ['an extra key', { type: 'ACKNOWLEDGE', force: true }, ['']],
    ['NaN time', { type: 'ACKNOWLEDGE', at: Number.NaN }, ['at']],
    ['Infinity time', { type: 'ACKNOWLEDGE', at: Number.POSITIVE_INFINITY }, ['at']],
    ['a string time', { type: 'ACKNOWLEDGE', at: '2026-11-23' }, ['at']],
    ['a note over 10,000 characters', { type: 'ADD_NOTE', note: huge }, ['note']],
    ['a missing note', { type: 'ADD_NOTE' }, ['note']],
    ['a negative compensation', { type: 'PROPOSE', remedies: ['refund'], compensation: -5, executeBy: T0 + 86_400_000 }, ['compensation']],
    ['an infinite compensation', { type: 'PROPOSE', remedies: ['refund'], compensation: Number.POSITIVE_INFINITY, executeBy: T0 + 86_400_000 }, ['compensation']],
    ['an unknown remedy', { type: 'PROPOSE', remedies: ['cash'], executeBy: T0 + 86_400_000 }, ['remedies.0']],
    ['an unknown severity', { type: 'TRIAGE', categories: ['billing'], severity: 'critical' }, ['severity']],
    ['no categories', { type: 'TRIAGE', categories: [], severity: 'normal' }, ['categories']],
    ['REASSIGN to nobody', { type: 'REASSIGN' }, ['assignee']],
    ['another actor in the event', { type: 'ADD_NOTE', note: 'n', actor: { id: 'someone-else', role: 'executive' } }, ['']],
    ['a time without an offset', { type: 'ACKNOWLEDGE', at: '2026-11-23T09:00:00' }, ['at']],
    ['an unpaired surrogate in a note', { type: 'ADD_NOTE', note: 'ok \uDBFF' }, ['note']],
    ['a reportedAt (set by the desk only)', { type: 'ACKNOWLEDGE', reportedAt: T0 }, ['']],
    ['__proto__ in the event', pollute('{"type":"ADD_NOTE","note":"n","__proto__":{"polluted":true}}'), ['']],
    ['constructor.prototype in the event', pollute('{"type":"ADD_NOTE","note":"n","constructor":{"prototype":{"polluted":true}}}'), ['']],
  ];
  for (const [name, event, expected] of eventCases) {
    it(`send refuses an event that is ${name}`, async () => {
      const e = await refused(ValidationError, () => desk.send('C1', event as ComplaintCommand, { actor: agent }));
      expect(paths(e)).toEqual(expected);
    });
  }

  it('send refuses a complaint id that is not a short non-empty string', async () => {
    for (const id of ['', 'x'.repeat(201), 42, null, undefined]) {
      await refused(ValidationError, () => desk.send(id as never, { type: 'ACKNOWLEDGE' }, { actor: agent }));
    }
  });

  const listCases: [string, unknown, string[]][] = [
    ['a string', 'received', ['']],
    ['an unknown key', { bogus: 'open' }, ['']],
    ['a numeric stage', { stage: 5 }, ['stage']],
    ['an unknown stage', { stage: 'bogus' }, ['stage']],
    ['a step instead of a stage', { stage: 'investigating.verifying' }, ['stage']],
    ['an unknown sort', { sort: 'severity' }, ['sort']],
    ['a cursor of another order', { sort: 'updatedAt', cursor: Buffer.from(JSON.stringify(['filedAt', 'a', 1, 'C1'])).toString('base64url') }, ['cursor']],
    ['a cursor with an out-of-range key', { cursor: Buffer.from(JSON.stringify(['filedAt', 'a', 1e300, 'C1'])).toString('base64url') }, ['cursor']],
    ['a cursor that is not base64', { cursor: '%%%' }, ['cursor']],
    ['an unknown severity', { severity: 'critical' }, ['severity']],
    ['a string for breached', { breached: 'yes' }, ['breached']],
    ['a negative escalation level', { escalationLevel: -1 }, ['escalationLevel']],
    ['NaN filedFrom', { filedFrom: Number.NaN }, ['filedFrom']],
    ['Infinity filedTo', { filedTo: Number.POSITIVE_INFINITY }, ['filedTo']],
    ['limit 0', { limit: 0 }, ['limit']],
    ['limit 1001', { limit: 1001 }, ['limit']],
    ['a forged cursor', { cursor: 'bm90IGEgY3Vyc29y' }, ['cursor']],
    ['__proto__', pollute('{"__proto__":{"polluted":true}}'), ['']],
  ];
  for (const [name, query, expected] of listCases) {
    it(`list refuses ${name}`, async () => {
      const e = await refused(ValidationError, () => desk.list(query as never));
      expect(paths(e)).toEqual(expected);
    });
  }

  it('runDue and dispatch refuse instants that are not whole non-negative epoch ms', async () => {
    for (const t of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, '2026-11-23']) {
      expect(paths(await refused(ValidationError, () => desk.runDue(t as never)))).toEqual(['']);
      expect(paths(await refused(ValidationError, () => desk.dispatch(t as never)))).toEqual(['']);
    }
  });

  const deskCases: [string, unknown, string[]][] = [
    ['no options', undefined, ['']],
    ['no store', { notifier }, ['store']],
    ['a store without methods', { store: {}, notifier }, ['store']],
    ['a notifier without send', { store, notifier: { post() {} } }, ['notifier']],
    ['an unknown option', { store, notifier, timezone: 'UTC' }, ['']],
    ['a clock without now', { store, notifier, clock: Date.now }, ['clock']],
    ['a negative retry count', { store, notifier, retry: { attempts: -1 } }, ['retry.attempts']],
    ['an unknown retry option', { store, notifier, retry: { forever: true } }, ['retry']],
    ['a non-integer outbox batch', { store, notifier, outbox: { batch: 2.5 } }, ['outbox.batch']],
    ['a policy that is not one', { store, notifier, policy: { name: 'mine' } }, ['policy']],
    ['redact: true', { store, notifier, redact: true }, ['redact']],
    ['an empty instance id', { store, notifier, instanceId: '' }, ['instanceId']],
    ['a calendar with a bad time zone', { store, notifier, calendar: { timeZone: 'Mars/Olympus', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } } }, ['calendar.timeZone']],
    ['__proto__', Object.assign(pollute('{"__proto__":{"polluted":true}}'), { store, notifier }), ['']],
  ];
  for (const [name, options, expected] of deskCases) {
    it(`createDesk refuses ${name}`, async () => {
      const e = await refused(ValidationError, () => createDesk(options as never));
      expect(paths(e)).toEqual(expected);
    });
  }
});

describe('not found and invalid transitions', () => {
  it('unknown ids are NotFoundError for send, get and timeline', async () => {
    await refused(NotFoundError, () => desk.send('nope', { type: 'ACKNOWLEDGE' }, { actor: agent }));
    await refused(NotFoundError, () => desk.get('nope'));
    await refused(NotFoundError, () => desk.timeline('nope'));
  });

  it("an event the state does not accept names the state and what the actor's role may send there", async () => {
    // registered takes ACKNOWLEDGE, RESOLVE_ON_FIRST_CONTACT and, like every open stage, EXTEND, WITHDRAW,
    // ESCALATE, REASSIGN, ADD_NOTE; `accepted` lists only those the sender's role may send, in lifecycle order.
    const e = await refused(InvalidTransitionError, () => desk.send('C1', { type: 'ACCEPT' }, { actor: owner }));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.eventType).toBe('ACCEPT');
    expect(e.state).toBe('received');
    expect(e.accepted).toEqual(['WITHDRAW']);
    expect(e.message).toBe('event ACCEPT is not accepted in state received; accepted: WITHDRAW');

    const a = await refused(InvalidTransitionError, () => desk.send('C1', { type: 'ACCEPT' }, { actor: agent }));
    expect(a.accepted).toEqual(['ACKNOWLEDGE', 'RESOLVE_ON_FIRST_CONTACT', 'WITHDRAW', 'ESCALATE', 'ADD_NOTE']);
    const s = await refused(InvalidTransitionError, () => desk.send('C1', { type: 'ACCEPT' }, { actor: supervisor }));
    expect(s.accepted).toEqual(['ACKNOWLEDGE', 'RESOLVE_ON_FIRST_CONTACT', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);

    const f = await refused(InvalidTransitionError, () => desk.send('C2', { type: 'COMPLETE_EXECUTION' }, { actor: handler }));
    expect(f.state).toBe('resolving.awaitingApproval');
    expect(f.accepted).toEqual(['APPROVE', 'DECLINE', 'WITHDRAW', 'ESCALATE', 'ADD_NOTE']);
    // A customer is never told about staff events (DECLARE_UNRESOLVABLE, APPROVE …).
    const c = await refused(InvalidTransitionError, () => desk.send('C2', { type: 'ACCEPT' }, { actor: owner }));
    expect(c.accepted).toEqual(['WITHDRAW']);
  });

  it('a rule that refuses an event the state takes is a RuleViolationError that names the rule in words', async () => {
    // acknowledge of C1 runs until Tue 09:00; "extending" it to Mon 10:00 is no extension.
    const e = await refused(RuleViolationError, () =>
      desk.send('C1', { type: 'EXTEND', clock: 'acknowledge', until: sh('2026-11-23T10:00'), reason: 'r' }, { actor: supervisor }),
    );
    expect([e.code, e.eventType, e.rule]).toEqual(['RULE', 'EXTEND', 'extendLater']);
    expect(e.message).toBe('EXTEND refused: until (2026-11-23T02:00:00.000Z) must be after 2026-11-24T01:00:00.000Z (the event time and the current deadline)');
    // An extension of a clock that is not counting.
    expect((await refused(RuleViolationError, () => desk.send('C1', { type: 'EXTEND', clock: 'proposal', until: sh('2026-12-01T10:00'), reason: 'r' }, { actor: supervisor }))).rule).toBe('extendCountingClock');
  });

  it('PROPOSE with an executeBy in the past, ESCALATE at the top, REOPEN after the window: each a rule in words', async () => {
    // C4: drafting a proposal.
    await desk.file(intake('C4'), { actor: agent });
    await desk.send('C4', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await desk.send('C4', { type: 'TRIAGE', categories: ['billing'], severity: 'normal' }, { actor: agent });
    await desk.send('C4', { type: 'CONTACT_CUSTOMER' }, { actor: handler });
    await desk.send('C4', { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'c', liability: 'company' }, { actor: handler });
    const p = await refused(RuleViolationError, () => desk.send('C4', { type: 'PROPOSE', remedies: ['refund'], executeBy: T0 - 1 }, { actor: handler }));
    expect(p.rule).toBe('executeByAfterEvent');
    expect(p.message).toMatch(/executeBy \(2026-11-23T00:59:59.999Z\) must be after the event time/);
    for (let i = 0; i < 3; i++) await desk.send('C4', { type: 'ESCALATE', reason: 'up' }, { actor: handler });
    const top = await refused(RuleViolationError, () => desk.send('C4', { type: 'ESCALATE', reason: 'up' }, { actor: handler }));
    expect(top.message).toBe('ESCALATE refused: already at the top of the escalation ladder (executive)');
    // C5: closed; 31 days later the window is over. Through the desk the archive timer (due at the window's
    // end) fires first, so the complaint is archived and takes nothing — never "accepted, then refused".
    const lateClock = manualClock(T0);
    const late = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: lateClock, scheduler: false });
    await late.file(intake('C5'), { actor: agent });
    const closed = await late.send('C5', { type: 'WITHDRAW' }, { actor: owner });
    expect(closed.accepted).toContain('REOPEN');
    lateClock.advance(31 * 86_400_000);
    const e = await rejection(late.send('C5', { type: 'REOPEN', reason: 'still broken' }, { actor: owner }));
    expect(e).toMatchObject({ code: 'INVALID_TRANSITION', state: 'archived', accepted: [] });
    // The machine's rule says the same in words, for a host that runs the machine itself.
    const ctx = (await late.get('C5')).milestones;
    expect(ctx.reopenUntil).toBe(T0 + 30 * 86_400_000);
  });
});

describe('authorization', () => {
  it('a role that may not send the event is ForbiddenError', async () => {
    await refused(ForbiddenError, () => desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'normal' }, { actor: owner }));
    await refused(ForbiddenError, () => desk.send('C1', { type: 'REASSIGN', assignee: 'h2' }, { actor: agent }));
    await refused(ForbiddenError, () => desk.send('C2', { type: 'APPROVE' }, { actor: agent }));
    const e = await refused(ForbiddenError, () => desk.send('C1', { type: 'ARCHIVE' }, { actor: handler }));
    expect(e.code).toBe('FORBIDDEN');
  });

  it("a customer acting on someone else's complaint is ForbiddenError", async () => {
    await refused(ForbiddenError, () => desk.send('C1', { type: 'WITHDRAW', reason: 'not mine' }, { actor: stranger }));
    await refused(ForbiddenError, () => desk.send('C2', { type: 'ACCEPT' }, { actor: stranger }));
    // Filing for another customer too.
    await refused(ForbiddenError, () => desk.file(intake('X'), { actor: stranger }));
  });

  it('APPROVE by a role whose authority does not cover the amount is ForbiddenError', async () => {
    // 3000 > handler 1000.
    const e = await refused(ForbiddenError, () => desk.send('C2', { type: 'APPROVE' }, { actor: handler }));
    expect(e.message).toContain('3000');
  });

  it('the follow-up by anyone who ever handled the complaint is ForbiddenError', async () => {
    // The assignee, who also contacted the customer, found the root cause, proposed and executed.
    await refused(ForbiddenError, () => desk.send('C3', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: handler }));
    expect((await desk.get('C3')).internal!.involved).toEqual(['h1']);
  });

  it('a supervisor who reassigned the complaint away cannot then record its follow-up', async () => {
    const d = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: manualClock(T0), scheduler: false });
    await d.file(intake('F1'), { actor: agent });
    await d.send('F1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await d.send('F1', { type: 'TRIAGE', categories: ['logistics'], severity: 'general', department: 'logistics', assignee: 'h1' }, { actor: agent });
    await d.send('F1', { type: 'REASSIGN', assignee: 'h2' }, { actor: supervisor });
    await d.send('F1', { type: 'CONTACT_CUSTOMER' }, { actor: { id: 'h2', role: 'handler' } });
    await d.send('F1', { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'c', liability: 'company' }, { actor: { id: 'h2', role: 'handler' } });
    await d.send('F1', { type: 'PROPOSE', remedies: ['apology'], executeBy: T0 + 86_400_000 }, { actor: { id: 'h3', role: 'handler' } });
    await d.send('F1', { type: 'ACCEPT' }, { actor: owner });
    await d.send('F1', { type: 'COMPLETE_EXECUTION' }, { actor: { id: 'h2', role: 'handler' } });
    for (const who of [supervisor, { id: 'h1', role: 'handler' as const }, { id: 'h3', role: 'handler' as const }]) {
      await expect(d.send('F1', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: who })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await d.send('F1', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: { id: 'qa', role: 'supervisor' } })).stage).toBe('closed');
    // Everyone but the agent who only acknowledged and classified it.
    expect((await d.get('F1')).internal!.involved.sort()).toEqual(['h1', 'h2', 'h3', 's1']);
  });

  it('actor ids are opaque: the same id with its keys in another order is the same actor; spaces make another id', async () => {
    const d = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: manualClock(T0), scheduler: false });
    await d.file(intake('O1', { customer: { id: 'cust-42', name: 'Li' } }), { actor: agent });
    expect((await d.send('O1', { type: 'WITHDRAW' }, { actor: { role: 'customer', id: 'cust-42' } })).stage).toBe('closed');
    await expect(d.send('O1', { type: 'REOPEN', reason: 'r' }, { actor: { id: ' cust-42 ', role: 'customer' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(d.send('O1', { type: 'REOPEN', reason: 'r' }, { actor: { id: 'Cust-42', role: 'customer' } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('authorization comes before the state check: a forbidden, invalid event is ForbiddenError', async () => {
    await refused(ForbiddenError, () => desk.send('C1', { type: 'ARCHIVE' }, { actor: stranger }));
  });

  it('authorization comes before the version check: a stranger with a stale expectedVersion learns no version', async () => {
    // C1 is at version 1: a wrong expectedVersion from someone who may not act is ForbiddenError, with no version in it.
    const e = await refused(ForbiddenError, () => desk.send('C1', { type: 'WITHDRAW', reason: 'x' }, { actor: stranger, expectedVersion: 7 }));
    expect(e).not.toHaveProperty('actualVersion');
    expect(e.message).not.toMatch(/version/);
    // A role that may not send the event at all, likewise.
    await refused(ForbiddenError, () => desk.send('C1', { type: 'REASSIGN', assignee: 'h2' }, { actor: agent, expectedVersion: 7 }));
    // The complaint's own customer (or staff) with a stale version gets the conflict and its versions.
    const c = await refused(ConflictError, () => desk.send('C1', { type: 'WITHDRAW', reason: 'x' }, { actor: owner, expectedVersion: 7 }));
    expect([c.id, c.expectedVersion, c.actualVersion]).toEqual(['C1', 7, 1]);
  });
});

describe('list scope', () => {
  const other: Actor = { id: 'cu2', role: 'customer' };
  async function twoCustomers() {
    const d = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: manualClock(T0), scheduler: false });
    await d.file(intake('L1'), { actor: agent });
    await d.file(intake('L2', { customer: { id: 'cu2', name: 'Han Meimei' } }), { actor: agent });
    await d.file(intake('L3'), { actor: owner });
    return d;
  }
  const ids = (p: { items: { id: string }[] }) => p.items.map((s) => s.id).sort();

  it("a customer lists only their own complaints, whatever the query asks; staff lists are unchanged", async () => {
    const d = await twoCustomers();
    expect(ids(await d.list({}, { as: owner }))).toEqual(['L1', 'L3']);
    expect(ids(await d.list({ stage: 'received', limit: 1 }, { as: other }))).toEqual(['L2']);
    expect(ids(await d.list({ customerId: 'cu1' }, { as: owner }))).toEqual(['L1', 'L3']);
    // Naming another customer is refused, not answered.
    const e = await rejection(d.list({ customerId: 'cu1' }, { as: other }));
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e).toMatchObject({ role: 'customer', eventType: 'LIST' });
    // Paging stays inside the customer's own complaints.
    const first = await d.list({ limit: 1 }, { as: owner });
    expect(ids(await d.list({ limit: 1, cursor: first.next! }, { as: owner }))).not.toContain('L2');
    expect(ids(await d.list({}, { as: agent }))).toEqual(['L1', 'L2', 'L3']);
    expect(ids(await d.list({ customerId: 'cu2' }, { as: supervisor }))).toEqual(['L2']);
    expect(ids(await d.list())).toEqual(['L1', 'L2', 'L3']);
  });

  it('list options are validated', async () => {
    const d = await twoCustomers();
    for (const bad of [{ as: { id: 'cu1' } }, { as: { id: 'cu1', role: 'king' } }, { as: owner, extra: 1 }, 'owner']) {
      const e = await rejection(d.list({}, bad as never));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).message).toMatch(/^invalid options/);
    }
  });
});
