// `redress view`: the flow viewer on localhost (the diagram; with
// --simulate a simulation on virtual time streamed into it), or with --out
// the static diagram written as one HTML file.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { NotFoundError } from '../errors.js';
import type { Desk } from '../desk/desk.js';
import { presets, type PresetName } from '../sla/presets/index.js';
import type { SimulationOptions, SimulationResult } from '../simulation/index.js';
import { createChangeFeed } from '../viewer/feed.js';
import { createFlowViewer } from '../viewer/handler.js';
import type { FlowDesk } from '../viewer/options.js';
import { renderFlowHtml } from '../viewer/static.js';
import { choiceFlag, integerFlag, numberFlag, parse, presetFlag } from './args.js';
import { CommandError } from './commands.js';
import { EXIT_OK, UsageError, type CliIo } from './io.js';

export const viewHelp = `Usage: redress view [options]

Show the complaint statechart in your browser: stages in process order,
steps inside them, every transition with its event and guard, the SLA timer
beside the lifecycle, English and Chinese labels. Served on localhost; no
network resources. With --simulate, a simulation on virtual time streams
into the page (it starts when the page connects) and the page follows its
complaints live. With --out, writes the static diagram as one HTML file.

Options:
  --out <file>          write the static diagram to <file> and exit
  --lang <en|zh>        the page's initial language (default: en)
  --port <n>            port to listen on (default: 4173; 0 picks a free one)
  --host <address>      address to listen on (default: 127.0.0.1)
  --simulate            run a simulation and stream it into the page
  --days <n>            simulated days of arrivals (default: 1)
  --per-day <n>         mean complaints filed per day (default: 24)
  --preset <name>       SLA policy of the simulation (default: guideline)
  --seed <n>            random seed of the simulation (default: 1)
  --speed <n>           virtual seconds per second of wall time (default: 1800;
                        0 runs as fast as it can)
  -h, --help            show this help

Examples:
  redress view --simulate --lang zh
  redress view --out flow.html
`;

/** What tests replace: how the command learns its address, and what stops it. */
export interface ViewDeps {
  /** Called with the page's URL once the server listens. */
  onListening?: (url: string) => void;
  /** Stops the server (default: SIGINT or SIGTERM). */
  signal?: AbortSignal;
  /** The simulation (default: `simulate` from the simulation module). */
  simulate?: (options: SimulationOptions) => Promise<SimulationResult>;
}

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Waits so that virtual time runs at `speed` virtual ms per wall ms; a gap
 * longer than 5 s of wall time is cut short (the run then keeps its pace from there).
 */
function pacer(speed: number): (virtual: number) => Promise<void> {
  let origin: { virtual: number; wall: number } | undefined;
  return async (virtual) => {
    if (speed === 0) return;
    if (!origin || virtual < origin.virtual) {
      origin = { virtual, wall: Date.now() };
      return;
    }
    const wait = origin.wall + (virtual - origin.virtual) / speed - Date.now();
    if (wait <= 0) return;
    await new Promise((r) => setTimeout(r, Math.min(wait, 5_000)));
    if (wait > 5_000) origin = { virtual, wall: Date.now() };
  };
}

