import { definePolicy } from '../policy.js';

/**
 * The default preset: a common enterprise complaint-handling process
 * (receive → triage → verify → propose → confirm → execute → follow up →
 * close) with redress's own default time limits — they come from no
 * regulation. docs/lifecycle.md describes the process and docs/sla.md
 * ("Presets") the numbers; the principles (visibility, responsiveness,
 * objectivity, accountability, continual improvement) are those of
 * ISO 10002:2018, which sets no time limits.
 *
 * Acknowledge within 24 h (24×7); triage within 2 working hours; first
 * contact 30 min for urgent complaints (24×7), 2 working hours otherwise;
 * proposal communicated within 1 working day; follow-up within 3 working days
 * after execution; warning at 80 %; ladder agent → supervisor → director →
 * executive, urgent complaints start at director.
 * Working hours: Mon–Fri 09:00–12:00 and 13:30–18:00, Asia/Shanghai.
 */
export const guidelinePolicy = definePolicy({
  name: 'guideline',
  description: 'Enterprise complaint-handling guideline (receive → classify → verify → propose → confirm → execute → follow up → close).',
  source: 'redress defaults for an enterprise complaint-handling process (docs/sla.md, "Presets"); ISO 10002:2018 principles',
  calendars: {
    business: {
      timeZone: 'Asia/Shanghai',
      week: {
        mon: [['09:00', '12:00'], ['13:30', '18:00']],
        tue: [['09:00', '12:00'], ['13:30', '18:00']],
        wed: [['09:00', '12:00'], ['13:30', '18:00']],
        thu: [['09:00', '12:00'], ['13:30', '18:00']],
        fri: [['09:00', '12:00'], ['13:30', '18:00']],
        sat: [],
        sun: [],
      },
    },
  },
  targets: {
    acknowledge: { within: { hours: 24 }, calendar: 'always' },
    triage: { within: { hours: 2 }, calendar: 'business' },
    firstContact: {
      urgent: { within: { minutes: 30 }, calendar: 'always' },
      general: { within: { hours: 2 }, calendar: 'business' },
      normal: { within: { hours: 2 }, calendar: 'business' },
    },
    proposal: { within: { workingDays: 1 }, calendar: 'business' },
    followUp: { within: { workingDays: 3 }, calendar: 'business' },
  },
  warnings: [0.8],
  escalation: {
    levels: [
      { name: 'agent', notify: ['role:agent'] },
      { name: 'supervisor', notify: ['role:supervisor'], regrant: { within: { hours: 4 }, calendar: 'business' } },
      { name: 'director', notify: ['role:director'], regrant: { within: { hours: 2 }, calendar: 'business' } },
      { name: 'executive', notify: ['role:executive'], regrant: { within: { hours: 1 }, calendar: 'always' } },
    ],
    urgentStartLevel: 'director',
  },
  authority: { agent: 200, handler: 1000, supervisor: 5000, director: 50000, executive: 'unlimited' },
  reopenWindow: { within: { days: 30 }, calendar: 'always' },
});
