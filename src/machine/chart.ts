// The complaint statechart, top to bottom in the order of the process
// (docs/lifecycle.md draws it from this file). Every guard, action and delay
// is named; their implementations are in guards.ts, actions.ts and setup.ts.
//
// Shape: the open stages sit inside `open`, which holds what applies to all
// of them — withdrawal, notes, reassignment, escalation, extension — and the
// one SLA timer, `sla.due`: it fires at the next warning or deadline of any
// counting clock (armed and disarmed by the actions as data). `closed` waits
// out the re-open window with an `after` delay; `archived` is final.
import type { ComplaintContext, ComplaintInput } from './context.js';
import { labels, OPEN_TAG, SLA_PAUSED_TAG } from './labels.js';
import { archiveRecord, initialContext } from './records.js';
import { SLA_TIMER } from './setup.js';

/** The machine config (without implementations); `createComplaintMachine` binds it to a policy. */
export const complaintChart = {
  id: 'complaint',
  description:
    'A customer complaint from intake to archive: receive, triage, investigate, resolve, execute, follow up, close. ' +
    'While open, one SLA timer fires at the next warning or deadline of any counting clock.',
  context: ({ input }: { input: ComplaintInput }): ComplaintContext => initialContext(input),
  initial: 'open',
  output: ({ context }: { context: ComplaintContext }) => archiveRecord(context),
  states: {
    open: {
      description:
        'The complaint is being handled. The SLA clock: one timer (sla.due) fires at the next warning or deadline of any ' +
        'counting clock. Everywhere: the customer may withdraw; staff may add notes, reassign, escalate or extend.',
      meta: labels.open,
      tags: [OPEN_TAG],
      initial: 'received',
      on: {
        [SLA_TIMER]: {
          actions: 'fireDueClocks',
          description: 'The SLA clock fires: a warning notifies the owners; a breach escalates one level and grants the ladder’s time.',
        },
        WITHDRAW: { target: 'closed', actions: 'withdraw' },
        ADD_NOTE: { actions: 'addNote' },
        REASSIGN: { actions: 'reassign' },
        ESCALATE: { guard: 'belowTopLevel', actions: 'escalateManually' },
        EXTEND: { guard: 'canExtend', actions: 'extend' },
      },
      states: {
        received: {
          id: 'received',
          description: 'Registered with the full intake (the acknowledge and resolution clocks start); may be resolved on first contact.',
          meta: labels.received,
          entry: 'receive',
          on: {
            ACKNOWLEDGE: { target: 'triage', actions: 'acknowledge' },
            RESOLVE_ON_FIRST_CONTACT: { guard: 'withinFastPath', target: '#closed', actions: 'resolveOnFirstContact' },
          },
        },
        triage: {
          id: 'triage',
          description: 'Set categories and severity (the triage clock runs); urgent goes to director level at once.',
          meta: labels.triage,
          on: {
            TRIAGE: [
              { guard: 'triagedUrgent', target: 'investigating', actions: 'routeUrgent' },
              { guard: 'triagedGeneral', target: 'investigating', actions: 'routeToDepartment' },
              { target: 'investigating', actions: 'routeToServiceTeam' },
            ],
            RESOLVE_ON_FIRST_CONTACT: { guard: 'withinFastPath', target: '#closed', actions: 'resolveOnFirstContact' },
          },
        },
        investigating: {
          id: 'investigating',
          description: 'The responsible department contacts the customer (first-contact clock), verifies and records the root cause.',
          meta: labels.investigating,
          initial: 'contacting',
          on: {
            // Re-classification while investigating recomputes the deadlines.
            TRIAGE: [
              { guard: 'triagedUrgent', actions: 'routeUrgent' },
              { guard: 'triagedGeneral', actions: 'routeToDepartment' },
              { actions: 'routeToServiceTeam' },
            ],
          },
          states: {
            contacting: {
              description: 'Contact the customer within the first-contact time limit.',
              meta: labels.contacting,
              on: { CONTACT_CUSTOMER: { target: 'verifying', actions: 'recordContact' } },
            },
            verifying: {
              description: 'Verify the facts, find the root cause and the liability.',
              meta: labels.verifying,
              on: {
                REQUEST_INFO: { target: 'awaitingInfo', actions: 'requestInfo' },
                RECORD_ROOT_CAUSE: { target: '#resolving', actions: 'recordRootCause' },
              },
            },
            awaitingInfo: {
              description: 'Waiting for evidence from the customer; every SLA clock is paused.',
              meta: labels.awaitingInfo,
              tags: [SLA_PAUSED_TAG],
              on: {
                PROVIDE_INFO: { target: 'verifying', actions: 'receiveInfo' },
                // An extension revives an overdue clock: it stays paused until the customer answers.
                EXTEND: { guard: 'canExtend', actions: 'extendWhileWaiting' },
              },
            },
          },
        },
        resolving: {
          id: 'resolving',
          description: 'Propose a remedy (the proposal clock runs; above the proposer’s authority it needs approval); the customer accepts or objects.',
          meta: labels.resolving,
          initial: 'drafting',
          states: {
            drafting: {
              description: 'Draft a remedy with its compensation, commitments and execution date.',
              meta: labels.drafting,
              on: {
                PROPOSE: [
                  { guard: 'proposalNeedsApproval', target: 'awaitingApproval', actions: 'requestApproval' },
                  { guard: 'proposalWithinAuthority', target: 'awaitingCustomer', actions: 'sendProposal' },
                ],
                DECLARE_UNRESOLVABLE: { target: '#closed', actions: 'declareUnresolvable' },
              },
            },
            awaitingApproval: {
              description: 'A role whose authority covers the compensation approves or declines.',
              meta: labels.awaitingApproval,
              on: {
                APPROVE: { guard: 'approverHasAuthority', target: 'awaitingCustomer', actions: 'approveProposal' },
                DECLINE: { target: 'drafting', actions: 'declineProposal' },
              },
            },
            awaitingCustomer: {
              description: 'The customer accepts, or objects (recorded; the proposal is re-worked one level up).',
              meta: labels.awaitingCustomer,
              on: {
                ACCEPT: { target: '#executing', actions: 'acceptProposal' },
                OBJECT: { target: 'drafting', actions: 'recordObjection' },
                DECLARE_UNRESOLVABLE: { target: '#closed', actions: 'declareUnresolvable' },
              },
            },
          },
        },
        executing: {
          id: 'executing',
          description: 'Carry out the accepted remedy by the committed date (the execution clock); an execution problem returns to resolving.',
          meta: labels.executing,
          on: {
            REPORT_PROGRESS: { actions: 'recordProgress' },
            REPORT_EXECUTION_ISSUE: { target: 'resolving', actions: 'recordExecutionIssue' },
            COMPLETE_EXECUTION: { target: 'followUp', actions: 'completeExecution' },
          },
        },
        followUp: {
          id: 'followUp',
          description: 'Independent satisfaction check (the follow-up clock runs); unsatisfied re-opens the complaint at triage.',
          meta: labels.followUp,
          on: {
            RECORD_FOLLOW_UP: [
              { guard: 'unsatisfied', target: 'triage', actions: 'reopenUnsatisfied' },
              { target: '#closed', actions: 'recordSatisfaction' },
            ],
          },
        },
      },
    },
    closed: {
      id: 'closed',
      description: 'Closed with an outcome; the customer may re-open within the policy window, then it is archived.',
      meta: labels.closed,
      entry: 'close',
      after: { reopenWindowEnd: { target: 'archived', actions: 'archiveAtWindowEnd' } },
      on: {
        REOPEN: { guard: 'withinReopenWindow', target: '#triage', actions: 'reopen' },
        ARCHIVE: { target: 'archived', actions: 'archive' },
        ADD_NOTE: { actions: 'addNote' },
      },
    },
    archived: {
      id: 'archived',
      type: 'final',
      description: 'Final: the full record is kept and becomes the machine output.',
      meta: labels.archived,
    },
  },
} as const;
