// redress/graphile-worker: the desk's timers and deliveries as graphile-worker jobs, enqueued in the commit.
export { graphileWorker, type GraphileWorkerDesk, type GraphileWorkerOptions, type GraphileWorkerPool, type GraphileWorkerLog } from './backend.js';
export { graphileWorkerOptionsSchema } from './options.js';
