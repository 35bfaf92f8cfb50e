import type { CalendarSpec } from '../calendar.js';
import { definePolicy } from '../policy.js';

const allDay = [['00:00', '24:00']] as [string, string][];
/** Every day counts (calendar days), in a time zone. */
const calendarDays = (timeZone: string): CalendarSpec => ({
  timeZone,
  week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
});
/** Business days Monday–Friday, whole days, in a time zone (hosts add public holidays). */
const businessDays = (timeZone: string): CalendarSpec => ({
  timeZone,
  week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: [], sun: [] },
});

/**
 * UK FCA DISP 1.6 — final response within 8 weeks of receipt (DISP 1.6.2R),
 * calendar weeks. Early-resolution fast path: a complaint resolved by the
 * close of business on the third business day following receipt may be
 * closed with a summary resolution communication (DISP 1.5.1R, 1.6.1R).
 * Counts calendar days (8 weeks) and business days (fast path).
 */
export const fcaDisp = definePolicy({
  name: 'uk-fca-disp',
  description: 'UK FCA DISP 1.6: 8 weeks final response; summary resolution by the end of the 3rd business day.',
  source: 'FCA Handbook DISP 1.5.1R, 1.6.1R, 1.6.2R',
  calendars: { calendar: calendarDays('Europe/London'), business: businessDays('Europe/London') },
  targets: { resolution: { within: { days: 56 }, calendar: 'calendar' } },
  fastPath: { within: { within: { endOfWorkingDay: 3 }, calendar: 'business' }, note: 'summary resolution communication (DISP 1.5)' },
});

/**
 * EU PSD2 art. 101(2) — reply within 15 business days of receipt; in
 * exceptional situations a holding reply may extend it to at most 35
 * business days. Counts business days (hosts add the member state's holidays).
 */
export const psd2 = definePolicy({
  name: 'eu-psd2-art101',
  description: 'EU PSD2 art. 101: 15 business days, up to 35 with a holding reply.',
  source: 'Directive (EU) 2015/2366, Article 101(2)',
  calendars: { business: businessDays('Europe/Brussels') },
  targets: { resolution: { within: { workingDays: 15 }, calendar: 'business' } },
  extension: { max: { within: { workingDays: 35 }, calendar: 'business' }, note: 'holding reply with reasons (art. 101(2))' },
});

/**
 * US CFPB complaint portal — companies respond within 15 calendar days and
 * may mark a complaint "in progress", with a final response within 60
 * calendar days. Counts calendar days.
 */
export const cfpb = definePolicy({
  name: 'us-cfpb-portal',
  description: 'US CFPB portal: 15 calendar days, 60 when in progress.',
  source: 'CFPB company portal manual (response within 15 days; final response within 60 days)',
  calendars: { calendar: calendarDays('America/New_York') },
  targets: { resolution: { within: { days: 15 }, calendar: 'calendar' } },
  extension: { max: { within: { days: 60 }, calendar: 'calendar' }, note: '"in progress" response' },
});

/**
 * Australia ASIC RG 271 — acknowledge within 24 hours or one business day
 * (RG 271.45); IDR response within 30 calendar days (RG 271.55). Complaints
 * resolved to the complainant's satisfaction by the end of the fifth business
 * day need no written IDR response (RG 271.52): the early-resolution fast path.
 */
export const asicRg271 = definePolicy({
  name: 'au-asic-rg271',
  description: 'Australia ASIC RG 271: acknowledge within 1 business day, respond within 30 calendar days.',
  source: 'ASIC Regulatory Guide 271, RG 271.45, RG 271.52, RG 271.55',
  calendars: { calendar: calendarDays('Australia/Sydney'), business: businessDays('Australia/Sydney') },
  targets: {
    acknowledge: { within: { workingDays: 1 }, calendar: 'business' },
    resolution: { within: { days: 30 }, calendar: 'calendar' },
  },
  fastPath: { within: { within: { endOfWorkingDay: 5 }, calendar: 'business' }, note: 'no written IDR response needed (RG 271.52)' },
});

/**
 * China NFRA (formerly CBIRC) 2020 measures on consumer-complaint handling by
 * banking and insurance institutions (银行保险机构消费投诉处理管理办法, art. 18):
 * decide and inform within 15 days of receipt; complex cases may be extended
 * to 30 days, and, with approval, to 60 days. Counts calendar days.
 */
export const nfra2020 = definePolicy({
  name: 'cn-nfra-2020',
  description: 'China NFRA 2020 measures: 15 days, 30 for complex cases, 60 with approval.',
  source: '银行保险机构消费投诉处理管理办法 (CBIRC Order 2020 No. 3), art. 18',
  calendars: { calendar: calendarDays('Asia/Shanghai') },
  targets: { resolution: { within: { days: 15 }, calendar: 'calendar' } },
  extension: {
    max: { within: { days: 60 }, calendar: 'calendar' },
    approvalBeyond: { within: { days: 30 }, calendar: 'calendar' },
    note: '30 days for complex cases; 60 with approval',
  },
});
