/**
 * Every file in examples/ runs to completion with tsx and prints what it
 * promises. Expected lines are worked out by hand from the guideline policy
 * (Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00, warnings at 80 %).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const examples = readdirSync(join(root, 'examples')).filter((f) => /\.(ts|mts|js|mjs)$/.test(f)).sort();

/** Lines (or line prefixes) each example must print. */
const expected: Record<string, string[]> = {
  'quickstart.ts': [
    // urgent: first contact within 30 min on the 24×7 calendar from triage at 09:15; warning at 80 % = 24 min
    'Mon 09:15  A   investigating.contacting       firstContact due 2026-11-23T09:45:00+08:00, level 2',
    'Mon 09:39  A   ! warning: firstContact due 2026-11-23T09:45:00+08:00 → department:after_sales',
    'Mon 09:45  A   ! BREACH: firstContact was due 2026-11-23T09:45:00+08:00',
    'Mon 09:45  A   ! escalated to executive (breach) → role:executive',
    // normal: 2 working hours from 11:00, across lunch
    'Mon 11:00  B   investigating.contacting       firstContact due 2026-11-23T14:30:00+08:00',
    'Mon 14:10  B   investigating.awaitingInfo     SLA clocks paused',
    // proposal: 1 working day from Tue 10:30; warning after 6 of its 7.5 working hours
    'Tue 18:00  B   ! warning: proposal due 2026-11-25T10:30:00+08:00 → department:customer_service',
    'Wed 10:30  B   ! escalated to supervisor (breach) → role:supervisor',
    'Wed 11:20  B   ! escalated to director (objection) → role:director',
    // follow-up: 3 working days from Thu 26 Nov 10:00, over the weekend
    'Thu 10:00  B   followUp                       followUp due 2026-12-01T10:00:00+08:00, level 2',
    'A: resolved, severity urgent, highest level 3, breaches firstContact×1, re-open until 2026-12-25T10:00:00+08:00',
    'B: resolved, severity normal, highest level 2, breaches proposal×1, re-open until 2026-12-27T10:00:00+08:00',
  ],
  'demo.ts': [
    'Mon 11-23 09:00  filed C-urgent, C-billing, C-parcel',
    // urgent: triaged 09:10, first contact within 30 min on the 24×7 calendar; escalated at once to director (2)
    '            C-urgent   investigating.contacting   level 2 director   firstContact pending due Mon 11-23 09:40 (firstContact.urgent)',
    // billing: acknowledged 09:10, triage within 2 working hours → 11:10
    '            C-billing  triage                     level 0 agent      triage pending due Mon 11-23 11:10 (triage)',
    // every event the demo sends is printed, with its complaint
    'Mon 11-23 09:40  C-urgent   CONTACT_CUSTOMER         by eng-liu (handler) → investigating.verifying',
    // breach at 11:10 → supervisor, 4 working hours: 11:10–12:00 + 13:30–16:40
    '            C-billing  triage                     level 1 supervisor triage breached due Mon 11-23 16:40 (escalation.supervisor)',
    // while the desk was down: breach at 16:40 → director, 2 working hours: 16:40–18:00 + Tue 09:00–09:40
    '            C-billing  triage                     level 2 director   triage breached due Tue 11-24 09:40 (escalation.director)',
    'breached complaints: C-billing (level 2)',
    'parked messages: 0',
  ],
};

/** Lines each example must print, by pattern, where a count is not fixed. */
const patterns: Record<string, RegExp[]> = {
  'inspect.ts': [/^complaint is in investigating\.verifying$/, /^inspection events received: [1-9]\d*; with personal data: 0$/],
};

describe('examples', () => {
  it('has the quick start', () => {
    expect(examples).toContain('quickstart.ts');
  });

  for (const file of examples) {
    it(`${file} runs with tsx and exits 0`, { timeout: 120_000 }, async () => {
      const { stdout } = await run(tsx, [join('examples', file)], {
        cwd: root,
        // A port of its own for the inspector bridge; no DATABASE_URL, so the demo runs on PGlite as in the quick start.
        env: { ...process.env, INSPECT_PORT: String(18_000 + (process.pid % 1000)), DATABASE_URL: '' },
        timeout: 110_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const lines = stdout.split('\n');
      expect(lines.filter((l) => l.trim() !== '').length).toBeGreaterThan(0);
      for (const line of expected[file] ?? []) expect(lines).toContain(line);
      for (const re of patterns[file] ?? []) expect(lines.some((l) => re.test(l)), `${file} prints ${re}`).toBe(true);
    });
  }
});
