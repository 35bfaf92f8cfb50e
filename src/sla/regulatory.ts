// Combining an internal SLA policy with a regulator's deadline: two clocks
// on one complaint, each paused and extended by its own rules.
import { validationIssue } from '../errors.js';
import type { Calendar } from './calendar.js';
import { definePolicy, type Policy, type PolicyInput, type Target } from './policy.js';

/** Options of {@link withRegulatoryClock}. */
export interface RegulatoryClockOptions {
  /** Recipients of the regulatory clock's warnings and breaches besides the owners (e.g. `['role:director', 'compliance@bank.example']`). */
  notify?: string[];
  /** Whether waiting on the customer pauses the regulatory clock too (default false). */
  pausesWhileWaiting?: boolean;
  /** The combined policy's name (default `"<internal> + <regime>"`). */
  name?: string;
}

/**
 * An internal policy with a regulator's resolution deadline beside it, as
 * the `regulatory` clock. The regime's resolution target (and its extension
 * cap, and who must approve a long extension) become the regulatory rule;
 * its calendars are copied in as `<regime name>/<calendar>` so they never
 * clash with the internal ones. Both clocks then run on every complaint:
 * the internal ones pause while waiting on the customer, re-grant time
 * after a breach and follow severity; the regulatory one does none of
 * that, and moves only by an `EXTEND` with `clock: 'regulatory'`.
 *
 * @param internal - the internal policy (or its input), e.g. `presets.guideline`
 * @param regime - a policy whose `resolution` target is the regulatory deadline, e.g. `presets.psd2`
 * @param options - recipients, pausing, name
 * @returns the combined, validated policy
 * @throws ValidationError when the regime has no single resolution target
 * @example
 * const policy = withRegulatoryClock(presets.guideline, presets.psd2, { notify: ['role:director'] });
 * policy.regulatory?.deadline; // { within: { workingDays: 15 }, calendar: 'eu-psd2-art101/business' }
 */
export function withRegulatoryClock(internal: Policy | PolicyInput, regime: Policy, options: RegulatoryClockOptions = {}): Policy {
  const base = definePolicy(internal);
  const rule = regime.targets.resolution;
  if (!rule || !('within' in rule)) {
    throw validationIssue('policy', ['regulatory'], `the regime ${regime.name} has no single resolution target to use as the regulatory deadline`);
  }
  const calendars: Record<string, Calendar> = { ...base.calendars };
  const rename = (t: Target): Target => {
    const name = t.calendar === 'always' ? 'always' : `${regime.name}/${t.calendar}`;
    if (name !== 'always') calendars[name] = regime.calendars[t.calendar]!;
    return { within: t.within, calendar: name };
  };
  const ext = regime.extension;
  return definePolicy({
    ...base,
    name: options.name ?? `${base.name} + ${regime.name}`.slice(0, 100),
    calendars,
    regulatory: {
      name: regime.name,
      source: regime.source,
      deadline: rename(rule),
      extension: ext
        ? { max: rename(ext.max), approvalBeyond: ext.approvalBeyond ? rename(ext.approvalBeyond) : undefined, approvers: [...ext.approvers], note: ext.note }
        : undefined,
      pausesWhileWaiting: options.pausesWhileWaiting ?? false,
      notify: options.notify ?? [],
    },
  });
}
