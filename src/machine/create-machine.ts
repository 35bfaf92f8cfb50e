import { assign, enqueueActions, raise, setup, type EventObject } from 'xstate';
import type { ComplaintEvent, EventOf } from '../schemas/events.js';
import type { Policy } from '../sla/policy.js';
import { addWorkingTime } from '../sla/working-time.js';
import { regrantClock } from '../sla/clock.js';
import { guidelinePolicy } from '../sla/presets/guideline.js';
import type { ArchiveRecord, ComplaintContext, ComplaintInput, Notification } from './context.js';
import {
  customer,
  escalateTo,
  meet,
  none,
  nextSlaCheck,
  owners,
  pauseAll,
  processDue,
  recomputeAll,
  reopen,
  resumeAll,
  startExecution,
  startTarget,
  stopAll,
  type Effect,
} from './effects.js';
import { labels, SLA_PAUSED_TAG, stageDescriptions } from './labels.js';
import { archiveRecord, initialContext } from './records.js';

/** Events the machine raises to itself to re-arm or pause its SLA timer. Not for callers. */
export type InternalEvent = { type: 'sla.rearm' } | { type: 'sla.pause' };
/** Every event the machine handles. */
export type MachineEvent = ComplaintEvent | InternalEvent;

type NotifyAction = { type: 'notify'; params: Notification };

const isPublic = (e: MachineEvent): e is ComplaintEvent => 'at' in e;
const is = <K extends ComplaintEvent['type']>(e: MachineEvent, type: K): e is EventOf<K> => e.type === type;

/** The department that handles a category unless triage names one. */
export const defaultDepartments: Record<string, string> = {
  product_quality: 'quality',
  service_experience: 'customer_service',
  logistics: 'logistics',
  billing: 'finance',
  other: 'customer_service',
};

/**
 * Build the complaint statechart for a policy.
 *
 * Every stage is a parallel state with a `step` region (the work) and an
 * `sla` region whose single delayed transition (`slaCheck`) fires at the next
 * warning or deadline of any counting clock. Deadlines are absolute instants
 * in `context.sla`; delays are `deadline - context.now`, so `transition()`
 * returns each timer as an `xstate.raise` with `id` and `delay`.
 *
 * @param policy - the SLA policy (see `definePolicy` and `presets`)
 * @returns an XState v5 machine whose input is a validated intake
 * @example
 * import { createActor } from 'xstate';
 * const machine = createComplaintMachine(presets.guideline);
 * const actor = createActor(machine, { input: parseIntake(raw) }).start();
 */
