import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  addWorkingTime,
  createCalendar,
  definePolicy,
  presets,
  targetFor,
  type Policy,
} from '../src/index.js';

function issuePaths(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => i.path.join('.'));
  }
  throw new Error('expected a ValidationError');
}

describe('definePolicy', () => {
  it('fills in the documented defaults and freezes the result', () => {
    const p = definePolicy({ name: 'shop', targets: { acknowledge: { within: { hours: 24 }, calendar: 'always' } } });
    expect(p.warnings).toEqual([0.8]);
    expect(p.escalation.levels.map((l) => l.name)).toEqual(['agent', 'supervisor', 'director', 'executive']);
    expect(p.escalation.levels.map((l) => l.notify)).toEqual([['role:agent'], ['role:supervisor'], ['role:director'], ['role:executive']]);
    expect(p.escalation.urgentStartLevel).toBe(2); // director
    expect(p.authority.executive).toBe(Number.POSITIVE_INFINITY);
    expect(p.authority.agent).toBe(200);
    expect(p.reopenWindow).toEqual({ within: { days: 30 }, calendar: 'always' });
    expect(Object.keys(p.calendars).sort()).toEqual(['always', 'business']);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.escalation.levels[1])).toBe(true);
    // The default business calendar is Mon–Fri 09:00–18:00 UTC: Friday 17:00 + 2 h → Monday 10:00.
    expect(addWorkingTime(p.calendars.business!, Date.parse('2026-11-27T17:00:00Z'), { hours: 2 })).toBe(Date.parse('2026-11-30T10:00:00Z'));
  });

  it('sorts warning thresholds and resolves per-severity targets with the rule that applied', () => {
    const p = definePolicy({
      name: 'x',
      warnings: [0.9, 0.5],
      targets: {
        firstContact: {
          urgent: { within: { minutes: 30 }, calendar: 'always' },
          general: { within: { hours: 2 }, calendar: 'business' },
          normal: { within: { hours: 4 }, calendar: 'business' },
        },
        proposal: { within: { workingDays: 1 }, calendar: 'business' },
      },
    });
    expect(p.warnings).toEqual([0.5, 0.9]);
    expect(targetFor(p, 'firstContact', 'urgent')).toEqual({ within: { minutes: 30 }, calendar: 'always', rule: 'firstContact.urgent' });
    expect(targetFor(p, 'firstContact', 'normal')?.rule).toBe('firstContact.normal');
    expect(targetFor(p, 'proposal', 'urgent')?.rule).toBe('proposal');
    expect(targetFor(p, 'followUp', 'normal')).toBeUndefined();
  });

  it('names the offending field of an invalid policy', () => {
    expect(issuePaths(() => definePolicy({ name: '', targets: {} }))).toEqual(['name']);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: { triage: { within: { hours: 2 }, calendar: 'nope' } } }))).toEqual([
      'targets.triage.calendar',
    ]);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: { triage: { within: { hours: -1 }, calendar: 'always' } } }))).toEqual([
      'targets.triage.within.hours',
    ]);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: {}, warnings: [1.2] }))).toEqual(['warnings.0']);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: {}, warnings: [0.5, 0.5] }))).toEqual(['warnings']);
    expect(
      issuePaths(() =>
        definePolicy({ name: 'x', targets: {}, escalation: { levels: [{ name: 'a' }, { name: 'a', regrant: { within: { hours: 1 }, calendar: 'always' } }] } }),
      ),
    ).toEqual(['escalation.levels.1.name']);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: {}, escalation: { levels: [{ name: 'a' }, { name: 'b' }] } }))).toEqual([
      'escalation.levels.1.regrant',
    ]);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: {}, escalation: { levels: [{ name: 'a' }], urgentStartLevel: 'boss' } }))).toEqual([
      'escalation.urgentStartLevel',
    ]);
    expect(issuePaths(() => definePolicy({ name: 'x', targets: {}, authority: { agent: -5 } }))).toEqual(['authority.agent']);
    expect(
      issuePaths(() =>
        definePolicy({
          name: 'x',
          targets: {},
          calendars: { shop: { timeZone: 'Mars/Olympus', week: { mon: [], tue: [], wed: [], thu: [], fri: [['09:00', '17:00']], sat: [], sun: [] } } },
        }),
      ),
    ).toEqual(['calendars.shop.timeZone']);
  });

  it('takes a defined policy back, so a preset can be derived with your own calendar', () => {
    for (const preset of Object.values(presets) as Policy[]) {
      expect(JSON.stringify(definePolicy({ ...preset }))).toBe(JSON.stringify(preset));
    }
    const withHolidays = createCalendar({ ...presets.psd2.calendars.business!.spec, holidays: ['2026-12-25', '2026-12-28'] });
    const mine = definePolicy({ ...presets.psd2, name: 'psd2-be', calendars: { ...presets.psd2.calendars, business: withHolidays } });
    // 15 business days from Mon 2026-12-14 10:00 (Brussels): 15, 16, 17, 18, 21, 22, 23, 24, 29, 30, 31 Dec,
    // 1, 4, 5, 6 Jan (25 and 28 Dec are holidays) → Wed 2027-01-06 10:00 +01:00
    const from = Date.parse('2026-12-14T10:00:00+01:00');
    expect(addWorkingTime(mine.calendars.business!, from, { workingDays: 15 })).toBe(Date.parse('2027-01-06T10:00:00+01:00'));
    expect(mine.extension?.max).toEqual(presets.psd2.extension?.max);
  });
});

