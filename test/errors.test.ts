/**
 * The typed errors: one guard per class that recognises its class by code
 * (so it works across the ESM and CJS copies, where instanceof does not),
 * refuses every other class and plain look-alikes, and the structured fields
 * a host maps to HTTP.
 */
import { describe, expect, it } from 'vitest';
import {
  ClockError,
  ConflictError,
  DocumentUnavailableError,
  ForbiddenError,
  InvalidTransitionError,
  isClockError,
  isConflictError,
  isDocumentUnavailableError,
  isForbiddenError,
  isInvalidTransitionError,
  isMachineError,
  isNotFoundError,
  isNotifierError,
  isRecordError,
  isRedressError,
  isRuleViolationError,
  isStoreUnavailableError,
  isValidationError,
  MachineError,
  NotFoundError,
  NotifierError,
  RecordError,
  RuleViolationError,
  StoreUnavailableError,
  ValidationError,
  describeThrown,
} from '../src/index.js';

const samples = {
  validation: new ValidationError('event', [{ code: 'custom', path: ['at'], message: 'bad', input: undefined } as never]),
  forbidden: new ForbiddenError('no', { role: 'customer', eventType: 'APPROVE' }),
  conflict: new ConflictError('moved', { id: 'C1', expectedVersion: 2, actualVersion: 3 }),
  notFound: new NotFoundError('none', 'C9'),
  transition: new InvalidTransitionError('ACCEPT', 'received', ['WITHDRAW']),
  rule: new RuleViolationError('REOPEN', 'reopenWindow', 'the re-open window closed'),
  store: new StoreUnavailableError('down'),
  clock: new ClockError('NaN'),
  machineVersion: new RecordError('MACHINE_VERSION', 'C1', 'newer'),
  corrupt: new RecordError('CORRUPT_RECORD', 'C1', 'unreadable'),
  machine: new MachineError('C1', 'error status'),
  notifier: new NotifierError('C1:1:x:customer:cu1', 'SMTP down'),
  document: new DocumentUnavailableError({ kind: 'followUp', id: 'C1', reason: 'noFollowUp' }, 'no follow-up yet'),
};
const guards: [string, (e: unknown) => boolean, (keyof typeof samples)[]][] = [
  ['isValidationError', isValidationError, ['validation']],
  ['isForbiddenError', isForbiddenError, ['forbidden']],
  ['isConflictError', isConflictError, ['conflict']],
  ['isNotFoundError', isNotFoundError, ['notFound']],
  ['isInvalidTransitionError', isInvalidTransitionError, ['transition']],
  ['isRuleViolationError', isRuleViolationError, ['rule']],
  ['isStoreUnavailableError', isStoreUnavailableError, ['store']],
  ['isClockError', isClockError, ['clock']],
  ['isRecordError', isRecordError, ['machineVersion', 'corrupt']],
  ['isMachineError', isMachineError, ['machine']],
  ['isNotifierError', isNotifierError, ['notifier']],
  ['isDocumentUnavailableError', isDocumentUnavailableError, ['document']],
];

describe('error guards', () => {
  for (const [name, guard, own] of guards) {
    it(`${name} recognises its own class and no other`, () => {
      for (const [key, e] of Object.entries(samples)) expect(guard(e), key).toBe(own.includes(key as keyof typeof samples));
      // A plain object with the same code is not a redress error.
      expect(guard({ code: samples[own[0]!].code, message: 'x' })).toBe(false);
      expect(guard(null)).toBe(false);
    });
  }

  it('every sample is a RedressError with its code and the class name', () => {
    for (const e of Object.values(samples)) {
      expect(isRedressError(e)).toBe(true);
      expect(e.name).toBe(e.constructor.name);
    }
    expect(samples.conflict).toMatchObject({ code: 'CONFLICT', id: 'C1', expectedVersion: 2, actualVersion: 3 });
    expect(samples.machineVersion.code).toBe('MACHINE_VERSION');
    expect(samples.validation.message).toBe('invalid event: at: bad');
  });

  it('describeThrown never throws on hostile values', () => {
    const getterThrows = new Error('x');
    Object.defineProperty(getterThrows, 'message', { get: () => { throw new Error('boom'); } });
    const toStringThrows = { toString: () => { throw new Error('boom'); } };
    for (const v of [Object.create(null), toStringThrows, getterThrows, undefined, 42n]) expect(typeof describeThrown(v)).toBe('string');
    expect(describeThrown(new Error('SMTP down'))).toBe('SMTP down');
  });
});
