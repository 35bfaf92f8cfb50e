/**
 * Watch a complaint in the Stately inspector.
 *
 * Runs one complaint as a live XState actor on virtual time and streams its
 * inspection events over a local WebSocket bridge (`@statelyai/inspect`, an
 * optional peer: `npm install -D @statelyai/inspect`). Personal data is masked
 * before it leaves the process (`inspectorSanitizers()`).
 *
 *   npx tsx examples/inspect.ts --open          # opens http://localhost:8080 (the Stately inspector)
 *   npx tsx examples/inspect.ts                 # runs, checks what an inspector would receive, exits
 *
 * INSPECT_PORT picks another port.
 */
import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import { WebSocket } from 'ws';
import { createActor, SimulatedClock } from 'xstate';
import { complaintMachine, inspectorSanitizers, parseIntake, stepPath, type Actor } from '../src/index.js';

const open = process.argv.includes('--open');
const port = Number(process.env.INSPECT_PORT ?? 8080);
const server = createInspectorServer({ port, autoOpen: open });

// What an inspector UI would receive: a client of the same bridge.
const received: string[] = [];
const receiver = new WebSocket(`ws://localhost:${port}`);
await new Promise<void>((resolve, reject) => {
  receiver.once('open', () => resolve());
  receiver.once('error', reject);
});
receiver.on('message', (data: Buffer) => received.push(data.toString()));

const inspector = createWebSocketInspector({ url: `ws://localhost:${port}`, ...inspectorSanitizers() });

const clock = new SimulatedClock();
const start = Date.parse('2026-11-23T09:00:00+08:00');
clock.set(start);
const customer = { id: 'cust-1', name: 'Li Lei', phone: '13800001234', email: 'li.lei@example.com' };
const actor = createActor(complaintMachine, {
  input: parseIntake({
    customer,
    channel: 'phone',
    description: 'The kettle leaks.',
    demand: 'Replacement',
    emotion: 'anxious',
    motive: 'compensation',
    filedAt: start,
  }),
  clock,
  inspect: inspector.inspect,
}).start();

const agent: Actor = { id: 'agent-wang', role: 'agent' };
const at = () => clock.now();
const step = (minutes: number) => {
  for (let i = 0; i < minutes; i++) clock.increment(60_000);
};
step(5);
actor.send({ type: 'ACKNOWLEDGE', at: at(), actor: agent });
step(20);
actor.send({ type: 'TRIAGE', at: at(), actor: agent, categories: ['product_quality'], severity: 'general' });
step(30);
actor.send({ type: 'CONTACT_CUSTOMER', at: at(), actor: agent });
actor.send({ type: 'REQUEST_INFO', at: at(), actor: agent, request: 'A photo of the base, please.' });
step(60);
actor.send({ type: 'PROVIDE_INFO', at: at(), actor: { id: customer.id, role: 'customer' }, info: 'Photo attached.' });
console.log(`complaint is in ${stepPath(actor.getSnapshot())}`);

if (open) {
  console.log(`inspector bridge on http://localhost:${port} — press Ctrl-C to stop`);
} else {
  // Give the WebSocket a moment to flush, bounded by the number of events expected.
  for (let i = 0; i < 100 && received.length < 10; i++) await new Promise((r) => setTimeout(r, 20));
  const leaked = received.filter((m) => m.includes(customer.name) || m.includes(customer.phone) || m.includes(customer.email));
  console.log(`inspection events received: ${received.length}; with personal data: ${leaked.length}`);
  actor.stop();
  inspector.stop();
  receiver.close();
  server.stop();
  if (received.length === 0 || leaked.length > 0) process.exitCode = 1;
}
