// The BullMQ job of one timer generation: its name and its deterministic id.
import type { TimerJob } from '../../desk/timer-backend.js';

/** The BullMQ job name of every redress timer (what a dashboard shows). */
export const TIMER_JOB_NAME = 'redress.timer';

/**
 * The BullMQ job id of one timer generation: the complaint, the timer key and
 * the instant it is armed for. The same generation always gets the same id,
 * so re-sending it is a no-op (BullMQ ignores an `add` whose id exists); a
 * re-armed timer is a new generation with a new id.
 *
 * BullMQ refuses ids that are integers or contain `:`, so the complaint id and
 * the key are percent-encoded (`encodeURIComponent`, which also encodes the
 * `|` separator) and the id starts with `t|`.
 *
 * @param timer - the complaint, the timer key and the due instant (epoch ms)
 * @returns the job id, e.g. `t|C-1|sla.due|1795510800000`
 * @example
 * const id = timerJobId({ complaintId: 'C-1', key: 'sla.due', dueAt: Date.parse('2026-11-24T09:00:00Z') });
 * // 't|C-1|sla.due|1795510800000'
 */
export function timerJobId(timer: TimerJob): string {
  return `t|${encodeURIComponent(timer.complaintId)}|${encodeURIComponent(timer.key)}|${timer.dueAt}`;
}