export function createComplaintMachine(policy: Policy = guidelinePolicy) {
  const top = policy.escalation.levels.length - 1;
  const deadlineOf = (from: number, t: { within: Parameters<typeof addWorkingTime>[2]; calendar: string }) =>
    addWorkingTime(policy.calendars[t.calendar]!, from, t.within);

  /** Wrap a pure effect: assign the context, enqueue its notifications, re-arm the SLA timer when it moved. */
  const fx = (f: (ctx: ComplaintContext, event: MachineEvent) => Effect) =>
    enqueueActions<
      ComplaintContext,
      MachineEvent,
      undefined,
      MachineEvent,
      never,
      NotifyAction,
      never,
      never,
      EventObject
    >(({ context, event, enqueue }) => {
      const before = nextSlaCheck(context);
      // Every public event stamps the time first: context.now never goes backwards.
      const stamped = isPublic(event) && event.at > context.now ? { ...context, now: event.at } : context;
      const r = f(stamped, event);
      // One SLA re-arm per macrostep is enough: later changes are seen when it is handled.
      const rearm = !r.context.rearmPending && nextSlaCheck(r.context) !== before;
      // A changed clock means `r.context` is a fresh object of this action's own: mark it in place.
      if (rearm) r.context.rearmPending = true;
      if (r.context !== context) enqueue.assign(r.context);
      for (const n of r.notify) enqueue({ type: 'notify', params: n });
      if (rearm) enqueue.raise({ type: 'sla.rearm' });
    });
  /** Ask the SLA region to re-arm its timer, unless a re-arm is already queued in this macrostep. */
  const rearmOnce = enqueueActions<ComplaintContext, MachineEvent, undefined, MachineEvent, never, NotifyAction, never, never, EventObject>(
    ({ context, enqueue }) => {
      if (context.rearmPending) return;
      enqueue.assign({ rearmPending: true });
      enqueue.raise({ type: 'sla.rearm' });
    },
  );
  /** A pure context update with no notifications. */
  const upd = (f: (ctx: ComplaintContext, event: MachineEvent) => ComplaintContext) => fx((c, e) => none(f(c, e)));
  const tell = (ctx: ComplaintContext, kind: string, to: string[], data: Notification['data'] = {}): Effect => ({
    context: ctx,
    notify: [{ kind, to, data }],
  });

  const classify = (ctx: ComplaintContext, e: MachineEvent): ComplaintContext => {
    if (!is(e, 'TRIAGE')) return ctx;
    const next = { ...meet(ctx, 'triage', ctx.now), categories: [...e.categories], severity: e.severity };
    return recomputeAll(policy, next, ctx.now);
  };
  const route = (ctx: ComplaintContext, e: MachineEvent, department: string): Effect => {
    const assignee = is(e, 'TRIAGE') && e.assignee ? e.assignee : ctx.assignee;
    const next = { ...ctx, department, assignee };
    return tell(next, 'complaint.assigned', owners(next), { department, severity: next.severity });
  };
  const deptFor = (ctx: ComplaintContext, e: MachineEvent) =>
    (is(e, 'TRIAGE') && e.department) || defaultDepartments[ctx.categories[0] ?? 'other'] || 'customer_service';

  const close = (ctx: ComplaintContext, outcome: ComplaintContext['outcome'], note: string | null): ComplaintContext => ({
    ...ctx,
    outcome,
    closingNote: note,
  });

  /** Events every open stage accepts. */
  const openEvents = {
    WITHDRAW: { target: '#complaint.closed', actions: 'withdraw' },
    ADD_NOTE: { actions: 'addNote' },
    REASSIGN: { actions: 'reassign' },
    ESCALATE: { guard: 'belowTopLevel', actions: 'escalateManually' },
    EXTEND: { guard: 'canExtend', actions: 'extend' },
  } as const;

  /** The SLA region every open stage carries. */
  const slaRegion = {
    description: 'The stage’s SLA timer: fires at the next warning or deadline of any counting clock.',
    meta: labels.sla,
    initial: 'idle',
    entry: 'rearmSla',
    states: {
      idle: {
        meta: labels.slaIdle,
        on: {
          'sla.rearm': [{ guard: 'slaTicking', target: 'running', actions: 'rearmHandled' }, { actions: 'rearmHandled' }],
        },
      },
      running: {
        meta: labels.slaRunning,
        after: { slaCheck: { target: 'idle', actions: 'processSlaDue' } },
        on: {
          'sla.rearm': [
            { guard: 'slaTicking', target: 'running', reenter: true, actions: 'rearmHandled' },
            { target: 'idle', actions: 'rearmHandled' },
          ],
        },
      },
    },
  } as const;

  /**
   * The SLA region of `investigating`, the one stage that waits on the
   * customer: pausing the clocks re-arms first (the region goes idle), then
   * `sla.pause` moves it to `paused`.
   */
  const pausableSlaRegion = {
    ...slaRegion,
    states: {
      idle: {
        meta: labels.slaIdle,
        on: { ...slaRegion.states.idle.on, 'sla.pause': 'paused' },
      },
      running: slaRegion.states.running,
      paused: {
        meta: labels.slaPaused,
        tags: [SLA_PAUSED_TAG],
        on: {
          'sla.rearm': [
            { guard: 'slaTicking', target: 'running', actions: 'rearmHandled' },
            { target: 'idle', actions: 'rearmHandled' },
          ],
        },
      },
    },
  } as const;

  /** An open stage: a parallel state of the work (`step`) and its SLA clock (`sla`). */
  const stage = <
    const T extends { entry: string; initial: string; states: object; on?: object },
    const R extends object = typeof slaRegion,
  >(
    name: keyof typeof stageDescriptions,
    step: T,
    sla: R = slaRegion as R,
  ) =>
    ({
      type: 'parallel',
      description: stageDescriptions[name],
      meta: labels[name],
      entry: step.entry as T['entry'],
      on: { ...openEvents, ...step.on } as typeof openEvents & (T['on'] extends object ? T['on'] : {}),
      states: {
        step: { initial: step.initial, states: step.states as T['states'] },
        sla,
      },
    }) as const;

  return setup({
    types: {
      context: {} as ComplaintContext,
      events: {} as MachineEvent,
      input: {} as ComplaintInput,
      output: {} as ArchiveRecord,
    },
    actions: {
      /** Delivered by the host (the desk turns it into an outbox message). */
      notify: (_args, _params: Notification) => {},
      /** Record the event's time: context.now never goes backwards. */
      stamp: upd((c, e) => (isPublic(e) ? { ...c, now: Math.max(c.now, e.at) } : c)),
      receive: fx((c) => {
        let ctx = startTarget(policy, c, 'acknowledge', c.now);
        ctx = startTarget(policy, ctx, 'resolution', c.now);
        return tell(ctx, 'complaint.received', [customer(ctx)], { channel: ctx.intake.channel });
      }),
      acknowledge: fx((c) =>
        tell({ ...meet(c, 'acknowledge', c.now), acknowledgedAt: c.now }, 'complaint.acknowledged', [customer(c)]),
      ),
      startTriageClock: upd((c) => startTarget(policy, c, 'triage', c.now)),
      resolveOnFirstContact: upd((c, e) => {
        let ctx = meet(meet(meet(c, 'acknowledge', c.now), 'triage', c.now), 'resolution', c.now);
        ctx = close(ctx, 'resolved_on_first_contact', is(e, 'RESOLVE_ON_FIRST_CONTACT') ? e.summary : null);
        return ctx;
      }),
      classify: upd(classify),
      routeUrgent: fx((c, e) => {
        const up = escalateTo(policy, c, policy.escalation.urgentStartLevel, 'urgent', c.now);
        const r = route(up.context, e, deptFor(c, e));
        return { context: r.context, notify: [...up.notify, ...r.notify] };
      }),
      routeToDepartment: fx((c, e) => route(c, e, deptFor(c, e))),
      routeToServiceTeam: fx((c, e) => route(c, e, (is(e, 'TRIAGE') && e.department) || 'customer_service')),
      startFirstContactClock: upd((c) => (c.contactedAt === null ? startTarget(policy, c, 'firstContact', c.now) : c)),
      recordContact: upd((c) => ({ ...meet(c, 'firstContact', c.now), contactedAt: c.now })),
      requestInfo: fx((c, e) =>
        tell({ ...c, infoRequests: c.infoRequests + 1 }, 'info.requested', [customer(c)], {
          request: is(e, 'REQUEST_INFO') ? e.request : null,
        }),
      ),
      pauseClocks: fx((c) => none(pauseAll(c, c.now))),
      resumeClocks: fx((c) => none(resumeAll(policy, c, c.now))),
      recordRootCause: upd((c, e) =>
        is(e, 'RECORD_ROOT_CAUSE')
          ? { ...c, rootCause: { method: e.method, cause: e.cause, liability: e.liability, at: c.now, by: e.actor.id } }
          : c,
      ),
      startProposalClock: upd((c) => startTarget(policy, c, 'proposal', c.now)),
      recordProposal: upd((c, e) =>
        is(e, 'PROPOSE')
          ? {
              ...c,
              proposals: c.proposals + 1,
              proposal: {
                remedies: [...e.remedies],
                compensation: e.compensation ?? 0,
                commitments: [...(e.commitments ?? [])],
                executeBy: e.executeBy,
                proposedAt: c.now,
                proposedBy: e.actor,
              },
            }
          : c,
      ),
      requestApproval: fx((c) => {
        const amount = c.proposal?.compensation ?? 0;
        const roles = (Object.keys(policy.authority) as (keyof Policy['authority'])[]).filter(
          (r) => r !== 'customer' && r !== 'system' && policy.authority[r] >= amount,
        );
        return tell(c, 'proposal.approval_requested', roles.map((r) => `role:${r}`), { compensation: amount });
      }),
      approveProposal: upd((c, e) =>
        c.proposal && is(e, 'APPROVE') ? { ...c, proposal: { ...c.proposal, approvedBy: e.actor, approvedAt: c.now } } : c,
      ),
      declineProposal: fx((c, e) =>
        tell(c, 'proposal.declined', owners(c), { reason: is(e, 'DECLINE') ? e.reason : null }),
      ),
      sendProposal: fx((c) =>
        tell(meet(c, 'proposal', c.now), 'proposal.sent', [customer(c)], {
          compensation: c.proposal?.compensation ?? 0,
          executeBy: c.proposal?.executeBy ?? null,
        }),
      ),
      acceptProposal: upd((c) => {
        const ctx = meet(c, 'resolution', c.now);
        return ctx.proposal ? { ...ctx, proposal: { ...ctx.proposal, acceptedAt: c.now } } : ctx;
      }),
      recordObjection: fx((c, e) => {
        const text = is(e, 'OBJECT') ? e.objection : '';
        const ctx = { ...c, objections: [...c.objections, { at: c.now, text }] };
        const up = escalateTo(policy, ctx, ctx.escalation.level + 1, 'objection', c.now);
        return { context: startTarget(policy, up.context, 'proposal', c.now), notify: up.notify };
      }),
      declareUnresolvable: upd((c, e) =>
        close(meet(c, 'resolution', c.now), 'unresolvable', is(e, 'DECLARE_UNRESOLVABLE') ? e.reason : null),
      ),
      startExecutionClock: upd((c) => (c.proposal ? startExecution(policy, c, c.now, c.proposal.executeBy) : c)),
      recordProgress: fx((c, e) =>
        tell({ ...c, progressReports: c.progressReports + 1 }, 'execution.progress', [customer(c)], {
          progress: is(e, 'REPORT_PROGRESS') ? e.progress : null,
        }),
      ),
      recordExecutionIssue: fx((c, e) => {
        const sla = { ...c.sla };
        if (sla.execution) sla.execution = { ...sla.execution, state: 'stopped', endedAt: c.now, warnAt: [] };
        return tell({ ...c, sla, executionIssues: c.executionIssues + 1 }, 'execution.issue', [customer(c)], {
          issue: is(e, 'REPORT_EXECUTION_ISSUE') ? e.issue : null,
        });
      }),
      completeExecution: fx((c) => tell(meet(c, 'execution', c.now), 'execution.completed', [customer(c)])),
      startFollowUpClock: upd((c) => startTarget(policy, c, 'followUp', c.now)),
      recordFollowUp: upd((c, e) =>
        is(e, 'RECORD_FOLLOW_UP')
          ? {
              ...meet(c, 'followUp', c.now),
              followUp: { satisfaction: e.satisfaction, at: c.now, ...(e.comment ? { comment: e.comment } : {}) },
            }
          : c,
      ),
      resolve: upd((c) => close(c, 'resolved', null)),
      reopen: fx((c, e) => {
        const ctx = reopen(policy, c, c.now);
        const reason = is(e, 'REOPEN') ? e.reason : 'unsatisfied at follow-up';
        return tell(ctx, 'complaint.reopened', [...owners(ctx), 'role:supervisor'], { reason });
      }),
      withdraw: upd((c, e) => close(c, 'withdrawn', is(e, 'WITHDRAW') ? (e.reason ?? null) : null)),
      close: fx((c) => {
        const ctx = stopAll(c, c.now);
        const reopenUntil = deadlineOf(c.now, policy.reopenWindow);
        return tell({ ...ctx, closedAt: c.now, reopenUntil }, 'complaint.closed', [customer(c)], {
          outcome: c.outcome,
          reopenUntil,
        });
      }),
      archive: upd((c) => ({ ...c, archivedAt: c.now })),
      archiveAtWindowEnd: upd((c) => {
        const at = Math.max(c.now, c.reopenUntil ?? c.now);
        return { ...c, now: at, archivedAt: at };
      }),
      addNote: upd((c, e) =>
        is(e, 'ADD_NOTE') ? { ...c, notes: [...c.notes, { at: c.now, by: e.actor.id, role: e.actor.role, text: e.note }] } : c,
      ),
      reassign: fx((c, e) => {
        if (!is(e, 'REASSIGN')) return none(c);
        const next = { ...c, assignee: e.assignee ?? c.assignee, department: e.department ?? c.department };
        return tell(next, 'complaint.assigned', owners(next), { department: next.department, severity: next.severity });
      }),
      escalateManually: fx((c, e) =>
        escalateTo(policy, c, c.escalation.level + 1, 'manual', c.now, { by: is(e, 'ESCALATE') ? e.actor.id : 'unknown' }),
      ),
      extend: fx((c, e) => {
        if (!is(e, 'EXTEND')) return none(c);
        const name = e.clock ?? 'resolution';
        const clock = c.sla[name];
        if (!clock) return none(c);
        // A fresh allowance up to the new date, with its own warnings; a paused clock stays paused.
        const granted = regrantClock(policy, clock, c.now, { until: e.until }, 'extension');
        const sla = {
          ...c.sla,
          [name]: clock.state === 'paused' ? { ...granted, state: 'paused' as const, pausedAt: clock.pausedAt ?? c.now } : granted,
        };
        const ctx = { ...c, sla, extensions: [...c.extensions, { at: c.now, clock: name, until: e.until, reason: e.reason }] };
        return tell(ctx, 'sla.extended', [customer(c)], { clock: name, until: e.until, reason: e.reason });
      }),
      /** Fire every warning and deadline due at the timer's instant. */
      processSlaDue: fx((c) => processDue(policy, c, Math.max(c.now, nextSlaCheck(c) ?? c.now))),
      /** Ask the SLA region to re-arm its timer (once per macrostep). */
      rearmSla: rearmOnce,
      rearmHandled: assign({ rearmPending: false }),
      pauseSla: raise({ type: 'sla.pause' }),
    },
    guards: {
      slaTicking: ({ context }) => nextSlaCheck(context) !== undefined,
      withinFastPath: ({ context, event }) =>
        !policy.fastPath || (isPublic(event) && event.at <= deadlineOf(context.intake.filedAt, policy.fastPath.within)),
      triagedUrgent: ({ event }) => is(event, 'TRIAGE') && event.severity === 'urgent',
      triagedGeneral: ({ event }) => is(event, 'TRIAGE') && event.severity === 'general',
      proposalNeedsApproval: ({ context, event }) =>
        is(event, 'PROPOSE') &&
        event.executeBy > Math.max(context.now, event.at) &&
        (event.compensation ?? 0) > policy.authority[event.actor.role],
      proposalWithinAuthority: ({ context, event }) =>
        is(event, 'PROPOSE') &&
        event.executeBy > Math.max(context.now, event.at) &&
        (event.compensation ?? 0) <= policy.authority[event.actor.role],
      approverHasAuthority: ({ context, event }) =>
        is(event, 'APPROVE') && policy.authority[event.actor.role] >= (context.proposal?.compensation ?? 0),
      unsatisfied: ({ event }) => is(event, 'RECORD_FOLLOW_UP') && event.satisfaction === 'unsatisfied',
      withinReopenWindow: ({ context, event }) =>
        is(event, 'REOPEN') && context.reopenUntil !== null && event.at <= context.reopenUntil,
      belowTopLevel: ({ context }) => context.escalation.level < top,
      canExtend: ({ context, event }) => {
        if (!is(event, 'EXTEND')) return false;
        const name = event.clock ?? 'resolution';
        const clock = context.sla[name];
        if (!clock || clock.state === 'met' || clock.state === 'stopped') return false;
        if (event.until <= Math.max(context.now, event.at, clock.deadline)) return false;
        if (name === 'resolution' && policy.extension) {
          return event.until <= deadlineOf(context.intake.filedAt, policy.extension.max);
        }
        return true;
      },
    },
    delays: {
      /** Until the next warning or deadline of any counting clock. */
      slaCheck: ({ context }) => Math.max(0, (nextSlaCheck(context) ?? context.now) - context.now),
      /** Until the re-open window closes and the complaint is archived. */
      reopenWindowEnd: ({ context }) => Math.max(0, (context.reopenUntil ?? context.now) - context.now),
    },
  }).createMachine({
    id: 'complaint',
    description:
      'A customer complaint from intake to archive: receive, triage, investigate, resolve, execute, follow up, close. ' +
      'Each stage has an SLA region whose timer fires at the next warning or deadline.',
    context: ({ input }) => initialContext(input),
    initial: 'received',
    output: ({ context }) => archiveRecord(context),
    states: {
      received: stage('received', {
        entry: 'receive',
        initial: 'registered',
        states: {
          registered: {
            description: 'Recorded with the full intake; waiting to be acknowledged to the customer.',
            meta: labels.registered,
            on: {
              ACKNOWLEDGE: { target: '#complaint.triage', actions: 'acknowledge' },
              RESOLVE_ON_FIRST_CONTACT: {
                guard: 'withinFastPath',
                target: '#complaint.closed',
                actions: 'resolveOnFirstContact',
              },
            },
          },
        },
      }),
      triage: stage('triage', {
        entry: 'startTriageClock',
        initial: 'classifying',
        states: {
          classifying: {
            description: 'Set categories and severity; guards route urgent, general and normal complaints.',
            meta: labels.classifying,
            on: {
              TRIAGE: [
                { guard: 'triagedUrgent', target: '#complaint.investigating', actions: ['classify', 'routeUrgent'] },
                { guard: 'triagedGeneral', target: '#complaint.investigating', actions: ['classify', 'routeToDepartment'] },
                { target: '#complaint.investigating', actions: ['classify', 'routeToServiceTeam'] },
              ],
              RESOLVE_ON_FIRST_CONTACT: {
                guard: 'withinFastPath',
                target: '#complaint.closed',
                actions: 'resolveOnFirstContact',
              },
            },
          },
        },
      }),
      investigating: stage('investigating', {
        entry: 'startFirstContactClock',
        initial: 'contacting',
        on: {
          // Re-classification while investigating recomputes the deadlines.
          TRIAGE: [
            { guard: 'triagedUrgent', actions: ['classify', 'routeUrgent'] },
            { guard: 'triagedGeneral', actions: ['classify', 'routeToDepartment'] },
            { actions: ['classify', 'routeToServiceTeam'] },
          ],
        },
        states: {
          contacting: {
            description: 'The responsible department contacts the customer (first-contact time limit).',
            meta: labels.contacting,
            on: { CONTACT_CUSTOMER: { target: 'verifying', actions: 'recordContact' } },
          },
          verifying: {
            description: 'Verify the facts, find the root cause and the liability.',
            meta: labels.verifying,
            on: {
              REQUEST_INFO: { target: 'awaitingInfo', actions: 'requestInfo' },
              RECORD_ROOT_CAUSE: { target: '#complaint.resolving', actions: 'recordRootCause' },
            },
          },
          awaitingInfo: {
            description: 'Waiting for evidence from the customer; every SLA clock is paused.',
            meta: labels.awaitingInfo,
            tags: [SLA_PAUSED_TAG],
            entry: ['pauseClocks', 'pauseSla'],
            exit: ['resumeClocks', 'rearmSla'],
            on: {
              PROVIDE_INFO: { target: 'verifying', actions: ['stamp'] },
              // An extension revives an overdue clock: keep it (and the SLA timer) paused while waiting.
              EXTEND: { guard: 'canExtend', actions: ['extend', 'pauseClocks', 'pauseSla'] },
            },
          },
        },
      }, pausableSlaRegion),
      resolving: stage('resolving', {
        entry: 'startProposalClock',
        initial: 'drafting',
        states: {
          drafting: {
            description: 'Draft a remedy; above the proposer’s authority it needs approval.',
            meta: labels.drafting,
            on: {
              PROPOSE: [
                { guard: 'proposalNeedsApproval', target: 'awaitingApproval', actions: ['recordProposal', 'requestApproval'] },
                { guard: 'proposalWithinAuthority', target: 'awaitingCustomer', actions: ['recordProposal', 'sendProposal'] },
              ],
              DECLARE_UNRESOLVABLE: { target: '#complaint.closed', actions: 'declareUnresolvable' },
            },
          },
          awaitingApproval: {
            description: 'A role whose authority covers the compensation approves or declines.',
            meta: labels.awaitingApproval,
            on: {
              APPROVE: { guard: 'approverHasAuthority', target: 'awaitingCustomer', actions: ['approveProposal', 'sendProposal'] },
              DECLINE: { target: 'drafting', actions: 'declineProposal' },
            },
          },
          awaitingCustomer: {
            description: 'The customer accepts, or objects (recorded; the proposal is re-worked one level up).',
            meta: labels.awaitingCustomer,
            on: {
              ACCEPT: { target: '#complaint.executing', actions: 'acceptProposal' },
              OBJECT: { target: 'drafting', actions: 'recordObjection' },
              DECLARE_UNRESOLVABLE: { target: '#complaint.closed', actions: 'declareUnresolvable' },
            },
          },
        },
      }),
      executing: stage('executing', {
        entry: 'startExecutionClock',
        initial: 'inProgress',
        states: {
          inProgress: {
            description: 'Carry out the remedy by the committed date; an execution problem returns to resolving.',
            meta: labels.inProgress,
            on: {
              REPORT_PROGRESS: { actions: 'recordProgress' },
              REPORT_EXECUTION_ISSUE: { target: '#complaint.resolving', actions: 'recordExecutionIssue' },
              COMPLETE_EXECUTION: { target: '#complaint.followUp', actions: 'completeExecution' },
            },
          },
        },
      }),
      followUp: stage('followUp', {
        entry: 'startFollowUpClock',
        initial: 'pending',
        states: {
          pending: {
            description: 'Independent satisfaction check; unsatisfied re-opens the complaint at triage.',
            meta: labels.pending,
            on: {
              RECORD_FOLLOW_UP: [
                { guard: 'unsatisfied', target: '#complaint.triage', actions: ['recordFollowUp', 'reopen'] },
                { target: '#complaint.closed', actions: ['recordFollowUp', 'resolve'] },
              ],
            },
          },
        },
      }),
      closed: {
        description: 'Closed with an outcome; the customer may re-open within the policy window, then it is archived.',
        meta: labels.closed,
        // No SLA region here: a re-arm queued on the way in has no one to handle it.
        entry: ['close', 'rearmHandled'],
        after: { reopenWindowEnd: { target: 'archived', actions: 'archiveAtWindowEnd' } },
        on: {
          REOPEN: { guard: 'withinReopenWindow', target: 'triage', actions: 'reopen' },
          ARCHIVE: { target: 'archived', actions: 'archive' },
          ADD_NOTE: { actions: 'addNote' },
        },
      },
      archived: {
        type: 'final',
        description: 'Final: the full record is kept and becomes the machine output.',
        meta: labels.archived,
      },
    },
  });
}
