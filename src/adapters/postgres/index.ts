// redress/postgres: a ComplaintStore on PostgreSQL, driver-agnostic.
export { postgresStore, type PostgresStore } from './store.js';
export type { PostgresClient } from './client.js';
export type { PostgresStoreOptions } from './names.js';
export { SCHEMA_VERSION } from './migrations.js';
export { postgresScheduler, DEFAULT_WAKE_CHANNEL, type PostgresScheduler, type PostgresSchedulerOptions, type ListenClient } from './notify.js';
