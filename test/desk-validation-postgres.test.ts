/**
 * The boundary cases most likely to reach a database driver — text that
 * PostgreSQL cannot hold or a driver cannot encode, values a serializer
 * chokes on, forged cursors — against the PostgreSQL store on PGlite: each
 * is a typed error (never a raw driver error), nothing is stored, and text
 * that is valid but awkward for PostgreSQL (a NUL, a backslash) is stored and
 * read back exactly.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../src/adapters/postgres/index.js';
import {
  createDesk,
  manualClock,
  memoryNotifier,
  ValidationError,
  type Actor,
  type ComplaintCommand,
  type Desk,
  type IntakeInput,
  type ListQuery,
} from '../src/index.js';
import { agent, intake, rejection, T0 } from './support/desk.js';

let db: PGlite;
let store: PostgresStore;
let desk: Desk;

beforeAll(async () => {
  db = await PGlite.create();
  store = postgresStore(db, { schema: 'validation' });
  await store.migrate();
  desk = createDesk({ store, notifier: memoryNotifier(), clock: manualClock(T0), scheduler: false });
  await desk.file(intake('C1'), { actor: agent });
});

afterAll(async () => {
  await db.close();
});

const paths = (e: unknown): string[] => {
  expect(e).toBeInstanceOf(ValidationError);
  return (e as ValidationError).issues.map((i) => i.path.join('.'));
};

/** The complaint count and C1's version and timeline length: what a refused call must leave as it was. */
async function state() {
  const c1 = await store.load('C1');
  return { count: (await desk.list({})).items.length, version: c1?.version, timeline: (await store.timeline('C1')).length };
}

describe('on the PostgreSQL store (PGlite), bad input is a typed error and nothing is stored', () => {
  const cyclic = (() => {
    const a: Record<string, unknown> = { id: 'a1', role: 'agent' };
    a.self = a;
    return a;
  })();
  const fileCases: [string, IntakeInput, string[]][] = [
    ['an unpaired surrogate in the description', { ...intake('X'), description: 'broken \uD800 text' }, ['description']],
    ['a lone low surrogate in the customer name', { ...intake('X'), customer: { id: 'cu1', name: 'Li \uDC00' } }, ['customer.name']],
    ['an id over 200 characters', { ...intake('X'), id: 'x'.repeat(201) }, ['id']],
  ];
  for (const [name, input, expected] of fileCases) {
    it(`file refuses ${name}`, async () => {
      const before = await state();
      expect(paths(await rejection(desk.file(input, { actor: agent })))).toEqual(expected);
      expect(await state()).toEqual(before);
    });
  }

  const optionCases: [string, unknown, string[]][] = [
    ['an actor id that is a BigInt', { actor: { id: 10n, role: 'agent' } }, ['actor.id']],
    ['an actor that refers to itself', { actor: cyclic }, ['actor']],
  ];
  for (const [name, opts, expected] of optionCases) {
    it(`send refuses options with ${name}`, async () => {
      const before = await state();
      expect(paths(await rejection(desk.send('C1', { type: 'ADD_NOTE', note: 'n' }, opts as { actor: Actor })))).toEqual(expected);
      expect(await state()).toEqual(before);
    });
  }

  it('send refuses a note with an unpaired surrogate', async () => {
    const before = await state();
    expect(paths(await rejection(desk.send('C1', { type: 'ADD_NOTE', note: 'ok \uDBFF' } as ComplaintCommand, { actor: agent })))).toEqual(['note']);
    expect(await state()).toEqual(before);
  });

  const listCases: [string, ListQuery, string[]][] = [
    ['a forged cursor', { cursor: 'bm90IGEgY3Vyc29y' }, ['cursor']],
    ['a cursor that is not base64', { cursor: '%%%' }, ['cursor']],
    ['a cursor with an out-of-range key', { cursor: Buffer.from(JSON.stringify(['filedAt', 'a', 1e300, 'C1'])).toString('base64url') }, ['cursor']],
    ['a cursor of another order', { sort: 'updatedAt', cursor: Buffer.from(JSON.stringify(['filedAt', 'a', 1, 'C1'])).toString('base64url') }, ['cursor']],
  ];
  for (const [name, query, expected] of listCases) {
    it(`list refuses ${name}`, async () => {
      expect(paths(await rejection(desk.list(query)))).toEqual(expected);
    });
  }

  it('text PostgreSQL cannot hold as it is (a NUL) or escapes (a backslash) is stored and read back exactly', async () => {
    const awkward = 'before\u0000after \\x00 \\ end';
    const v = await desk.file({ ...intake('N1'), description: awkward, demand: 'a\u0000b' }, { actor: agent });
    expect(v.version).toBe(1);
    await desk.send('N1', { type: 'ADD_NOTE', note: awkward }, { actor: agent });
    const d = await desk.get('N1');
    expect(d.intake.description).toBe(awkward);
    expect(d.intake.demand).toBe('a\u0000b');
    const note = (await desk.timeline('N1')).find((e) => e.type === 'ADD_NOTE');
    expect(note?.data).toMatchObject({ note: awkward });
  });
});
