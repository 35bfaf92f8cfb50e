// Reading complaints: the store's record, upgraded to this release's machine
// version, resolved into a live snapshot — through a bounded cache of what
// this desk last read or wrote, so that an unchanged complaint costs neither
// decoding nor `resolveState`.
import type { AnyMachineSnapshot } from 'xstate';
import { describeThrown, isRedressError, RecordError } from '../errors.js';
import type { ComplaintRecord, ComplaintStore, PersistedComplaintSnapshot } from '../adapters/types.js';
import type { ComplaintMachine } from '../machine/index.js';
import { MACHINE_VERSION, upgradeMachineState, type SnapshotMigration } from '../machine/migrations.js';

/** A complaint ready for a step: its live snapshot and timers at this release's machine version. */
export interface Restored {
  record: ComplaintRecord;
  snapshot: AnyMachineSnapshot;
  timers: Record<string, number>;
}

/** How many complaints' snapshots a desk keeps by default. */
export const DEFAULT_CACHE_SIZE = 1_000;

/** The persisted snapshot's empty parts, shared by every record (frozen). */
const EMPTY: Record<string, never> = Object.freeze({});

/**
 * Build the persisted snapshot directly (equivalent to
 * `machine.getPersistedSnapshot(snapshot)` for this machine, which has no
 * children and no history states; a test checks they are equal).
 */
export function persist(snapshot: AnyMachineSnapshot): PersistedComplaintSnapshot {
  const s = snapshot as AnyMachineSnapshot & { error?: unknown };
  return {
    status: s.status,
    output: s.output,
    error: s.error,
    value: s.value as PersistedComplaintSnapshot['value'],
    historyValue: EMPTY,
    context: s.context as PersistedComplaintSnapshot['context'],
    children: EMPTY,
  };
}

export function createSnapshots(deps: {
  machine: ComplaintMachine;
  store: ComplaintStore;
  migrations: Readonly<Record<number, SnapshotMigration>>;
  cacheSize?: number;
}) {
  const { machine, store, migrations } = deps;
  const size = deps.cacheSize ?? DEFAULT_CACHE_SIZE;
  const recent = new Map<string, Restored>();

  const remember = (r: Restored) => {
    recent.delete(r.record.id);
    recent.set(r.record.id, r);
    if (recent.size > size) recent.delete(recent.keys().next().value as string);
  };

  /** The stored record, from the cache when the store says it is unchanged. */
  async function read(id: string): Promise<ComplaintRecord | undefined> {
    const hit = recent.get(id);
    if (hit && store.loadIfNewer) {
      const r = await store.loadIfNewer(id, hit.record.version);
      return r === 'unchanged' ? hit.record : r;
    }
    return store.load(id);
  }

  /** Upgrade and resolve a stored record. @throws RecordError when it cannot be used */
  async function restore(record: ComplaintRecord): Promise<Restored> {
    const hit = recent.get(record.id);
    if (hit && (hit.record === record || (hit.record.version === record.version && record.machineVersion === MACHINE_VERSION))) return hit;
    let persisted = record.snapshot as unknown;
    let timers = record.timers;
    try {
      if (record.machineVersion !== MACHINE_VERSION) {
        const timeline = record.machineVersion < MACHINE_VERSION ? await store.timeline(record.id) : undefined;
        ({ snapshot: persisted, timers } = upgradeMachineState({ snapshot: persisted, timers }, record.machineVersion, migrations, timeline));
      }
      const p = persisted as PersistedComplaintSnapshot;
      if (!p || typeof p !== 'object' || !p.context || typeof p.context !== 'object' || !p.context.sla || !p.context.intake) {
        throw new RecordError('CORRUPT_RECORD', record.id, `complaint ${record.id}: the stored snapshot has no usable context`);
      }
      const snapshot = machine.resolveState(p as Parameters<ComplaintMachine['resolveState']>[0]) as AnyMachineSnapshot;
      const restored: Restored = { record, snapshot, timers };
      remember(restored);
      return restored;
    } catch (e) {
      if (isRedressError(e) && (e.code === 'MACHINE_VERSION' || e.code === 'CORRUPT_RECORD')) {
        throw e instanceof RecordError ? e : new RecordError(e.code, record.id, `complaint ${record.id}: ${e.message}`, { cause: e });
      }
      throw new RecordError('CORRUPT_RECORD', record.id, `complaint ${record.id} cannot be read: ${describeThrown(e)}`, { cause: e });
    }
  }

  return {
    read,
    restore,
    /** The record this desk last read or wrote, without asking the store (it may be stale: commit with its version). */
    cached: (id: string): ComplaintRecord | undefined => recent.get(id)?.record,
    /** After a commit: the new record and its live snapshot. */
    wrote(record: ComplaintRecord, snapshot: AnyMachineSnapshot) {
      remember({ record, snapshot, timers: record.timers });
    },
  };
}
