import { Groups } from './access-policy';
import type { AmountApprovalChain, ApprovalPolicy, SingleApproval } from './approval';

const DAY = 24 * 3600_000;

/** Campaign budgets: a marketing manager under 10 000, plus a director under 100 000, plus finance above. */
const campaignBudget: AmountApprovalChain = {
  kind: 'amountChain',
  taskType: 'approve-campaign-budget',
  currency: 'EUR',
  levels: [
    { below: 10_000, groups: [Groups.marketingManager], title: 'Marketing manager' },
    { below: 100_000, groups: [Groups.marketingDirector], title: 'Marketing director' },
    { groups: [Groups.finance], title: 'Finance' },
  ],
  sla: { dueInMs: 2 * DAY, escalation: [{ type: 'raisePriority', to: 80 }, { type: 'addCandidateGroups', groups: [Groups.cmo] }], expiresInMs: 10 * DAY },
  // Nobody deciding in time rejects a budget, unless it is small enough not to hold the campaign up.
  onExpiry: 'reject',
  autoApproveBelow: 1_000,
};

/** Mass customer communications: one marketing director approves the send. */
const massCommunication: SingleApproval = {
  kind: 'single',
  taskType: 'approve-mass-communication',
  groups: [Groups.marketingDirector],
  sla: { dueInMs: 1 * DAY, escalation: [{ type: 'addCandidateGroups', groups: [Groups.cmo] }], expiresInMs: 3 * DAY },
  onExpiry: 'reject',
};

/**
 * The approval policies of the processes, in one place: workflows name the policy they need and
 * never hard-code approvers or limits. Quorums name people, so they are built per instance
 * (e.g. from the process input) and checked by validateApprovalPolicy when they run.
 */
export const approvalPolicies = { campaignBudget, massCommunication } satisfies Record<string, ApprovalPolicy>;
