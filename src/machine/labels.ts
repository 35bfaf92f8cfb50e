/** English and Chinese labels of a state, and the name of the SLA target that governs it. */
export interface StateMeta {
  en: string;
  zh: string;
  /** The policy target timing this stage, if any. */
  timeLimit?: string;
}

/** Labels of the stages and their steps, used as `meta` on the state nodes. */
export const labels = {
  open: { en: 'Open', zh: '处理中' },
  received: { en: 'Received, awaiting acknowledgement', zh: '登记受理', timeLimit: 'acknowledge' },
  triage: { en: 'Triage: category and severity', zh: '分类分级', timeLimit: 'triage' },
  investigating: { en: 'Investigating', zh: '核实调查', timeLimit: 'firstContact' },
  contacting: { en: 'Contacting the customer', zh: '联系客户' },
  verifying: { en: 'Verifying and finding the root cause', zh: '核实与原因分析' },
  awaitingInfo: { en: 'Waiting for the customer’s evidence (SLA paused)', zh: '等待客户补充材料（时限暂停）' },
  resolving: { en: 'Resolving', zh: '制定方案', timeLimit: 'proposal' },
  drafting: { en: 'Drafting a remedy', zh: '拟定方案' },
  awaitingApproval: { en: 'Waiting for approval above the proposer’s authority', zh: '待审批' },
  awaitingCustomer: { en: 'Waiting for the customer to accept or object', zh: '待客户确认' },
  executing: { en: 'Executing the remedy', zh: '方案执行', timeLimit: 'execution' },
  followUp: { en: 'Satisfaction follow-up', zh: '满意度回访', timeLimit: 'followUp' },
  closed: { en: 'Closed (may be re-opened within the window)', zh: '结案' },
  archived: { en: 'Archived', zh: '归档' },
} as const satisfies Record<string, StateMeta>;

/** Tag carried by every state in which SLA clocks are paused. */
export const SLA_PAUSED_TAG = 'slaPaused';
/** Tag carried by every open state (the SLA timer runs while open). */
export const OPEN_TAG = 'open';
