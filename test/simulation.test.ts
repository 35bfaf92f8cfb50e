/**
 * simulate(): the real desk on virtual time. Small runs (a few days at 50
 * complaints a day) check determinism, option validation, the consistency
 * of counts, records and the daily series, routing of urgent complaints,
 * the effect of staffing on breaches, and the desk's audit timelines.
 */
import { describe, expect, it } from 'vitest';
import { RedressError, ValidationError, presets, simulate, type SimulationOptions, type SimulationResult } from '../src/index.js';

const small: SimulationOptions = { seed: 7, days: 3, perDay: 50 };
const stages = ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp', 'closed', 'archived'];

/** The ValidationError `simulate` rejects `options` with. */
async function rejection(options: unknown): Promise<ValidationError> {
  try {
    await simulate(options as SimulationOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect(e).toBeInstanceOf(RedressError);
    expect((e as ValidationError).code).toBe('VALIDATION');
    return e as ValidationError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

const paths = (e: ValidationError) => e.issues.map((i) => i.path.join('.'));

const breachesOf = (r: SimulationResult) => r.daily.reduce((n, d) => n + d.breaches, 0);

describe('simulate', () => {
  it('is deterministic: the same seed gives byte-identical JSON, another seed does not', async () => {
    const a = JSON.stringify(await simulate(small));
    const b = JSON.stringify(await simulate({ ...small }));
    const c = JSON.stringify(await simulate({ ...small, seed: 8 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('keeps counts, records and the daily series consistent', async () => {
    const progress: [number, number][] = [];
    const r = await simulate({ ...small, onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(r.daily.map((d) => d.date)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07']);
    const arrivals = r.daily.reduce((n, d) => n + d.arrivals, 0);
    expect(r.counts.filed).toBe(arrivals);
    expect(r.counts.filed).toBeGreaterThan(100); // Poisson, mean 150
    expect(r.counts.filed).toBeLessThan(200);
    expect(r.counts.rejected).toBe(0);
    expect(r.counts.events).toBeGreaterThan(r.counts.filed);
    expect(r.counts.notifications).toBeGreaterThan(r.counts.filed);
    const records = r.records!;
    expect(records).toHaveLength(r.counts.filed);
    expect(new Set(records.map((x) => x.id)).size).toBe(records.length);
    for (const rec of records) expect(stages).toContain(rec.summary.stage);
    // Filing order, each filed on the day it is counted in.
    const filedAt = records.map((x) => x.summary.filedAt);
    expect([...filedAt].sort((x, y) => x - y)).toEqual(filedAt);
    // The backlog at the end of the last day is what the records say is still open.
    const open = records.filter((x) => x.summary.stage !== 'closed' && x.summary.stage !== 'archived');
    const last = r.daily[r.daily.length - 1]!;
    expect(Object.values(last.backlog).reduce((n, v) => n + v, 0)).toBe(open.length);
    // One resolution time per closed complaint.
    const closed = records.filter((x) => x.summary.closedAt !== null);
    expect(r.resolutionTimes).toHaveLength(closed.length);
    for (const t of r.resolutionTimes) expect(t).toBeGreaterThan(0);
    // The KPIs cover every record.
    expect(r.kpis.input).toBe(r.counts.filed);
    expect(r.kpis.policy).toBe('guideline');
    // Normalised options are plain data.
    expect(JSON.parse(JSON.stringify(r.options))).toEqual(r.options);
    expect(r.options).toMatchObject({ seed: 7, days: 3, perDay: 50, policy: 'guideline', timeZone: 'Asia/Shanghai' });
  });

  it('routes urgent complaints to director level at once', async () => {
    const r = await simulate({ ...small, severityMix: { urgent: 0.5, general: 0.25, normal: 0.25 } });
    const director = presets.guideline.escalation.levels.findIndex((l) => l.name === 'director');
    const urgent = r.records!.filter((x) => x.summary.severity === 'urgent');
    expect(urgent.length).toBeGreaterThan(20);
    for (const rec of urgent) {
      const e = rec.snapshot.context.escalation;
      expect(e.max).toBeGreaterThanOrEqual(director);
      expect(e.byReason.urgent).toBeGreaterThanOrEqual(1);
      expect(e.byLevel[director]).toBeGreaterThanOrEqual(1);
    }
    // And the first escalation step of each, in its timeline, is the urgent one to director.
    const r2 = await simulate({ ...small, days: 2, severityMix: { urgent: 1, general: 0, normal: 0 }, keepTimelines: true });
    for (const tl of Object.values(r2.timelines!)) {
      const first = tl.find((e) => e.kind === 'escalation');
      if (first) expect(first.data).toMatchObject({ reason: 'urgent', to: director });
    }
  });

  it('breaches more deadlines when understaffed than with generous staffing', async () => {
    const base: SimulationOptions = { ...small, days: 4, keepRecords: false };
    const lean = await simulate({
      ...base,
      staffing: { agent: { count: 1, capacity: 2 }, handler: { count: 1, capacity: 2 }, supervisor: { count: 1 } },
    });
    const generous = await simulate({
      ...base,
      staffing: {
        agent: { count: 60, capacity: 10, calendar: 'always' },
        handler: { count: 40, capacity: 10, calendar: 'always' },
        supervisor: { count: 5, calendar: 'always' },
      },
    });
    expect(lean.records).toBeUndefined();
    expect(lean.counts.filed).toBe(generous.counts.filed); // same arrivals: same seed, separate streams
    expect(breachesOf(lean)).toBeGreaterThan(10);
    expect(breachesOf(generous)).toBeLessThan(breachesOf(lean) / 4);
    expect(lean.kpis.total.breaches).toBeGreaterThan(generous.kpis.total.breaches);
    // Understaffed, the work piles up: a bigger backlog at the end.
    const backlog = (r: SimulationResult) => Object.values(r.daily[r.daily.length - 1]!.backlog).reduce((n, v) => n + v, 0);
    expect(backlog(lean)).toBeGreaterThan(backlog(generous));
  });

  it('keeps gapless desk timelines (versions 1..n) when asked', async () => {
    const r = await simulate({ ...small, keepTimelines: true });
    const timelines = r.timelines!;
    expect(Object.keys(timelines)).toHaveLength(r.counts.filed);
    const sample = r.records!.filter((x) => x.version >= 5).slice(0, 5);
    expect(sample).toHaveLength(5);
    for (const rec of sample) {
      const tl = timelines[rec.id]!;
      expect(tl[0]).toMatchObject({ kind: 'filed', version: 1, seq: 0 });
      const versions = [...new Set(tl.map((e) => e.version))];
      expect(versions).toEqual(Array.from({ length: rec.version }, (_, i) => i + 1));
      for (const v of versions) {
        expect(tl.filter((e) => e.version === v).map((e) => e.seq)).toEqual(
          Array.from({ length: tl.filter((e) => e.version === v).length }, (_, i) => i),
        );
      }
      // Time never goes backwards along a timeline's commits.
      const firstAt = versions.map((v) => tl.find((e) => e.version === v)!.at);
      expect([...firstAt].sort((x, y) => x - y)).toEqual(firstAt);
    }
  });

  it('accepts a mix that sums to 1 up to rounding, a preset by name, and an empty run', async () => {
    const r = await simulate({ seed: 1, days: 1, perDay: 0, severityMix: { urgent: 0.1, general: 0.2, normal: 0.7 }, preset: 'psd2' });
    expect(r.counts.filed).toBe(0);
    expect(r.options.policy).toBe(presets.psd2.name);
    expect(r.daily).toHaveLength(1);
    expect(r.resolutionTimes).toEqual([]);
  });
});

describe('simulate option validation', () => {
  const cases: [string, unknown, string][] = [
    ['negative arrival rate', { ...small, perDay: -1 }, 'perDay'],
    ['zero days', { ...small, days: 0 }, 'days'],
    ['fractional days', { ...small, days: 1.5 }, 'days'],
    ['missing seed', { days: 3, perDay: 50 }, 'seed'],
    ['fractional seed', { ...small, seed: 0.5 }, 'seed'],
    ['bad start', { ...small, start: 'next Monday' }, 'start'],
    ['probability above 1', { ...small, probabilities: { objection: 1.5 } }, 'probabilities.objection'],
    ['negative probability', { ...small, probabilities: { withdrawal: -0.1 } }, 'probabilities.withdrawal'],
    ['unknown probability', { ...small, probabilities: { luck: 0.5 } }, 'probabilities'],
    ['compensation probability above 1', { ...small, compensation: { probability: 2 } }, 'compensation.probability'],
    ['severity mix not summing to 1', { ...small, severityMix: { urgent: 0.5, general: 0.5, normal: 0.5 } }, 'severityMix'],
    ['category mix not summing to 1', { ...small, categoryMix: { billing: 0.3 } }, 'categoryMix'],
    ['negative share', { ...small, channelMix: { phone: 1.5, web: -0.5 } }, 'channelMix.web'],
    ['unknown channel', { ...small, channelMix: { pigeon: 1 } }, 'channelMix'],
    ['hour profile of 23 hours', { ...small, hourProfile: new Array(23).fill(1) }, 'hourProfile'],
    ['all-zero hour profile', { ...small, hourProfile: new Array(24).fill(0) }, 'hourProfile'],
    ['negative handling mean', { ...small, handling: { investigate: { type: 'exponential', mean: -5 } } }, 'handling.investigate.mean'],
    ['unknown distribution', { ...small, handling: { triage: { type: 'uniform', mean: 5 } } }, 'handling.triage.type'],
    ['negative staff count', { ...small, staffing: { agent: { count: -1 } } }, 'staffing.agent.count'],
    ['zero capacity', { ...small, staffing: { handler: { count: 2, capacity: 0 } } }, 'staffing.handler.capacity'],
    ['no agents', { ...small, staffing: { agent: { count: 0 } } }, 'staffing.agent.count'],
    ['unknown calendar', { ...small, staffing: { handler: { count: 2, calendar: 'night-shift' } } }, 'staffing.handler.calendar'],
    ['bad calendar spec', { ...small, staffing: { agent: { count: 2, calendar: { timeZone: 'Mars/Base', week: {} } } } }, 'staffing.agent.calendar.timeZone'],
    ['unknown role', { ...small, staffing: { intern: { count: 2 } } }, 'staffing'],
    ['unknown preset', { ...small, preset: 'lenient' }, 'preset'],
    ['policy and preset', { ...small, policy: presets.guideline, preset: 'psd2' }, 'preset'],
    ['bad time zone', { ...small, timeZone: 'Atlantis/Capital' }, 'timeZone'],
    ['unknown option', { ...small, speed: 'fast' }, ''],
  ];
  it.each(cases)('rejects %s', async (_name, options, path) => {
    const e = await rejection(options);
    expect(paths(e)).toContain(path);
    expect(e.message).toContain('simulation options');
  });

  it('rejects a non-object', async () => {
    expect(paths(await rejection(null))).toContain('');
  });
});
