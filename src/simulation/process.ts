// The complaint process as staff and customers act it out: what each
// finished piece of work sends to the desk, and what comes next. Staff work
// waits for a free slot in its role's pool during working hours; customers
// answer after a calendar-time delay.
import type { ManualClock } from '../desk/clock.js';
import type { Desk } from '../desk/desk.js';
import type { ComplaintView } from '../desk/view.js';
import { InvalidTransitionError, RuleViolationError } from '../errors.js';
import type { ComplaintCommand } from '../schemas/events.js';
import { handlingEvents } from '../machine/migrations.js';
import type { Actor } from '../schemas/common.js';
import type { Calendar } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { canApprove } from '../sla/authority.js';
import { addWorkingTime, isWorkingTime, nextWorkingTime } from '../sla/working-time.js';
import { intakeOf, remedyOf, rootCauseOf, type SimComplaint } from './complaint.js';
import type { EventQueue } from './event-queue.js';
import type { HandlingStep, NormalisedSimulationOptions, StaffRole } from './options.js';
import { sample } from './random.js';
import type { StaffPool } from './staff.js';

/** Work a member of staff does on a complaint. */
export type StaffStep = 'acknowledge' | 'triage' | 'contact' | 'investigate' | 'propose' | 'approve' | 'execute' | 'followUp' | 'unresolvable';
/** What a customer does. */
export type CustomerStep = 'provide' | 'decide' | 'withdraw';

/** A piece of staff work, queued or in hand. */
export interface Work {
  c: SimComplaint;
  step: StaffStep;
  pool: StaffPool<Work>;
}

/** An entry of the simulation's agenda. */
export type Action =
  | { t: number; seq: number; kind: 'arrive'; c: SimComplaint }
  | { t: number; seq: number; kind: 'done'; work: Work; person: number }
  | { t: number; seq: number; kind: 'customer'; c: SimComplaint; step: CustomerStep }
  | { t: number; seq: number; kind: 'wake'; pool: StaffPool<Work> }
  | { t: number; seq: number; kind: 'dayEnd'; day: number };

const handlingOf: Record<StaffStep, HandlingStep> = {
  acknowledge: 'acknowledge',
  triage: 'triage',
  contact: 'contact',
  investigate: 'investigate',
  propose: 'propose',
  approve: 'approve',
  execute: 'execute',
  followUp: 'followUp',
  unresolvable: 'approve',
};

const approverRoles = ['handler', 'supervisor', 'director', 'executive'] as const;
/** Events that make their sender one of the complaint's handlers (the desk's rule: see `handlingEvents`). */
const handling = handlingEvents;
const managerRoles = ['supervisor', 'director', 'executive'] as const;
const MINUTE = 60_000;

/** Counters the process keeps. */
export interface ProcessCounts {
  /** Events the desk accepted. */
  events: number;
  /** Events the desk refused as invalid in the state (should stay 0). */
  rejected: number;
}

/** The process over one desk, agenda and set of staff pools. */
export interface Process {
  counts: ProcessCounts;
  /** File an arriving complaint and start its handling. */
  arrive(c: SimComplaint): Promise<void>;
  /** A member of staff finished a piece of work. */
  finish(work: Work, person: number): Promise<void>;
  /** A customer acts. */
  customer(c: SimComplaint, step: CustomerStep): Promise<void>;
  /** A pool's shift started: hand out waiting work. */
  wake(pool: StaffPool<Work>): void;
}

