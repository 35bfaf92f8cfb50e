// China NFRA (formerly CBIRC) 2020 measures on consumer-complaint handling
// (银行业保险业消费投诉处理管理办法, CBIRC Order 2020 No. 3): the extension
// log. Art. 18: decide and inform within 15 days of receipt; complex cases
// may be extended to 30 days; especially complex ones by a further 30 days,
// with approval by a higher-level office or a head-office senior manager, and
// the complainant must be told. Art. 21: keep proof of every notice. Art. 43:
// days are natural days.
import { z } from 'zod';
import { outboxMessageId } from '../desk/outbox.js';
import { customerAddressFor } from '../machine/effects.js';
import type { Role } from '../schemas/common.js';
import type { ClockName } from '../schemas/events.js';
import type { Channel } from '../schemas/intake.js';
import { parseWith } from '../schemas/parse.js';
import type { ExtensionRule, Policy } from '../sla/policy.js';
import { nfra2020 } from '../sla/presets/regulatory.js';
import { addWorkingTime } from '../sla/working-time.js';
import { csvLines, type CsvColumn } from './csv.js';
import { isoInstant, localDay } from './days.js';
import { factsOf, type ExtensionFact } from './facts.js';
import { periodSchema, timeZoneSchema, type PeriodInput } from './period.js';
import { eachRecord, type ReturnRecords } from './records.js';

/** Options of {@link nfraExtensionLog} and {@link nfraExtensionLogCsv}. */
export interface NfraExtensionLogOptions {
  /** Extensions granted in `[from, to)`. */
  period: PeriodInput;
  /**
   * The policy whose extension rules applied (default `presets.nfra2020`):
   * its `extension` for the resolution clock, its `regulatory.extension`
   * for the regulatory clock (`withRegulatoryClock(internal, presets.nfra2020)`).
   */
  policy?: Policy;
  /** Time zone of the day counts (default `Asia/Shanghai`). */
  timeZone?: string;
}

const optionsSchema = z.strictObject({
  period: periodSchema,
  policy: z.custom<Policy>((p) => p !== null && typeof p === 'object' && 'calendars' in p && 'targets' in p && 'name' in p, 'expected a policy from definePolicy()').optional(),
  timeZone: timeZoneSchema.optional(),
});

/** One extension of a complaint's deadline, as the register keeps it. */
export interface NfraExtensionRow {
  complaintId: string;
  /** The clock extended (`resolution`, or `regulatory` beside an internal SLA). */
  clock: ClockName;
  /** When that clock started: receipt, or the re-opening that restarted it (ISO instant). */
  receivedAt: string | null;
  /** The deadline before the extension (ISO instant). */
  from: string | null;
  /** The new deadline (ISO instant). */
  until: string;
  /** Natural days from the date of receipt to the new deadline's date (Art. 43; the day of receipt is not counted). */
  daysFromReceipt: number | null;
  reason: string;
  /** Who extended it (the actor of `EXTEND`: who approved it). */
  extendedBy: string;
  extendedByRole: Role;
  /** The policy's approval limit: an extension past it needs approval (NFRA: 30 days from receipt). */
  approvalLimit: string | null;
  /** Whether this extension goes past the approval limit (the 30 → 60-day step). */
  approvalRequired: boolean;
  /** Whether the extending role is one of the policy's approvers; null when no approval was needed. */
  approvalCounted: boolean | null;
  /** The roles that count as approval (`director`, `executive` by default: the higher-level office / head-office senior manager). */
  approvers: string;
  /** How the complainant was told, when recorded. */
  noticeChannel: Channel | null;
  /** When the complainant was told: the extension's time (the desk sends the `sla.extended` message then). */
  toldAt: string;
  /** The outbox message that told the complainant (deterministic id: complaint, version, kind, recipient). */
  noticeMessageId: string;
}

