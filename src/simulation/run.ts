// The event loop: the real desk over a memory store on virtual time. The
// agenda holds arrivals, finished work, customer answers, shift starts and
// day ends; the desk's own timers (SLA warnings, breaches, escalations,
// archiving) fire in order in between, by moving the manual clock to each
// due instant and running `runDue`.
import { memoryStore } from '../adapters/memory-store.js';
import type { ComplaintRecord, Notifier, TimelineEntry } from '../adapters/types.js';
import { manualClock } from '../desk/clock.js';
import { createDesk } from '../desk/desk.js';
import { arrivalsBetween } from './arrivals.js';
import { complaintFactory, complaintIds } from './complaint.js';
import type { Days } from './days.js';
import { EventQueue } from './event-queue.js';
import { observingStore, openStages, type OpenStage } from './observer.js';
import { staffRoles, type SimulationPlan, type StaffRole } from './options.js';
import { createProcess, type Action, type Work } from './process.js';
import { Random, streamSeed } from './random.js';
import { StaffPool } from './staff.js';

/** The desk writes notifications to its outbox; the simulation counts them there and never dispatches. */
const silentNotifier: Notifier = { send: async () => {} };

/** A record reduced to what `summarize` reads (when the records are not returned). */
export interface LeanRecord {
  id: string;
  stage: string;
  context: unknown;
}

/** What a run leaves behind once its desk and store are gone. */
export interface RunOutcome {
  filed: number;
  arrivals: number[];
  backlog: Record<OpenStage, number>[];
  breaches: number[];
  escalations: number[];
  events: number;
  rejected: number;
  timersFired: number;
  notifications: number;
  /** Full records (`keepRecords`) or lean ones, in filing order. */
  records: (ComplaintRecord | LeanRecord)[];
  timelines: Record<string, TimelineEntry[]> | undefined;
}

/**
 * Run the plan's days. Everything the run allocated (desk, store, agenda)
 * is garbage once this returns, so the KPIs are computed without it.
 */
export async function runDesk(plan: SimulationPlan, days: Days): Promise<RunOutcome> {
  const o = plan.options;
  const clock = manualClock(o.start);
  const { store, tally } = observingStore(memoryStore(), days, o.keepTimelines, plan.watch?.commit);
  const desk = createDesk({
    store,
    notifier: silentNotifier,
    policy: plan.policy,
    clock,
    scheduler: false,
    // Synthetic customers: nothing to mask, and messages are only counted.
    redact: false,
    instanceId: 'simulation',
    retry: { sleep: async () => {} },
  });
  plan.watch?.desk?.(desk);

  const queue = new EventQueue<Action>();
  const pools = Object.fromEntries(
    staffRoles.map((r) => [r, new StaffPool<Work>(r, o.staffing[r].count, o.staffing[r].capacity, plan.calendars[r])]),
  ) as Record<StaffRole, StaffPool<Work>>;
  const process = createProcess({ desk, clock, queue, pools, options: o, policy: plan.policy });

  const arrivalsRng = new Random(streamSeed(o.seed, 0));
  const newComplaint = complaintFactory(o);
  const arrivals = new Array<number>(o.days).fill(0);
  const backlog: Record<OpenStage, number>[] = [];
  let filed = 0;
  let timersFired = 0;

  const scheduleDay = (d: number) => {
    for (const t of arrivalsBetween(arrivalsRng, days.starts[d]!, days.starts[d + 1]!, o.perDay, o.hourProfile, o.timeZone)) {
      queue.push({ t, kind: 'arrive', c: newComplaint(arrivalsRng, ++filed, t) });
      arrivals[d]!++;
    }
    queue.push({ t: days.starts[d + 1]!, kind: 'dayEnd', day: d });
  };
  scheduleDay(0);

  for (;;) {
    const next = queue.peek();
    if (!next) break;
    // The desk's timers due before (or at) the next action fire first, each at its instant.
    let last: number | undefined;
    for (;;) {
      const due = await store.nextDueAt();
      if (due === undefined || due > next.t) break;
      if (due > clock.now()) clock.set(due);
      const r = await desk.runDue(due);
      timersFired += r.fired;
      if (r.fired === 0 && due === last) break; // nothing fireable left at this instant
      last = due;
    }
    queue.pop();
    if (next.t > clock.now()) clock.set(next.t);
    switch (next.kind) {
      case 'arrive':
        await process.arrive(next.c);
        break;
      case 'done':
        await process.finish(next.work, next.person);
        break;
      case 'customer':
        await process.customer(next.c, next.step);
        break;
      case 'wake':
        process.wake(next.pool);
        break;
      case 'dayEnd':
        backlog.push(Object.fromEntries(openStages.map((s) => [s, tally.stages.get(s) ?? 0])) as Record<OpenStage, number>);
        plan.onProgress?.(next.day + 1, o.days);
        if (next.day + 1 < o.days) scheduleDay(next.day + 1);
        break;
    }
    if (next.kind === 'dayEnd' && next.day + 1 === o.days) break;
  }

  // Records in filing order (ids come from the arrival counter).
  const records: (ComplaintRecord | LeanRecord)[] = [];
  const timelines: Record<string, TimelineEntry[]> | undefined = o.keepTimelines ? {} : undefined;
  const idOf = complaintIds(o);
  for (let n = 1; n <= filed; n++) {
    const id = idOf(n);
    const r = await store.load(id);
    if (!r) throw new Error(`simulation lost complaint ${id}`);
    records.push(o.keepRecords ? r : { id, stage: r.summary.stage, context: (r.snapshot as { context: unknown }).context });
    if (timelines) timelines[id] = await store.timeline(id);
  }

  return {
    filed,
    arrivals,
    backlog,
    breaches: tally.breaches,
    escalations: tally.escalations,
    events: process.counts.events,
    rejected: process.counts.rejected,
    timersFired,
    notifications: tally.notifications,
    records,
    timelines,
  };
}
