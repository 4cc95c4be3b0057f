import { DomainError, ErrorCode, type FieldError } from './errors';
import type { EscalationAction } from './human-task';
import type { JsonSchema } from './json-schema';

/**
 * Approval policies: who must approve what, declared per process (domain/approval-policies.ts)
 * and run by workflows/shared/approvals.ts. Pure rules only, so workflows can import them.
 */

/** What an approval task that reached its final deadline counts as: nobody decided in time. */
export type ExpiryRule = 'reject' | 'approve';

/** Deadlines of every approval task of a policy, relative to when the task opens (domain/task-sla.ts). */
export interface ApprovalSla {
  /** Due this long after opening; then `escalation` runs once. */
  dueInMs?: number;
  escalation?: EscalationAction[];
  /** Expires this long after opening; the policy's `onExpiry` says what that means. */
  expiresInMs?: number;
}

interface ApprovalPolicyBase {
  /** Task type of the approval tasks: inboxes filter on it, task managers are set per type. */
  taskType: string;
  sla?: ApprovalSla;
  /** What an expired approval task counts as; 'reject' when not given. */
  onExpiry?: ExpiryRule;
}

/** One person from the groups (or one of the named users) approves. */
export interface SingleApproval extends ApprovalPolicyBase {
  kind: 'single';
  groups: string[];
  users?: string[];
}

/** `required` of the named `approvers` (user ids) must approve; all are asked at once. */
export interface QuorumApproval extends ApprovalPolicyBase {
  kind: 'quorum';
  approvers: string[];
  required: number;
}

/** One level of an amount chain. */
export interface ApprovalLevel {
  /** Amounts under this need no further level. The last level has none: it takes everything above. */
  below?: number;
  groups: string[];
  title?: string;
}

/** Levels asked one after another; the larger the amount, the more levels (see approvalLevelsFor). */
export interface AmountApprovalChain extends ApprovalPolicyBase {
  kind: 'amountChain';
  levels: ApprovalLevel[];
  currency?: string;
  /** An expired level counts as approved when the amount is under this limit; above it `onExpiry` applies. */
  autoApproveBelow?: number;
}

export type ApprovalPolicy = SingleApproval | QuorumApproval | AmountApprovalChain;

/** What one approval task counted as. `withdrawn`: still open when the decision was made, so cancelled. */
export type ApprovalVote = 'approved' | 'rejected';
export type ApprovalStepOutcome = ApprovalVote | 'withdrawn';

/** One approval task in the audit trail. */
export interface ApprovalStep {
  step: string;
  taskId: string;
  outcome: ApprovalStepOutcome;
  /** Who completed the task; 'system' when it expired or was withdrawn. */
  by: string;
  at: string;
  expired?: boolean;
  /** The level's title in an amount chain. */
  level?: string;
  comments?: string;
}

/** The result of an approval: the decision, who made it, and every task on the way. */
export interface ApprovalDecision {
  decision: ApprovalVote;
  /** The approvers whose votes made the decision ('system' for a task that expired into it). */
  decidedBy: string[];
  steps: ApprovalStep[];
}

export const APPROVAL_OUTCOMES = ['approve', 'reject'] as const;

export const approvalFormSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { comments: { type: 'string', maxLength: 4000, title: 'Comments' } },
};

const isPositive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
const nonEmptyStrings = (values: unknown): boolean =>
  Array.isArray(values) && values.every((v) => typeof v === 'string' && v.length > 0);

function invalid(message: string, errors: FieldError[]): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, errors);
}

function slaErrors(sla: ApprovalSla | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['dueInMs', 'expiresInMs'] as const) {
    if (sla?.[field] !== undefined && !isPositive(sla[field])) errors.push({ path: `/sla/${field}`, message: 'must be a positive number of milliseconds' });
  }
  if (isPositive(sla?.dueInMs) && isPositive(sla?.expiresInMs) && sla.dueInMs >= sla.expiresInMs) {
    errors.push({ path: '/sla/dueInMs', message: 'must be before expiresInMs' });
  }
  return errors;
}

function chainErrors(chain: AmountApprovalChain): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(chain.levels) || chain.levels.length === 0) return [{ path: '/levels', message: 'must have at least one level' }];
  let previous = 0;
  chain.levels.forEach((level, i) => {
    const path = `/levels/${i}`;
    if (!nonEmptyStrings(level.groups) || level.groups.length === 0) errors.push({ path: `${path}/groups`, message: 'must name at least one group' });
    const last = i === chain.levels.length - 1;
    if (last) {
      if (level.below !== undefined) errors.push({ path: `${path}/below`, message: 'the last level must be open-ended (no limit)' });
    } else if (!isPositive(level.below)) {
      errors.push({ path: `${path}/below`, message: 'must be a positive amount (only the last level is open-ended)' });
    } else if (level.below <= previous) {
      errors.push({ path: `${path}/below`, message: `must be greater than the previous level's limit (${previous})` });
    } else {
      previous = level.below;
    }
  });
  if (chain.autoApproveBelow !== undefined) {
    if (!isPositive(chain.autoApproveBelow)) errors.push({ path: '/autoApproveBelow', message: 'must be a positive amount' });
    else if (chain.onExpiry === 'approve') errors.push({ path: '/autoApproveBelow', message: 'has no effect when every expired level approves (onExpiry: approve)' });
  }
  return errors;
}