/** The CSV columns of the extension log. */
export const nfraExtensionColumns: readonly CsvColumn<NfraExtensionRow>[] = [
  { header: 'complaint_id', value: (r) => r.complaintId },
  { header: 'clock', value: (r) => r.clock },
  { header: 'received_at', value: (r) => r.receivedAt },
  { header: 'from', value: (r) => r.from },
  { header: 'until', value: (r) => r.until },
  { header: 'days_from_receipt', value: (r) => r.daysFromReceipt },
  { header: 'reason', value: (r) => r.reason },
  { header: 'extended_by', value: (r) => r.extendedBy },
  { header: 'extended_by_role', value: (r) => r.extendedByRole },
  { header: 'approval_limit', value: (r) => r.approvalLimit },
  { header: 'approval_required', value: (r) => r.approvalRequired },
  { header: 'approval_counted', value: (r) => r.approvalCounted },
  { header: 'approvers', value: (r) => r.approvers },
  { header: 'notice_channel', value: (r) => r.noticeChannel },
  { header: 'told_at', value: (r) => r.toldAt },
  { header: 'notice_message_id', value: (r) => r.noticeMessageId },
];

/** The extension rule of a clock under a policy. */
const ruleOf = (policy: Policy, clock: ClockName): ExtensionRule | undefined =>
  clock === 'resolution' ? policy.extension : clock === 'regulatory' ? policy.regulatory?.extension : undefined;

function rowOf(id: string, customerId: string, x: ExtensionFact, policy: Policy, tz: string): NfraExtensionRow {
  const rule = ruleOf(policy, x.clock);
  const start = x.clockStartedAt;
  const limit = rule?.approvalBeyond && start !== null ? addWorkingTime(policy.calendars[rule.approvalBeyond.calendar]!, start, rule.approvalBeyond.within) : undefined;
  const required = limit !== undefined && x.until > limit;
  return {
    complaintId: id,
    clock: x.clock,
    receivedAt: start === null ? null : isoInstant(start),
    from: x.previousDeadline === null ? null : isoInstant(x.previousDeadline),
    until: isoInstant(x.until),
    daysFromReceipt: start === null ? null : localDay(x.until, tz) - localDay(start, tz),
    reason: x.reason,
    extendedBy: x.by.id,
    extendedByRole: x.by.role,
    approvalLimit: limit === undefined ? null : isoInstant(limit),
    approvalRequired: required,
    approvalCounted: required ? (rule?.approvers ?? []).includes(x.by.role) : null,
    approvers: (rule?.approvers ?? []).join('|'),
    noticeChannel: x.notice,
    toldAt: isoInstant(x.at),
    noticeMessageId: outboxMessageId(id, x.version, 'sla.extended', customerAddressFor(customerId)),
  };
}

/**
 * The extension log: every `EXTEND` granted in the period, with the
 * deadline before and after, who extended it and whether that role counts
 * as the approval the 30 → 60-day step needs, and how and when the
 * complainant was told (the notice channel, the event's time, the outbox
 * message). Streamed as the records come.
 *
 * @param records - complete records with their timelines
 * @param options - period, policy, time zone
 * @returns the rows, in each complaint's order
 * @throws ValidationError for bad options; ReturnInputError for a record it cannot read
 * @example
 * for await (const x of nfraExtensionLog(desk.records({ timeline: true }), { period: { from: '2026-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' } })) console.log(x.complaintId, x.until, x.approvalCounted);
 */
export function nfraExtensionLog(records: ReturnRecords, options: NfraExtensionLogOptions): AsyncGenerator<NfraExtensionRow> {
  const o = parseWith(optionsSchema, 'NFRA extension log options', options);
  const policy = (o.policy as Policy | undefined) ?? nfra2020;
  const tz = o.timeZone ?? 'Asia/Shanghai';
  const { from, to } = o.period;
  return (async function* () {
    for await (const { record } of eachRecord(records)) {
      if (record.receivedAt >= to) continue;
      for (const x of factsOf(record).extensions) if (x.at >= from && x.at < to) yield rowOf(record.id, record.customerId, x, policy, tz);
    }
  })();
}

/**
 * The extension log as CSV lines (header first), streamed.
 *
 * @param records - complete records with their timelines
 * @param options - as {@link nfraExtensionLog}
 * @returns the lines
 * @example
 * for await (const line of nfraExtensionLogCsv(desk.records({ timeline: true }), { period })) out.write(line);
 */
export function nfraExtensionLogCsv(records: ReturnRecords, options: NfraExtensionLogOptions): AsyncGenerator<string> {
  return csvLines(nfraExtensionColumns, nfraExtensionLog(records, options));
}