export function createProcess(a: {
  desk: Desk;
  clock: ManualClock;
  queue: EventQueue<Action>;
  pools: Record<StaffRole, StaffPool<Work>>;
  options: NormalisedSimulationOptions;
  policy: Policy;
}): Process {
  const { desk, clock, queue, pools, options: o, policy } = a;
  const p = o.probabilities;
  const business: Calendar = policy.calendars.business ?? policy.calendars.always!;
  const counts: ProcessCounts = { events: 0, rejected: 0 };
  const staffed = (r: StaffRole) => pools[r].slots > 0;
  const approvers = approverRoles.filter(staffed);
  const maxApproval = Math.max(...approvers.map((r) => policy.authority[r]));
  const decider = managerRoles.find(staffed) ?? 'supervisor';

  async function send(c: SimComplaint, event: Record<string, unknown>, actor: Actor): Promise<ComplaintView | undefined> {
    try {
      const v = await desk.send(c.id, event as ComplaintCommand, { actor });
      counts.events++;
      if (handling.has(String(event.type))) c.handlers.add(actor.id);
      c.expedite = v.escalationLevel > 0;
      if (v.stage === 'closed' || v.stage === 'archived') c.open = false;
      return v;
    } catch (e) {
      if (e instanceof InvalidTransitionError || e instanceof RuleViolationError) {
        counts.rejected++;
        return undefined;
      }
      throw e;
    }
  }

  function roleFor(c: SimComplaint, step: StaffStep, amount = 0): StaffRole {
    switch (step) {
      case 'acknowledge':
      case 'triage':
      case 'followUp':
        return 'agent';
      case 'approve':
        return approvers.find((r) => canApprove(policy, r, amount)) ?? approvers[approvers.length - 1]!;
      case 'unresolvable':
        return decider;
      default:
        return c.caseRole;
    }
  }

  function assign(c: SimComplaint, step: StaffStep, amount = 0): void {
    const pool = pools[roleFor(c, step, amount)];
    pool.enqueue({ c, step, pool }, c.expedite);
    startWork(pool);
  }

  /** Hand waiting work to free slots, if the role is working now; else wake at its next shift. */
  function startWork(pool: StaffPool<Work>): void {
    if (pool.waiting === 0 || pool.busy >= pool.slots) return;
    const now = clock.now();
    if (!isWorkingTime(pool.calendar, now)) {
      const at = nextWorkingTime(pool.calendar, now);
      if (pool.wakeAt === undefined || pool.wakeAt > at) {
        pool.wakeAt = at;
        queue.push({ t: at, kind: 'wake', pool });
      }
      return;
    }
    while (pool.busy < pool.slots) {
      const w = pool.next();
      if (!w) break;
      if (!w.c.open) continue; // withdrawn while waiting
      const person = pool.take();
      const minutes = sample(w.c.rng, o.handling[handlingOf[w.step]]);
      const t = addWorkingTime(pool.calendar, now, { minutes });
      queue.push({ t: Math.max(now, Math.round(t)), kind: 'done', work: w, person });
    }
  }

  function customerAt(c: SimComplaint, step: CustomerStep, minutes: number): void {
    queue.push({ t: clock.now() + Math.round(minutes * MINUTE), kind: 'customer', c, step });
  }

  /** Still inside the policy's first-contact resolution window (when it has one)? */
  function fastPathOpen(c: SimComplaint): boolean {
    const fp = policy.fastPath;
    if (!fp) return true;
    return clock.now() <= addWorkingTime(policy.calendars[fp.within.calendar]!, c.filedAt, fp.within.within);
  }

  async function perform(c: SimComplaint, step: StaffStep, actor: Actor): Promise<void> {
    switch (step) {
      case 'acknowledge':
        if (c.fcr && fastPathOpen(c)) {
          await send(c, { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'Explained and settled on the first contact' }, actor);
          return;
        }
        if (await send(c, { type: 'ACKNOWLEDGE' }, actor)) assign(c, 'triage');
        return;
      case 'triage':
        if (await send(c, { type: 'TRIAGE', categories: [c.category], severity: c.severity }, actor)) assign(c, 'contact');
        return;
      case 'contact':
        if (await send(c, { type: 'CONTACT_CUSTOMER' }, actor)) assign(c, 'investigate');
        return;
      case 'investigate':
        if (c.infoRequests < 2 && c.rng.chance(p.evidenceRequest)) {
          if (await send(c, { type: 'REQUEST_INFO', request: 'Please send photos and the receipt' }, actor)) {
            c.infoRequests++;
            customerAt(c, 'provide', sample(c.rng, o.handling.evidenceResponse));
          }
        } else if (await send(c, { type: 'RECORD_ROOT_CAUSE', ...rootCauseOf(c) }, actor)) {
          assign(c, 'propose');
        }
        return;
      case 'propose': {
        const amount = c.rng.chance(o.compensation.probability)
          ? Math.min(maxApproval, Math.round(sample(c.rng, o.compensation.amount)))
          : 0;
        const executeBy = addWorkingTime(business, clock.now(), { workingDays: o.commitWorkingDays });
        const v = await send(c, { type: 'PROPOSE', remedies: [remedyOf(c)], compensation: amount, executeBy }, actor);
        if (!v) return;
        if (v.step === 'resolving.awaitingApproval') assign(c, 'approve', amount);
        else customerAt(c, 'decide', sample(c.rng, o.handling.customerDecision));
        return;
      }
      case 'approve':
        if (await send(c, { type: 'APPROVE' }, actor)) customerAt(c, 'decide', sample(c.rng, o.handling.customerDecision));
        return;
      case 'execute':
        if (c.rng.chance(p.executionIssue)) {
          const v = await send(c, { type: 'REPORT_EXECUTION_ISSUE', issue: 'Replacement out of stock', kind: 'out_of_stock' }, actor);
          if (v) assign(c, 'propose');
        } else if (await send(c, { type: 'COMPLETE_EXECUTION' }, actor)) {
          assign(c, 'followUp');
        }
        return;
      case 'followUp': {
        const unsatisfied = c.rng.chance(p.unsatisfied);
        const satisfaction = unsatisfied ? 'unsatisfied' : c.rng.chance(p.basicallySatisfied) ? 'basically_satisfied' : 'satisfied';
        const v = await send(c, { type: 'RECORD_FOLLOW_UP', satisfaction }, actor);
        if (v && unsatisfied) {
          // Re-opened at triage: a second round.
          c.objections = 0;
          c.infoRequests = 0;
          assign(c, 'triage');
        }
        return;
      }
      case 'unresolvable':
        await send(c, { type: 'DECLARE_UNRESOLVABLE', reason: 'The customer’s demand cannot be met' }, actor);
        return;
    }
  }

  return {
    counts,
    async arrive(c) {
      await desk.file(intakeOf(c), { actor: c.customer });
      if (c.rng.chance(p.withdrawal)) customerAt(c, 'withdraw', sample(c.rng, o.handling.withdrawAfter));
      assign(c, 'acknowledge');
    },
    async finish(work, person) {
      const pool = work.pool;
      pool.release(person);
      if (work.c.open) {
        let actor = pool.people[person]!;
        // The follow-up is independent: a colleague who never handled the complaint records it.
        if (work.step === 'followUp' && work.c.handlers.has(actor.id)) {
          actor = pool.people.find((p) => !work.c.handlers.has(p.id)) ?? { id: `${pool.role}-reviewer`, role: pool.role };
        }
        await perform(work.c, work.step, actor);
      }
      startWork(pool);
    },
    async customer(c, step) {
      if (!c.open) return;
      switch (step) {
        case 'provide':
          if (await send(c, { type: 'PROVIDE_INFO', info: 'Photos and receipt attached' }, c.customer)) assign(c, 'investigate');
          return;
        case 'decide':
          if (c.rng.chance(p.objection)) {
            if (!(await send(c, { type: 'OBJECT', objection: 'The offer is not enough' }, c.customer))) return;
            c.objections++;
            assign(c, c.objections > o.maxObjections ? 'unresolvable' : 'propose');
          } else if (await send(c, { type: 'ACCEPT' }, c.customer)) {
            assign(c, 'execute');
          }
          return;
        case 'withdraw':
          await send(c, { type: 'WITHDRAW', reason: 'No longer interested' }, c.customer);
          return;
      }
    },
    wake(pool) {
      pool.wakeAt = undefined;
      startWork(pool);
    },
  };
}
