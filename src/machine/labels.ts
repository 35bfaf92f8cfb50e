/** English and Chinese labels of a state, and the name of the SLA target that governs it. */
export interface StateMeta {
  en: string;
  zh: string;
  /** The policy target timing this stage, if any. */
  timeLimit?: string;
}

/** Labels of the top-level stages and their steps, used as `meta` on the state nodes. */
export const labels = {
  received: { en: 'Received', zh: '登记受理', timeLimit: 'acknowledge' },
  registered: { en: 'Registered, awaiting acknowledgement', zh: '已登记' },
  triage: { en: 'Triage', zh: '分类分级', timeLimit: 'triage' },
  classifying: { en: 'Classifying category and severity', zh: '分类定级中' },
  investigating: { en: 'Investigating', zh: '核实调查', timeLimit: 'firstContact' },
  contacting: { en: 'Contacting the customer', zh: '联系客户' },
  verifying: { en: 'Verifying and finding the root cause', zh: '核实与原因分析' },
  awaitingInfo: { en: 'Waiting for the customer’s evidence (SLA paused)', zh: '等待客户补充材料（时限暂停）' },
  resolving: { en: 'Resolving', zh: '制定方案', timeLimit: 'proposal' },
  drafting: { en: 'Drafting a remedy', zh: '拟定方案' },
  awaitingApproval: { en: 'Waiting for approval above the proposer’s authority', zh: '待审批' },
  awaitingCustomer: { en: 'Waiting for the customer to accept or object', zh: '待客户确认' },
  executing: { en: 'Executing', zh: '方案执行', timeLimit: 'execution' },
  inProgress: { en: 'Carrying out the remedy', zh: '执行中' },
  followUp: { en: 'Satisfaction follow-up', zh: '满意度回访', timeLimit: 'followUp' },
  pending: { en: 'Follow-up call pending', zh: '待回访' },
  closed: { en: 'Closed (may be re-opened within the window)', zh: '结案' },
  archived: { en: 'Archived', zh: '归档' },
  sla: { en: 'SLA clock', zh: '时限计时' },
  slaIdle: { en: 'No clock counting', zh: '未计时' },
  slaRunning: { en: 'Counting towards the next warning or deadline', zh: '计时中' },
  slaPaused: { en: 'Paused', zh: '暂停计时' },
} as const satisfies Record<string, StateMeta>;

/** Tag carried by every state in which SLA clocks are paused. */
export const SLA_PAUSED_TAG = 'slaPaused';

/** One-line descriptions of the stages (state `description`). */
export const stageDescriptions = {
  received: 'Multi-channel intake with the full record; may be resolved on first contact.',
  triage: 'Classify by category and severity; urgent goes straight to director level.',
  investigating: 'The responsible department contacts the customer, verifies and records the root cause.',
  resolving: 'Propose a remedy (approval above authority); the customer accepts or objects.',
  executing: 'Carry out the accepted remedy by the committed date.',
  followUp: 'Independent satisfaction follow-up.',
} as const;
