/** createTestDesk: the docs/simulation.md example, and virtual-time stepping. */
import { expect, it } from 'vitest';
import { createTestDesk } from '../src/testing/index.js';

const agent = { id: 'agent-1', role: 'agent' } as const;
const intake = {
  customer: { id: 'cu-1', name: 'Li Lei' },
  channel: 'phone',
  description: 'Leaking kettle',
  demand: 'Replacement',
  emotion: 'anxious',
  motive: 'compensation',
} as const;

it('a triage left alone climbs to the director by the afternoon (the docs example)', async () => {
  const t = createTestDesk({ start: '2026-11-23T09:00:00+08:00' }); // guideline, Shanghai hours
  const c = await t.desk.file(intake, { actor: agent });
  await t.desk.send(c.id, { type: 'ACKNOWLEDGE' }, { actor: agent });
  // triage within 2 working hours → 11:00 breach → supervisor, 4 working hours (11:00–12:00, 13:30–16:30) → breach → director
  await t.advanceTo('2026-11-23T17:00:00+08:00');
  expect((await t.desk.get(c.id)).escalationName).toBe('director');
  expect(t.sent().filter((m) => m.kind === 'complaint.escalated')).toHaveLength(2);
});

it('advance steps through every due timer in order, and time never goes back', async () => {
  const t = createTestDesk({ start: Date.parse('2026-11-23T09:00:00+08:00') });
  const c = await t.desk.file(intake, { actor: agent });
  await t.desk.send(c.id, { type: 'ACKNOWLEDGE' }, { actor: agent });
  await t.advance({ hours: 8 }); // to 17:00: warning 10:36, breach 11:00, warning 15:42, breach 16:30
  const timers = (await t.desk.timeline(c.id)).filter((e) => e.kind === 'timer').map((e) => new Date(e.at).toISOString());
  expect(timers).toEqual(['2026-11-23T02:36:00.000Z', '2026-11-23T03:00:00.000Z', '2026-11-23T07:42:00.000Z', '2026-11-23T08:30:00.000Z']);
  expect(t.now()).toBe(Date.parse('2026-11-23T17:00:00+08:00'));
  await expect(t.advanceTo('2026-11-23T08:00:00+08:00')).rejects.toThrow(RangeError);
});

it('takes a Date as its start, and the desk it builds keeps the time rules (backdating only with the privilege)', async () => {
  const t = createTestDesk({ start: new Date('2026-11-23T10:00:00+08:00'), time: { backdating: { roles: ['agent'], eventsMs: 3_600_000 } } });
  const c = await t.desk.file(intake, { actor: agent });
  const reported = Date.parse('2026-11-23T09:30:00+08:00'); // a call logged late — but before the filing: refused
  await expect(t.desk.send(c.id, { type: 'ADD_NOTE', at: reported, note: 'customer called at 09:30' }, { actor: agent })).rejects.toMatchObject({ code: 'VALIDATION' });
  await t.advance({ minutes: 30 });
  await t.desk.send(c.id, { type: 'ADD_NOTE', at: new Date('2026-11-23T10:10:00+08:00'), note: 'customer called at 10:10' }, { actor: agent });
  const note = (await t.desk.timeline(c.id)).find((e) => e.type === 'ADD_NOTE')!;
  expect(note.at).toBe(Date.parse('2026-11-23T10:10:00+08:00'));
  expect(note.data).toEqual({ note: 'customer called at 10:10', reportedAt: Date.parse('2026-11-23T10:30:00+08:00') });
});
