/**
 * What returns need beyond the lifecycle: product and cause codes (checked
 * against the desk's code set), vulnerability, the firm's decision, the
 * redress paid, and the customer's confirmation of the accepted remedy.
 * Times are local Asia/Shanghai; 2026-11-23 is a Monday.
 */
import { describe, expect, it } from 'vitest';
import { classificationProblems, isValidationError, ValidationError, type CodeSet } from '../src/index.js';
import { agent, customer, handler, intake, rejection, reviewer, setup, sh } from './support/desk.js';

const codes: CodeSet = {
  name: 'shop',
  products: { kettle: 'Kettles', toaster: 'Toasters' },
  causes: { leak: 'Leaks', late: 'Late delivery' },
};

describe('classification codes', () => {
  it('classificationProblems names each unknown code and its field', () => {
    expect(classificationProblems(codes, { product: 'kettle', cause: 'leak' })).toEqual([]);
    const p = classificationProblems(codes, { product: 'fridge', cause: 'leak' });
    expect(p.map((x) => x.path)).toEqual([['product']]);
    expect(p[0]!.message).toContain('unknown product code "fridge" in code set shop');
  });

  it('an intake with a code outside the desk’s set is refused and nothing is stored', async () => {
    const t = setup({ codes });
    const e = await rejection(t.desk.file(intake('K1', { classification: { product: 'fridge' } }), { actor: agent }));
    expect(isValidationError(e)).toBe(true);
    expect((e as { issues: { path: unknown[] }[] }).issues.map((i) => i.path)).toEqual([['classification', 'product']]);
    expect((await t.desk.list({})).items).toEqual([]);
  });

  it('malformed codes are refused by the schema even without a code set', async () => {
    const t = setup();
    const e = await rejection(t.desk.file(intake('K2', { classification: { cause: 'has space' } }), { actor: agent }));
    expect(isValidationError(e)).toBe(true);
  });

  it('triage corrects the codes and records vulnerability; a code outside the set is refused', async () => {
    const t = setup({ codes });
    await t.desk.file(intake('K3', { classification: { product: 'kettle' }, vulnerability: ['health'] }), { actor: agent });
    t.clock.set(sh('2026-11-23T09:05'));
    await t.desk.send('K3', { type: 'ACKNOWLEDGE' }, { actor: agent });
    const bad = await rejection(
      t.desk.send('K3', { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', classification: { cause: 'broken' } }, { actor: agent }),
    );
    expect((bad as { issues: { path: unknown[] }[] }).issues.map((i) => i.path)).toEqual([['classification', 'cause']]);
    expect((await t.desk.get('K3')).stage).toBe('triage');

    await t.desk.send(
      'K3',
      { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', classification: { cause: 'leak' }, vulnerability: ['health', 'life_event', 'health'] },
      { actor: agent },
    );
    const d = await t.desk.get('K3');
    // The product from intake stays; triage added the cause; duplicates dropped.
    expect(d.routing.classification).toEqual({ product: 'kettle', cause: 'leak' });
    expect(d.routing.vulnerability).toEqual(['health', 'life_event']);
  });
});

describe('decision, redress paid and the customer’s confirmation', () => {
  async function toAwaitingCustomer(t: ReturnType<typeof setup>, id: string, compensation: number) {
    await t.desk.file(intake(id), { actor: agent });
    t.clock.set(sh('2026-11-23T09:05'));
    await t.desk.send(id, { type: 'ACKNOWLEDGE' }, { actor: agent });
    await t.desk.send(id, { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'h1' }, { actor: agent });
    t.clock.set(sh('2026-11-23T09:30'));
    await t.desk.send(id, { type: 'CONTACT_CUSTOMER' }, { actor: handler });
    await t.desk.send(id, { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'bad seal', liability: 'supplier' }, { actor: handler });
    t.clock.set(sh('2026-11-23T10:00'));
    return t.desk.send(
      id,
      { type: 'PROPOSE', remedies: ['replace'], compensation, executeBy: sh('2026-11-27T18:00'), decision: 'upheld' },
      { actor: handler },
    );
  }

  it('records who accepted, through which channel, with a reference; completion records the compensation as paid', async () => {
    const t = setup();
    await toAwaitingCustomer(t, 'D1', 150);
    t.clock.set(sh('2026-11-23T11:00'));
    // The customer agreed on the phone; the agent records it with the call recording's reference.
    await t.desk.send('D1', { type: 'ACCEPT', confirmation: { channel: 'phone', reference: 'CALL-0042' } }, { actor: agent });
    let d = await t.desk.get('D1');
    expect(d.proposal?.acceptedAt).toBe(sh('2026-11-23T11:00'));
    expect(d.proposal?.acceptance).toEqual({ by: agent, channel: 'phone', reference: 'CALL-0042' });
    expect(d.proposal?.proposedBy).toEqual(handler);

    t.clock.set(sh('2026-11-24T10:00'));
    await t.desk.send('D1', { type: 'COMPLETE_EXECUTION' }, { actor: handler });
    d = await t.desk.get('D1');
    expect(d.decision).toBe('upheld');
    expect(d.redressPaid).toBe(150);
  });

  it('staff recording an acceptance must say how the customer confirmed: without it a ValidationError, nothing stored', async () => {
    const t = setup();
    const proposed = await toAwaitingCustomer(t, 'D3', 150);
    t.clock.set(sh('2026-11-23T11:00'));
    const e = await rejection(t.desk.send('D3', { type: 'ACCEPT' }, { actor: agent }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(['confirmation']);
    const d = await t.desk.get('D3');
    expect(d.version).toBe(proposed.version);
    expect(d.step).toBe(proposed.step);
    expect(d.proposal?.acceptedAt).toBeUndefined();
  });

  it('a customer’s own ACCEPT without confirmation records the sender and no channel; a paid amount given at completion wins', async () => {
    const t = setup();
    await toAwaitingCustomer(t, 'D2', 150);
    t.clock.set(sh('2026-11-23T11:00'));
    await t.desk.send('D2', { type: 'ACCEPT' }, { actor: customer });
    expect((await t.desk.get('D2')).proposal?.acceptance).toEqual({ by: customer, channel: null, reference: null });
    t.clock.set(sh('2026-11-24T10:00'));
    await t.desk.send('D2', { type: 'COMPLETE_EXECUTION', redressPaid: 180 }, { actor: handler });
    expect((await t.desk.get('D2')).redressPaid).toBe(180);
    // Unsatisfied: a second round; a second payment adds to the first, the decision is asked again.
    t.clock.set(sh('2026-11-24T11:00'));
    await t.desk.send('D2', { type: 'RECORD_FOLLOW_UP', satisfaction: 'unsatisfied' }, { actor: reviewer });
    const again = await t.desk.get('D2');
    expect(again.decision).toBeNull();
    expect(again.redressPaid).toBe(180);
  });

  it('a first-contact resolution and an unresolvable declaration carry the decision', async () => {
    const t = setup();
    await t.desk.file(intake('D3'), { actor: agent });
    t.clock.set(sh('2026-11-23T09:10'));
    await t.desk.send('D3', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'refunded the fee', decision: 'partially_upheld', redressPaid: 20 }, { actor: agent });
    const d = await t.desk.get('D3');
    expect([d.decision, d.redressPaid, d.outcome]).toEqual(['partially_upheld', 20, 'resolved_on_first_contact']);
  });

  it('unknown decisions and negative amounts are validation errors', async () => {
    const t = setup();
    await t.desk.file(intake('D4'), { actor: agent });
    for (const bad of [
      { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'x', decision: 'rejected' },
      { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'x', redressPaid: -1 },
    ]) {
      expect(isValidationError(await rejection(t.desk.send('D4', bad as never, { actor: agent })))).toBe(true);
    }
    expect((await t.desk.get('D4')).stage).toBe('received');
  });
});
