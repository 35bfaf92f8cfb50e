// The SQL the PostgreSQL store's commit statement runs for graphile-worker,
// inside the same statement as the record write (so in the same transaction,
// and not at all when the commit loses its version race):
// - per armed or re-armed timer: add_job(timer task, {complaintId, key, dueAt},
//   run_at => the due instant, job_key => '<prefix>:<complaint>:<key>',
//   job_key_mode => 'replace'): one job per timer, moved when it is re-armed;
// - per disarmed timer: remove_job(that key) (a job already running is left
//   to finish: the desk finds its timer gone and does nothing);
// - when messages were queued: one dispatch job, its key one of a few shards
//   ('<prefix>:dispatch:<n>') so that concurrent commits do not all wait on
//   one job row, in its own named queue (graphile-worker runs one job of a
//   queue at a time), so that deliveries never take every job slot from the
//   timers; each dispatch job delivers every due message.
// Job keys are unambiguous: the prefix has no ':', timer keys (machine names
// such as `sla.due`) have none, so the complaint id is what lies between the
// first and the last ':'. Strings are passed as the store encodes them
// (text.ts); the tasks decode them.
import type { TimerSql } from '../postgres/commit.js';
import type { WorkerSettings } from './options.js';

export function graphileTimerSql(s: WorkerSettings): TimerSql {
  const schema = `"${s.workerSchema}"`;
  const key = `'${s.keyPrefix}:' || complaint_id || ':' || key`;
  return {
    armed: (rel) =>
      `SELECT ${schema}.add_job('${s.timerTask}', json_build_object('complaintId', complaint_id, 'key', key, 'dueAt', due_at),
        run_at => to_timestamp(due_at / 1000.0), max_attempts => ${s.maxAttempts}, job_key => ${key}, job_key_mode => 'replace') FROM ${rel}`,
    disarmed: (rel) => `SELECT ${schema}.remove_job(${key}) FROM ${rel}`,
    outbox: (rel) =>
      `SELECT ${schema}.add_job('${s.dispatchTask}', '{}'::json, queue_name => '${s.dispatchTask}', run_at => to_timestamp(min(available_at) / 1000.0),
        job_key => '${s.keyPrefix}:dispatch:' || (abs(hashtext(min(id))) % ${s.dispatchShards}), job_key_mode => 'replace')
        FROM ${rel} HAVING count(*) > 0`,
  };
}