describe('presets', () => {
  it('name their source and carry the published numbers', () => {
    expect(presets.fcaDisp.targets.resolution).toEqual({ within: { days: 56 }, calendar: 'calendar' });
    expect(presets.fcaDisp.fastPath?.within).toEqual({ within: { endOfWorkingDay: 3 }, calendar: 'business' });
    expect(presets.psd2.targets.resolution).toEqual({ within: { workingDays: 15 }, calendar: 'business' });
    expect(presets.psd2.extension?.max).toEqual({ within: { workingDays: 35 }, calendar: 'business' });
    expect(presets.cfpb.targets.resolution).toEqual({ within: { days: 15 }, calendar: 'calendar' });
    expect(presets.cfpb.extension?.max).toEqual({ within: { days: 60 }, calendar: 'calendar' });
    expect(presets.asicRg271.targets.acknowledge).toEqual({ within: { workingDays: 1 }, calendar: 'business' });
    expect(presets.asicRg271.targets.resolution).toEqual({ within: { days: 30 }, calendar: 'calendar' });
    expect(presets.asicRg271.fastPath?.within).toEqual({ within: { endOfWorkingDay: 5 }, calendar: 'business' });
    expect(presets.nfra2020.targets.resolution).toEqual({ within: { days: 15 }, calendar: 'calendar' });
    expect(presets.nfra2020.extension?.max).toEqual({ within: { days: 60 }, calendar: 'calendar' });
    for (const p of Object.values(presets) as Policy[]) expect(p.source?.length ?? 0).toBeGreaterThan(10);
  });

  it('FCA: the summary-resolution fast path lasts until the end of the 3rd business day after receipt', () => {
    const p = presets.fcaDisp;
    // received Mon 2026-11-23 10:00 London → end of Thu 26 Nov (business days are whole days) = Fri 27 Nov 00:00 GMT
    expect(addWorkingTime(p.calendars[p.fastPath!.within.calendar]!, Date.parse('2026-11-23T10:00:00Z'), p.fastPath!.within.within)).toBe(
      Date.parse('2026-11-27T00:00:00Z'),
    );
  });

  it('the guideline preset: acknowledge in 24 h around the clock, first contact 30 min (urgent, 24×7) or 2 working hours, proposal 1 working day, follow-up 3 working days, urgent complaints start at director, Shanghai business hours', () => {
    const g = presets.guideline;
    expect(g.targets.acknowledge).toEqual({ within: { hours: 24 }, calendar: 'always' });
    expect(targetFor(g, 'firstContact', 'urgent')).toMatchObject({ within: { minutes: 30 }, calendar: 'always' });
    expect(targetFor(g, 'firstContact', 'normal')).toMatchObject({ within: { hours: 2 }, calendar: 'business' });
    expect(g.targets.proposal).toEqual({ within: { workingDays: 1 }, calendar: 'business' });
    expect(g.targets.followUp).toEqual({ within: { workingDays: 3 }, calendar: 'business' });
    expect(g.escalation.levels[g.escalation.urgentStartLevel]?.name).toBe('director');
    expect(g.calendars.business?.timeZone).toBe('Asia/Shanghai');
  });
});
