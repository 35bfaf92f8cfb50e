/**
 * The service's notifier: one JSON line per message,
 * `{"type":"notification","id":…,"kind":…,"recipient":…,"complaintId":…,"payload":…}`,
 * on stdout by default — where a log shipper can pick it up, next to the
 * server's JSON request logs. A real host sends e-mail, SMS or webhooks here
 * instead, de-duplicating on `message.id` (delivery is at least once).
 * Payloads arrive already masked by the desk (`maskPersonalData`).
 */
import type { Notifier } from '../../src/index.js';

/**
 * @param write - where each line goes (default: stdout)
 * @returns the notifier
 */
export function jsonLinesNotifier(write: (line: string) => void = (line) => process.stdout.write(line)): Notifier {
  return {
    async send(message) {
      const { id, kind, recipient, complaintId, payload } = message;
      write(`${JSON.stringify({ type: 'notification', id, kind, recipient, complaintId, payload })}\n`);
    },
  };
}
