// The desk-side hook of the trend detection: a function a host schedules
// (cron, a job engine, setInterval) that runs detectTrends over the desk's
// recent records and raises each new alert through the outbox. Alert ids
// are deterministic and raising is idempotent, so a repeat run — or two
// instances running it at once — notifies nobody twice.
import { z } from 'zod';
import { ClockError } from '../errors.js';
import { detectTrends } from '../analytics/trends.js';
import { dayStart, localDay } from '../analytics/trend-days.js';
import { resolveTrendOptions, type TrendOptions } from '../analytics/trend-options.js';
import type { TrendAlert, TrendReport } from '../analytics/trend-types.js';
import { actorSchema, instantInputSchema, type Actor, type InstantInput } from '../schemas/common.js';
import { parseWith } from '../schemas/parse.js';
import type { Policy } from '../sla/policy.js';
import type { Desk } from './desk.js';

/** Options of {@link watchTrends}: those of `detectTrends` (but the window), and who is told. */
export interface WatchTrendsOptions extends Omit<TrendOptions, 'from' | 'to' | 'policy'> {
  /** Days whose alerts are raised, ending with today (default 2: yesterday and today, so a run after midnight still sees yesterday whole). */
  lookbackDays?: number;
  /**
   * Who is told. Default: a spike goes to the contacts of the ladder's second
   * level (the supervisor in the guideline), a batch to those of the level
   * urgent complaints start at (the director).
   */
  recipients?: { spike?: string[]; batch?: string[] };
  /** Who raises the alerts (default `{ id: 'redress-trends', role: 'system' }`). */
  actor?: Actor;
  /** The run's time (default the desk's clock). */
  now?: InstantInput;
}

/** Result of {@link watchTrends}. */
export interface WatchTrendsResult {
  /** The run's time (epoch ms). */
  now: number;
  /** First instant whose records were read (the baseline before the lookback days). */
  readFrom: number;
  /** First instant whose alerts were raised. */
  alertsFrom: number;
  /** The detection over what was read. */
  report: TrendReport;
  /** Alerts raised by this run (new ones). */
  raised: TrendAlert[];
  /** Alerts raised before (by an earlier run or another instance): nothing sent. */
  known: TrendAlert[];
}

const recipientList = z.array(z.string().min(1).max(200)).min(1).max(20);
const watchSchema = z.looseObject({
  lookbackDays: z.number().int().min(1).max(31).optional(),
  recipients: z.strictObject({ spike: recipientList.optional(), batch: recipientList.optional() }).optional(),
  actor: actorSchema.optional(),
  now: instantInputSchema.optional(),
});

/**
 * The ladder's contacts for a spike (its second level) and a batch (the level urgent complaints start at).
 *
 * @param policy - the desk's policy
 * @returns the recipients of each kind
 * @example
 * defaultAlertRecipients(presets.guideline) // { spike: ['role:supervisor'], batch: ['role:director'] }
 */
export function defaultAlertRecipients(policy: Policy): { spike: string[]; batch: string[] } {
  const levels = policy.escalation.levels;
  const spike = levels[Math.min(1, levels.length - 1)]!.notify;
  const batch = levels[policy.escalation.urgentStartLevel]!.notify;
  return { spike: spike.length > 0 ? [...spike] : ['role:supervisor'], batch: batch.length > 0 ? [...batch] : ['role:director'] };
}

/**
 * Run the trend detection over a desk's recent records and raise each new
 * alert through its outbox (`desk.raiseAlert`): a spike to the supervisor
 * level, a batch of complaints to the director level (the guideline's
 * urgent route), each recorded on the latest complaint it counted. Reads
 * the records of the lookback days plus the baseline window before them
 * (`desk.records`, bounded memory) on the desk's clock, so it runs on
 * virtual time in tests. Schedule it as often as wanted: alert ids are
 * deterministic, so a run repeats nothing an earlier one raised.
 *
 * Messages are delivered by the desk's scheduler (after `start()`) or by
 * `desk.dispatch()`.
 *
 * @param desk - the desk
 * @param options - the detection's options (time zone default: the desk policy's business calendar), lookback days, recipients, actor
 * @returns the report and which alerts were raised now or known already
 * @throws ValidationError for bad options; ClockError when the desk's clock fails; what the store throws
 * @example
 * // every 15 minutes, from the host's scheduler
 * const run = await watchTrends(desk, { dimensions: ['product', 'category'] });
 * for (const a of run.raised) console.log('raised', a.id);
 */
export async function watchTrends(desk: Desk, options: WatchTrendsOptions = {}): Promise<WatchTrendsResult> {
  const { lookbackDays: lb, recipients: to, actor: who, now: at, ...trendOptions } = parseWith(watchSchema, 'watchTrends options', options) as WatchTrendsOptions;
  const resolved = resolveTrendOptions({ ...trendOptions, policy: desk.policy });
  const now = at === undefined ? (await desk.health()).now : (parseWith(instantInputSchema, 'watchTrends options.now', at) as number);
  if (now === null) throw new ClockError('watchTrends: the desk clock gave no valid time (see desk.health().clock)');
  const lookbackDays = lb ?? 2;
  const actor: Actor = who ?? { id: 'redress-trends', role: 'system' };
  const recipients = { ...defaultAlertRecipients(desk.policy), ...to };
  const zone = resolved.timeZone;
  const today = localDay(now, zone);
  const firstAlertDay = today - lookbackDays + 1;
  const alertsFrom = dayStart(firstAlertDay, zone);
  const readFrom = dayStart(firstAlertDay - resolved.params.baselineDays, zone);
  const report = await detectTrends(desk.records({ from: readFrom, to: now + 1 }), { ...trendOptions, policy: desk.policy, from: alertsFrom, to: now + 1 });
  const raised: TrendAlert[] = [];
  const known: TrendAlert[] = [];
  for (const alert of report.alerts) {
    const { lastComplaintId, ...evidence } = alert;
    const r = await desk.raiseAlert(
      {
        id: alert.id,
        complaintId: lastComplaintId,
        kind: alert.kind === 'spike' ? 'trend.spike' : 'trend.batch',
        recipients: alert.kind === 'spike' ? recipients.spike : recipients.batch,
        data: evidence as unknown as Record<string, unknown>,
      },
      { actor },
    );
    (r.raised ? raised : known).push(alert);
  }
  return { now, readFrom, alertsFrom, report, raised, known };
}
