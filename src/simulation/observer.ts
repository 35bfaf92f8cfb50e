// A store decorator that watches what the desk commits: it tallies the daily
// series (breaches, escalations, backlog per stage) and the notifications,
// and keeps memory low by not storing outbox messages (they are counted as
// delivered) nor, unless asked, timelines.
import type { Commit, ComplaintStore } from '../adapters/types.js';
import type { DeskCommit } from '../desk/options.js';
import type { Days } from './days.js';

/** Top-level stages a complaint is open in (the backlog). */
export const openStages = ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp'] as const;
/** An open stage. */
export type OpenStage = (typeof openStages)[number];

/** What the observer counted. */
export interface Tally {
  /** Outbox messages the desk wrote. */
  notifications: number;
  /** Breaches per day (by the breach's instant). */
  breaches: number[];
  /** Escalation steps per day (breach, urgent, objection, manual). */
  escalations: number[];
  /** Complaints per stage now (every stage, closed and archived included). */
  stages: Map<string, number>;
}

/**
 * Wrap `inner`: every commit goes through unchanged but for its outbox (and
 * its timeline when `keepTimelines` is false), and is tallied once it
 * succeeded, then shown to `watch` (awaited). Every other method is the inner store's.
 *
 * @returns the wrapped store and its live tally
 */
export function observingStore(
  inner: ComplaintStore,
  days: Days,
  keepTimelines: boolean,
  watch?: (commit: DeskCommit) => void | Promise<void>,
): { store: ComplaintStore; tally: Tally } {
  const tally: Tally = {
    notifications: 0,
    breaches: new Array<number>(days.starts.length - 1).fill(0),
    escalations: new Array<number>(days.starts.length - 1).fill(0),
    stages: new Map(),
  };
  const stageOf = new Map<string, string>();
  const bump = (series: number[], t: number) => {
    const d = days.dayOf(t);
    if (d >= 0) series[d]!++;
  };

  // Every method of the inner store (optional ones included) passes through; only commit is watched.
  const store = {} as ComplaintStore;
  const methods = store as unknown as Record<string, unknown>;
  for (let o: object | null = inner; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) {
      const f = (inner as unknown as Record<string, unknown>)[k];
      if (k !== 'constructor' && typeof f === 'function' && !(k in methods)) methods[k] = f.bind(inner);
    }
  }
  store.commit = async (c: Commit) => {
    await inner.commit({ ...c, outbox: [], timeline: keepTimelines ? c.timeline : [] });
    // Committed: count it.
    tally.notifications += c.outbox.length;
    for (const e of c.timeline) {
      if (e.kind === 'sla' && e.type === 'sla.breach') bump(tally.breaches, e.at);
      else if (e.kind === 'escalation' && e.type === 'escalation') bump(tally.escalations, e.at);
    }
    const id = c.record.id;
    const stage = c.record.summary.stage;
    const was = stageOf.get(id);
    if (was !== stage) {
      if (was !== undefined) tally.stages.set(was, tally.stages.get(was)! - 1);
      tally.stages.set(stage, (tally.stages.get(stage) ?? 0) + 1);
      stageOf.set(id, stage);
    }
    // A watcher sees the commit as made (its timeline too) and may hold the run back.
    if (watch) await watch({ complaintId: id, version: c.record.version, summary: c.record.summary, timeline: c.timeline });
  };
  return { store, tally };
}