/** `redress view` */
export async function viewCommand(args: string[], io: CliIo, deps: ViewDeps = {}): Promise<number> {
  const cmd = 'view';
  const { values } = parse(
    cmd,
    args,
    {
      help: { type: 'boolean', short: 'h' },
      out: { type: 'string' },
      lang: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      simulate: { type: 'boolean' },
      days: { type: 'string' },
      'per-day': { type: 'string' },
      preset: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
    },
    false,
  );
  if (values.help) {
    io.stdout.write(viewHelp);
    return EXIT_OK;
  }
  const language = choiceFlag(cmd, 'lang', values.lang, ['en', 'zh'] as const) ?? 'en';
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (out === '') throw new UsageError(`${cmd}: --out needs a file name`);
  const simulate = values.simulate === true;
  const simFlags = ['days', 'per-day', 'preset', 'seed', 'speed'].filter((f) => values[f] !== undefined);
  if (!simulate && simFlags.length > 0) throw new UsageError(`${cmd}: --${simFlags[0]} needs --simulate`);
  if (out !== undefined && (simulate || values.port !== undefined || values.host !== undefined)) {
    throw new UsageError(`${cmd}: --out writes the static diagram; it takes no --simulate, --port or --host`);
  }

  if (out !== undefined) {
    try {
      await writeFile(resolve(io.cwd ?? process.cwd(), out), renderFlowHtml({ language }));
    } catch (e) {
      throw new CommandError(`${cmd}: cannot write ${out}: ${(e as Error).message}`);
    }
    io.stderr.write(`flow diagram written to ${out}\n`);
    return EXIT_OK;
  }

  const port = integerFlag(cmd, 'port', values.port, 4173, 0, 65535);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  if (host === '') throw new UsageError(`${cmd}: --host needs an address`);
  const days = integerFlag(cmd, 'days', values.days, 1, 1, 366);
  const perDay = numberFlag(cmd, 'per-day', values['per-day'], 24, 10_000);
  const preset: PresetName = presetFlag(cmd, values.preset) ?? 'guideline';
  const seed = integerFlag(cmd, 'seed', values.seed, 1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const speed = numberFlag(cmd, 'speed', values.speed, 1800, 1e9);

  // The simulation creates its desk when it starts; until then the page lists nothing.
  let simDesk: Desk | undefined;
  const feed = createChangeFeed();
  const desk: FlowDesk | undefined = simulate
    ? {
        policy: presets[preset],
        list: (q) => (simDesk ? simDesk.list(q) : Promise.resolve({ items: [] })),
        get: (id, o) => (simDesk ? simDesk.get(id, o) : Promise.reject(new NotFoundError(`no complaint with id ${id}`, id))),
        timeline: (id, o) => (simDesk ? simDesk.timeline(id, o) : Promise.reject(new NotFoundError(`no complaint with id ${id}`, id))),
      }
    : undefined;
  const viewer = createFlowViewer({
    ...(desk ? { desk, changes: feed, follow: true } : {}),
    language,
    title: simulate ? `Complaint flow — simulation (${presets[preset].name}, seed ${seed})` : 'Complaint flow',
  });

  let run: Promise<void> | undefined;
  let stopped = false;
  const startSimulation = () => {
    const pace = pacer(speed / 1000);
    const sim = deps.simulate ?? (async (o: SimulationOptions) => (await import('../simulation/index.js')).simulate(o));
    run = sim({
      seed,
      days,
      perDay,
      preset,
      keepRecords: false,
      keepTimelines: true,
      watch: {
        desk: (d) => {
          simDesk = d;
        },
        commit: async (c) => {
          // Once stopped, the run is held for good: a promise that never settles keeps no process alive.
          if (stopped) return new Promise<void>(() => {});
          feed.publish(c);
          await pace(c.summary.updatedAt);
        },
      },
    }).then(
      (r) => void io.stderr.write(`simulation finished: ${r.counts.filed} complaints filed, ${r.counts.events} events, ${r.counts.timersFired} timers fired\n`),
      (e: unknown) => void io.stderr.write(`redress: view: the simulation failed: ${e instanceof Error ? e.message : String(e)}\n`),
    );
  };

  const server: Server = createServer((req, res) => {
    viewer(req, res);
    if (simulate && !run && new URL(req.url ?? '/', 'http://x').pathname === '/events') startSimulation();
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => ok());
    });
  } catch (e) {
    throw new CommandError(`${cmd}: cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shown}:${address.port}/`;
  io.stdout.write(`flow viewer: ${url}${simulate ? ' (the simulation starts when the page connects)' : ''}\n`);
  if (!loopback.has(host)) io.stderr.write(`note: listening on ${host}, not only this machine: the page shows complaint data (personal data masked) to anyone who reaches it\n`);
  io.stderr.write('Ctrl-C to stop\n');
  deps.onListening?.(url);

  await new Promise<void>((done) => {
    if (deps.signal) {
      if (deps.signal.aborted) return done();
      deps.signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stopped = true;
  viewer.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return EXIT_OK;
}
