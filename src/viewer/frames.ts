// What the viewer sends to the page, built from the desk's summaries,
// details and timeline and always passed through the redactor first: a row
// per complaint (list and event stream) and a frame for the chosen one.
import type { ComplaintSummary, DeadlineView, TimelineEntry } from '../adapters/types.js';
import type { ComplaintDetails } from '../desk/view.js';
import type { Redactor } from '../desk/redact.js';

/** A complaint in the list and on the event stream. */
export interface FlowRow {
  id: string;
  version: number;
  /** The active state's path in the chart: `open.investigating.verifying`, `closed`. */
  path: string;
  stage: string;
  step: string;
  status: ComplaintSummary['status'];
  severity: string | null;
  escalationLevel: number;
  breached: boolean;
  atRisk: boolean;
  nextDeadline: number | null;
  filedAt: number;
  updatedAt: number;
  /** Timers fired in this commit (`sla.due`, `xstate.after.reopenWindowEnd.closed`); empty in the list. */
  fired: string[];
}

/** The chosen complaint: its row with more facts, its deadlines and its timeline. */
export interface FlowFrame {
  complaint: FlowRow & {
    escalationName: string;
    outcome: string | null;
    channel: string;
    customer: { id: string; name: string } & Record<string, unknown>;
    paused: boolean;
    tags: string[];
  };
  deadlines: DeadlineView[];
  /** The latest entries (at most `timelineLimit`), oldest first. */
  timeline: TimelineEntry[];
}

/**
 * The chart path of a complaint's state from its summary's stage and step.
 *
 * @param s - a summary's `status` and `step`
 * @returns the state's path in the chart (open stages sit under `open`)
 * @example
 * chartPath({ status: 'open', step: 'triage' });   // 'open.triage'
 * chartPath({ status: 'closed', step: 'closed' }); // 'closed'
 */
export const chartPath = (s: Pick<ComplaintSummary, 'status' | 'step'>): string => (s.status === 'open' ? `open.${s.step}` : s.step);

/** A row for a summary; `timeline` (a commit's entries) names the timers it fired. */
export function rowOf(s: ComplaintSummary, timeline: readonly TimelineEntry[] = []): FlowRow {
  return {
    id: s.id,
    version: s.version,
    path: chartPath(s),
    stage: s.stage,
    step: s.step,
    status: s.status,
    severity: s.severity,
    escalationLevel: s.escalationLevel,
    breached: s.breached,
    atRisk: s.atRisk,
    nextDeadline: s.nextDeadline,
    filedAt: s.filedAt,
    updatedAt: s.updatedAt,
    fired: timeline.filter((e) => e.kind === 'timer').map((e) => e.type),
  };
}

/** The frame of a complaint, redacted. */
export function frameOf(d: ComplaintDetails, timeline: readonly TimelineEntry[], timelineLimit: number, redact: Redactor): FlowFrame {
  const frame: FlowFrame = {
    complaint: {
      ...rowOf(d),
      escalationName: d.escalationName,
      outcome: d.outcome,
      channel: d.channel,
      customer: { ...d.customer },
      paused: d.paused,
      tags: [...d.tags],
    },
    deadlines: d.deadlines,
    timeline: timeline.slice(-timelineLimit),
  };
  return redact(frame as unknown as Record<string, unknown>) as unknown as FlowFrame;
}