function kindErrors(policy: ApprovalPolicy): FieldError[] {
  switch (policy.kind) {
    case 'single': {
      const users = policy.users ?? [];
      if (!nonEmptyStrings(policy.groups) || !nonEmptyStrings(users)) return [{ path: '/groups', message: 'groups and users must be non-empty names' }];
      return policy.groups.length + users.length === 0 ? [{ path: '/groups', message: 'must name at least one group or user' }] : [];
    }
    case 'quorum': {
      const errors: FieldError[] = [];
      const approvers = nonEmptyStrings(policy.approvers) ? policy.approvers : [];
      if (approvers.length === 0) errors.push({ path: '/approvers', message: 'must name at least one approver (user id)' });
      else if (new Set(approvers).size !== approvers.length) errors.push({ path: '/approvers', message: 'must not name an approver twice' });
      if (!Number.isInteger(policy.required) || policy.required < 1 || policy.required > Math.max(approvers.length, 1)) {
        errors.push({ path: '/required', message: `must be a whole number from 1 to the number of approvers (${approvers.length})` });
      }
      return errors;
    }
    case 'amountChain':
      return chainErrors(policy);
    default:
      return [{ path: '/kind', message: 'must be one of single, quorum, amountChain' }];
  }
}

/** Throws VALIDATION_FAILED listing every problem of the policy. */
export function validateApprovalPolicy(policy: ApprovalPolicy): void {
  const errors: FieldError[] = [];
  if (typeof policy.taskType !== 'string' || policy.taskType.length === 0) errors.push({ path: '/taskType', message: 'must be a task type' });
  if (policy.onExpiry !== undefined && policy.onExpiry !== 'reject' && policy.onExpiry !== 'approve') {
    errors.push({ path: '/onExpiry', message: 'must be reject or approve' });
  }
  errors.push(...slaErrors(policy.sla), ...kindErrors(policy));
  if (errors.length > 0) invalid(`invalid ${String(policy.kind)} approval policy`, errors);
}

export function validateApprovalAmount(amount: unknown): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    invalid('invalid amount to approve', [{ path: '/amount', message: 'must be a finite number, zero or more' }]);
  }
}

/**
 * The levels an amount needs, in the order they approve: every level up to the first whose
 * limit the amount is under (under 10 000: manager; under 100 000: manager, director; else all).
 */
export function approvalLevelsFor(chain: AmountApprovalChain, amount: number): ApprovalLevel[] {
  validateApprovalPolicy(chain);
  validateApprovalAmount(amount);
  const last = chain.levels.findIndex((level) => level.below === undefined || amount < level.below);
  return chain.levels.slice(0, last + 1);
}

/**
 * N of M: approved once `required` approved; rejected as soon as that has become impossible
 * (approvals + still undecided < required); otherwise pending.
 */
export function quorumDecision(approvers: number, required: number, votes: readonly ApprovalVote[]): ApprovalVote | 'pending' {
  if (!Number.isInteger(approvers) || !Number.isInteger(required) || required < 1 || required > approvers) {
    invalid('invalid quorum', [{ path: '/required', message: `must be a whole number from 1 to ${approvers}` }]);
  }
  if (votes.length > approvers) invalid('more votes than approvers', [{ path: '/votes', message: `at most ${approvers}` }]);
  const approvals = votes.filter((v) => v === 'approved').length;
  if (approvals >= required) return 'approved';
  if (approvals + (approvers - votes.length) < required) return 'rejected';
  return 'pending';
}

/** The approvers actually asked: never the requester (four-eyes), and still enough for the quorum. */
export function quorumApprovers(policy: QuorumApproval, requester: string): string[] {
  validateApprovalPolicy(policy);
  const approvers = policy.approvers.filter((a) => a !== requester);
  if (approvers.length < policy.required) {
    invalid('not enough approvers besides the requester', [
      { path: '/approvers', message: `${policy.required} approvals needed but only ${approvers.length} approvers besides ${requester}` },
    ]);
  }
  return approvers;
}

/** What an expired approval task counts as under the policy (and, for amount chains, the amount). */
export function expiredApprovalCountsAs(policy: ApprovalPolicy, amount?: number): ApprovalVote {
  if (policy.kind === 'amountChain' && policy.autoApproveBelow !== undefined && amount !== undefined && amount < policy.autoApproveBelow) return 'approved';
  return policy.onExpiry === 'approve' ? 'approved' : 'rejected';
}

/** What a completed approval task counts as. */
export function approvalVoteOf(outcome: string): ApprovalVote {
  return outcome === 'approve' ? 'approved' : 'rejected';
}
