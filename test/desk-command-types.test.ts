/**
 * desk.send and desk.file are typed like XState's actor.send: a
 * `ComplaintCommand` is a discriminated union of the events without `actor`
 * and with `at` optional, so a misspelt value or a missing field is a
 * compile error (each `@ts-expect-error` below fails `npm run typecheck`
 * when it stops being one) — and the same input is still refused at run
 * time, for callers that pass untyped data.
 */
import { describe, expect, it } from 'vitest';
import { isValidationError, type ComplaintCommand, type IntakeInput } from '../src/index.js';
import { agent, DAY, handler, intake, rejection, setup, T0 } from './support/desk.js';

/** A complaint in `resolving.drafting`, on a fresh test desk. */
async function drafting() {
  const t = setup();
  await t.desk.file(intake('K1'), { actor: agent });
  await t.desk.send('K1', { type: 'ACKNOWLEDGE' }, { actor: agent });
  await t.desk.send('K1', { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, { actor: agent });
  await t.desk.send('K1', { type: 'CONTACT_CUSTOMER' }, { actor: handler });
  await t.desk.send('K1', { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'c', liability: 'company' }, { actor: handler });
  return t;
}

describe('typed commands', () => {
  it('a misspelt remedy is a compile error and a ValidationError naming remedies.0', async () => {
    const t = await drafting();
    // @ts-expect-error 'replacement' is not a Remedy (the value is 'replace')
    const bad: ComplaintCommand = { type: 'PROPOSE', remedies: ['replacement'], executeBy: T0 + DAY };
    const e = await rejection(t.desk.send('K1', bad, { actor: handler }));
    expect(isValidationError(e) && e.issues.map((i) => i.path.join('.'))).toEqual(['remedies.0']);
    // Written right, with instants as a Date and an ISO string: accepted.
    const v = await t.desk.send('K1', { type: 'PROPOSE', remedies: ['replace'], executeBy: new Date(T0 + 2 * DAY), at: new Date(T0).toISOString() }, { actor: handler });
    expect(v.step).toBe('resolving.awaitingCustomer');
  });

  it('a command without a required field, with an actor, or of an unknown type is a compile error and a ValidationError', async () => {
    const t = await drafting();
    const wrong: ComplaintCommand[] = [
      // @ts-expect-error PROPOSE needs executeBy
      { type: 'PROPOSE', remedies: ['refund'] },
      // @ts-expect-error the actor comes from the options, not the command
      { type: 'ADD_NOTE', note: 'x', actor: { id: 'h1', role: 'handler' } },
      // @ts-expect-error no such event type
      { type: 'CLOSE' },
      // @ts-expect-error a satisfaction is satisfied, basically_satisfied or unsatisfied
      { type: 'RECORD_FOLLOW_UP', satisfaction: 'happy' },
    ];
    for (const command of wrong) expect(isValidationError(await rejection(t.desk.send('K1', command, { actor: handler })))).toBe(true);
    expect((await t.desk.get('K1')).step).toBe('resolving.drafting');
  });

  it('an intake with a value outside its enum is a compile error and a ValidationError', async () => {
    const t = setup();
    // @ts-expect-error 'fax' is not a channel
    const bad: IntakeInput = { ...intake('K2'), channel: 'fax' };
    const e = await rejection(t.desk.file(bad, { actor: agent }));
    expect(isValidationError(e) && e.issues.map((i) => i.path.join('.'))).toEqual(['channel']);
    expect((await t.desk.list()).items).toEqual([]);
  });
});
