// The words of the customer's own view, in English and Chinese: where the
// complaint stands, what happens next, the messages sent, what the customer
// can do. Plain language, nothing internal (no departments, levels or names).
import type { Outcome } from '../machine/context.js';
import type { EventType } from '../schemas/events.js';

/** Languages of the customer's view. */
export const customerLocales = ['en', 'zh'] as const;
/** A language of the customer's view. */
export type CustomerLocale = (typeof customerLocales)[number];

/** The steps a customer is told apart (stage, or stage.step where the step matters to them). */
export type CustomerStep =
  | 'received'
  | 'triage'
  | 'investigating.contacting'
  | 'investigating.verifying'
  | 'investigating.awaitingInfo'
  | 'resolving.preparing'
  | 'resolving.awaitingCustomer'
  | 'executing'
  | 'followUp'
  | 'closed'
  | 'archived';

interface StepWords {
  stage: string;
  now: string;
  next: string | null;
}

const steps: Record<CustomerLocale, Record<CustomerStep, StepWords>> = {
  en: {
    received: { stage: 'Received', now: 'We have received your complaint.', next: 'We will confirm it and start handling it.' },
    triage: { stage: 'Being assessed', now: 'We are assessing your complaint.', next: 'It will be passed to the team responsible, who will contact you.' },
    'investigating.contacting': { stage: 'Being investigated', now: 'The team responsible has your complaint.', next: 'They will contact you.' },
    'investigating.verifying': { stage: 'Being investigated', now: 'We are looking into what happened.', next: 'We will propose a way to put it right.' },
    'investigating.awaitingInfo': { stage: 'Waiting for you', now: 'We asked you for information.', next: 'Please send us what we asked for.' },
    'resolving.preparing': { stage: 'Preparing a solution', now: 'We are preparing a proposal to resolve your complaint.', next: 'We will send you our proposal.' },
    'resolving.awaitingCustomer': { stage: 'Waiting for your answer', now: 'We have sent you our proposal.', next: 'Please accept it, or tell us what you disagree with.' },
    executing: { stage: 'Putting it right', now: 'We are carrying out the remedy you agreed to.', next: 'We will complete it.' },
    followUp: { stage: 'Checking with you', now: 'The remedy has been carried out.', next: 'We will ask whether you are satisfied.' },
    closed: { stage: 'Closed', now: 'Your complaint is closed.', next: null },
    archived: { stage: 'Closed', now: 'Your complaint is closed.', next: null },
  },
  zh: {
    received: { stage: '已受理', now: '我们已收到您的投诉。', next: '我们将确认受理并开始处理。' },
    triage: { stage: '评估中', now: '我们正在评估您的投诉。', next: '投诉将转交负责部门，由其与您联系。' },
    'investigating.contacting': { stage: '调查中', now: '负责部门已接手您的投诉。', next: '他们将与您联系。' },
    'investigating.verifying': { stage: '调查中', now: '我们正在核实情况。', next: '我们将向您提出处理方案。' },
    'investigating.awaitingInfo': { stage: '等待您的回复', now: '我们已请您提供材料。', next: '请将所需材料发给我们。' },
    'resolving.preparing': { stage: '制定方案中', now: '我们正在制定处理方案。', next: '我们将把方案发送给您。' },
    'resolving.awaitingCustomer': { stage: '等待您确认', now: '我们已向您发送处理方案。', next: '请确认方案，或告诉我们您不同意的地方。' },
    executing: { stage: '方案执行中', now: '我们正在执行您同意的方案。', next: '我们将完成执行。' },
    followUp: { stage: '回访中', now: '方案已执行完毕。', next: '我们将回访，了解您是否满意。' },
    closed: { stage: '已结案', now: '您的投诉已结案。', next: null },
    archived: { stage: '已结案', now: '您的投诉已结案。', next: null },
  },
};

/** The words for a step. */
export const stepWords = (locale: CustomerLocale, step: CustomerStep): StepWords => steps[locale][step];

const outcomes: Record<CustomerLocale, Record<Outcome, string>> = {
  en: {
    resolved: 'Resolved',
    resolved_on_first_contact: 'Resolved when you contacted us',
    withdrawn: 'Withdrawn',
    unresolvable: 'We could not meet your request',
  },
  zh: { resolved: '已解决', resolved_on_first_contact: '首次联系时已解决', withdrawn: '已撤回', unresolvable: '无法满足您的诉求' },
};

/** The words for an outcome. */
export const outcomeWords = (locale: CustomerLocale, outcome: Outcome): string => outcomes[locale][outcome];

const actions: Record<CustomerLocale, Partial<Record<EventType, string>>> = {
  en: {
    PROVIDE_INFO: 'Send the information we asked for',
    ACCEPT: 'Accept the proposal',
    OBJECT: 'Tell us what you disagree with',
    WITHDRAW: 'Withdraw your complaint',
    REOPEN: 'Re-open your complaint',
  },
  zh: { PROVIDE_INFO: '提交所需材料', ACCEPT: '接受方案', OBJECT: '提出异议', WITHDRAW: '撤回投诉', REOPEN: '重新开启投诉' },
};

/** The words for an event the customer may send. */
export const actionWords = (locale: CustomerLocale, type: EventType): string => actions[locale][type] ?? type;

const messages: Record<CustomerLocale, Record<string, string>> = {
  en: {
    'complaint.received': 'We confirmed that we received your complaint.',
    'complaint.acknowledged': 'We acknowledged your complaint.',
    'info.requested': 'We asked you for information.',
    'proposal.sent': 'We sent you our proposal.',
    'execution.progress': 'We told you how the remedy is progressing.',
    'execution.issue': 'We told you about a problem carrying out the remedy.',
    'execution.completed': 'We told you the remedy has been carried out.',
    'sla.extended': 'We told you we need more time.',
    'complaint.closed': 'We told you your complaint is closed.',
  },
  zh: {
    'complaint.received': '我们已确认收到您的投诉。',
    'complaint.acknowledged': '我们已受理您的投诉。',
    'info.requested': '我们请您提供材料。',
    'proposal.sent': '我们已向您发送处理方案。',
    'execution.progress': '我们向您通报了方案执行进展。',
    'execution.issue': '我们告知您方案执行中遇到的问题。',
    'execution.completed': '我们告知您方案已执行完毕。',
    'sla.extended': '我们告知您需要延长处理时间。',
    'complaint.closed': '我们告知您投诉已结案。',
  },
};

/** The words for a message of `kind` sent to the customer. */
export const messageWords = (locale: CustomerLocale, kind: string): string =>
  messages[locale][kind] ?? (locale === 'zh' ? '我们给您发送了一条消息。' : 'We sent you a message.');
