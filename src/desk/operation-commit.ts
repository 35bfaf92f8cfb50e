// A commit that records an operation on a complaint (a re-delivery, a trend
// alert) without stepping its machine: the record is written back as stored
// — whatever machine version wrote it — with a new version, the summary's
// `updatedAt`, and one audit entry.
import type { Commit, ComplaintRecord, ComplaintSummary, TimelineEntry } from '../adapters/types.js';

/** The audit entry of an operation (the commit fills in complaint, version and seq). */
export type OperationEntry = Pick<TimelineEntry, 'at' | 'type' | 'actor' | 'data'>;

/**
 * @param record - the complaint as stored
 * @param updatedAt - the summary's new `updatedAt` (never before the stored one)
 * @param entry - the operation's audit entry
 * @param extra - the outbox messages, re-queued messages and idempotency record the operation writes
 * @returns the commit, and its summary and timeline for `onCommit`
 */
export function operationCommit(
  record: ComplaintRecord,
  updatedAt: number,
  entry: OperationEntry,
  extra: Partial<Pick<Commit, 'outbox' | 'requeueOutbox' | 'idempotency'>> = {},
): { commit: Commit; summary: ComplaintSummary; timeline: TimelineEntry[] } {
  const version = record.version + 1;
  const summary = { ...record.summary, version, updatedAt };
  const timeline: TimelineEntry[] = [{ complaintId: record.id, version, seq: 0, at: entry.at, kind: 'operation', type: entry.type, actor: entry.actor, data: entry.data }];
  const commit: Commit = {
    expectedVersion: record.version,
    record: { ...record, version, summary },
    timeline,
    armTimers: [],
    disarmTimers: [],
    outbox: extra.outbox ?? [],
    ...(extra.requeueOutbox ? { requeueOutbox: extra.requeueOutbox } : {}),
    ...(extra.idempotency ? { idempotency: extra.idempotency } : {}),
  };
  return { commit, summary, timeline };
}
