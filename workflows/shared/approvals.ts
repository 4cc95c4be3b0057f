import { CancellationScope, getExternalWorkflowHandle, isCancellation } from '@temporalio/workflow';
import {
  APPROVAL_OUTCOMES,
  approvalFormSchema,
  approvalLevelsFor,
  approvalVoteOf,
  expiredApprovalCountsAs,
  quorumApprovers,
  quorumDecision,
  validateApprovalAmount,
  validateApprovalPolicy,
  type AmountApprovalChain,
  type ApprovalDecision,
  type ApprovalPolicy,
  type ApprovalStep,
  type ApprovalVote,
  type QuorumApproval,
  type SingleApproval,
} from '../../domain/approval';
import type { HumanTaskSpec, TaskResult } from '../../domain/human-task';
import { humanTaskId, withdrawTaskSignal } from '../human-task/human-task.contract';
import { enforce } from './domain-failure';
import type { createProcessRuntime } from './process-runtime';

/** The part of the process runtime approvals use. */
export type ApprovalRuntime = Pick<ReturnType<typeof createProcessRuntime>, 'view' | 'record' | 'runHumanTask'>;

/** What the process asks approval for. */
export interface ApprovalRequest {
  /** Prefix of the approval tasks' step names, unique per process (e.g. `budget-1`). */
  step: string;
  /** Who asks: never one of the approvers (four-eyes). */
  requester: string;
  title: string;
  description?: string;
  /** Business data the approvers need to see. */
  context?: Record<string, unknown>;
  /** Needed by amount chains: decides the levels, and what an expired level means. */
  amount?: number;
}

/** One approval task of the policy, with its deadlines counted from now. */
function approvalTask(policy: ApprovalPolicy, request: ApprovalRequest, task: Pick<HumanTaskSpec, 'title' | 'candidateGroups' | 'candidateUsers' | 'excludedUsers' | 'context'>): HumanTaskSpec {
  const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
  const { dueInMs, escalation, expiresInMs } = policy.sla ?? {};
  return {
    taskType: policy.taskType,
    ...(request.description !== undefined && { description: request.description }),
    ...task,
    outcomes: [...APPROVAL_OUTCOMES],
    formSchema: approvalFormSchema,
    ...(dueInMs !== undefined && { dueAt: inFuture(dueInMs) }),
    ...(escalation && { escalation }),
    ...(expiresInMs !== undefined && { expiresAt: inFuture(expiresInMs) }),
  };
}

/** A finished approval task: it counted as a vote. */
type VoteStep = ApprovalStep & { outcome: ApprovalVote };

/** The audit record of a finished approval task. */
function stepOf(process: ApprovalRuntime, step: string, result: TaskResult, expiredAs: ApprovalVote): VoteStep {
  const comments = result.data.comments;
  return {
    step,
    taskId: humanTaskId(process.view.processId, step),
    outcome: result.expired ? expiredAs : approvalVoteOf(result.outcome),
    by: result.completedBy,
    at: result.completedAt,
    ...(result.expired && { expired: true }),
    ...(typeof comments === 'string' && { comments }),
  };
}

/** Records the decision in the audit trail (actor: whoever settled it) and returns it. */
async function decide(process: ApprovalRuntime, policy: ApprovalPolicy, request: ApprovalRequest, decision: ApprovalDecision): Promise<ApprovalDecision> {
  await process.record(`approval.${decision.decision}`, decision.decidedBy.at(-1) ?? 'system', {
    approval: request.step,
    policy: policy.kind,
    ...(request.amount !== undefined && { amount: request.amount }),
    ...decision,
  });
  return decision;
}

/** One person from the policy's groups or users decides; the requester may not. */
export async function requestSingleApproval(process: ApprovalRuntime, policy: SingleApproval, request: ApprovalRequest): Promise<ApprovalDecision> {
  enforce(() => validateApprovalPolicy(policy));
  const result = await process.runHumanTask(
    request.step,
    approvalTask(policy, request, {
      title: request.title,
      candidateGroups: policy.groups,
      ...(policy.users && { candidateUsers: policy.users }),
      excludedUsers: [request.requester],
      ...(request.context && { context: request.context }),
    }),
  );
  const step = stepOf(process, request.step, result, expiredApprovalCountsAs(policy));
  return decide(process, policy, request, { decision: step.outcome, decidedBy: [step.by], steps: [step] });
}

/**
 * N of M: one task per approver (the requester is never asked), all open at once. As soon as the
 * quorum rule decides, the tasks still open are withdrawn: cancelled through the scope they run in,
 * so they leave the inbox. Cancelling the process cancels that scope too, and this throws.
 */
export async function requestQuorumApproval(process: ApprovalRuntime, policy: QuorumApproval, request: ApprovalRequest): Promise<ApprovalDecision> {
  const approvers = enforce(() => quorumApprovers(policy, request.requester));
  const expiredAs = expiredApprovalCountsAs(policy);
  const steps: ApprovalStep[] = [];
  const votes: ApprovalVote[] = [];
  const open = new Set<string>();
  let decided: ApprovalDecision | undefined;
  const tasks = new CancellationScope();

  async function withdrawOpenTasks(decision: ApprovalVote): Promise<void> {
    const reason = `no longer needed: the approval is already ${decision}`;
    await Promise.all(
      [...open].map((step) =>
        getExternalWorkflowHandle(humanTaskId(process.view.processId, step))
          .signal(withdrawTaskSignal, { reason })
          // The task may have closed meanwhile: then there is nothing to withdraw.
          .catch((err: unknown) => {
            if (isCancellation(err)) throw err;
          }),
      ),
    );
    tasks.cancel();
  }

  async function ask(approver: string, index: number): Promise<void> {
    const step = `${request.step}-${index + 1}`;
    open.add(step);
    let result: TaskResult;
    try {
      result = await tasks.run(() =>
        process.runHumanTask(
          step,
          approvalTask(policy, request, {
            title: `${request.title} (${policy.required} of ${approvers.length} approvers)`,
            candidateGroups: [],
            candidateUsers: [approver],
            excludedUsers: [request.requester],
            context: { ...request.context, required: policy.required, approvers },
          }),
        ),
      );
    } catch (err) {
      if (!(decided && isCancellation(err))) throw err;
      steps.push({ step, taskId: humanTaskId(process.view.processId, step), outcome: 'withdrawn', by: 'system', at: new Date().toISOString() });
      return;
    } finally {
      open.delete(step);
    }
    const vote = stepOf(process, step, result, expiredAs);
    steps.push(vote);
    if (decided) return; // a late vote, after the decision: on record, changes nothing
    votes.push(vote.outcome);
    const status = quorumDecision(approvers.length, policy.required, votes);
    if (status === 'pending') return;
    decided = { decision: status, decidedBy: [...new Set(steps.filter((s) => s.outcome === status).map((s) => s.by))], steps };
    await withdrawOpenTasks(status);
  }

  const asked = await Promise.allSettled(approvers.map(ask));
  // Every task has closed; a failure (e.g. the process was cancelled) is this call's failure.
  const failure = asked.find((a) => a.status === 'rejected');
  if (failure) throw failure.reason;
  if (!decided) throw new Error('quorum undecided after every approver answered'); // cannot happen: quorumDecision decides on a full vote
  return decide(process, policy, request, decided);
}

/**
 * The levels the amount needs, one after another; the first rejection ends the chain. Nobody
 * approves two levels of the same request, and never the requester (four-eyes).
 */
export async function requestAmountApproval(process: ApprovalRuntime, policy: AmountApprovalChain, request: ApprovalRequest): Promise<ApprovalDecision> {
  const amount = request.amount;
  const levels = enforce(() => {
    validateApprovalAmount(amount);
    return approvalLevelsFor(policy, amount);
  });
  const expiredAs = expiredApprovalCountsAs(policy, amount);
  const steps: ApprovalStep[] = [];
  for (const [i, level] of levels.entries()) {
    const step = `${request.step}-level-${i + 1}`;
    const levelTitle = level.title ?? `level ${i + 1}`;
    const approvedBy = steps.filter((s) => !s.expired).map((s) => s.by);
    const result = await process.runHumanTask(
      step,
      approvalTask(policy, request, {
        title: `${request.title}: ${levelTitle} (${i + 1} of ${levels.length})`,
        candidateGroups: level.groups,
        excludedUsers: [request.requester, ...approvedBy],
        context: { ...request.context, amount, currency: policy.currency, level: i + 1, levels: levels.length, approvals: [...steps] },
      }),
    );
    const record = { ...stepOf(process, step, result, expiredAs), level: levelTitle };
    steps.push(record);
    if (record.outcome === 'rejected') return decide(process, policy, request, { decision: 'rejected', decidedBy: [record.by], steps });
  }
  return decide(process, policy, request, { decision: 'approved', decidedBy: [...new Set(steps.map((s) => s.by))], steps });
}

/** Runs whichever policy the process is configured with. */
export function requestApproval(process: ApprovalRuntime, policy: ApprovalPolicy, request: ApprovalRequest): Promise<ApprovalDecision> {
  switch (policy.kind) {
    case 'single':
      return requestSingleApproval(process, policy, request);
    case 'quorum':
      return requestQuorumApproval(process, policy, request);
    case 'amountChain':
      return requestAmountApproval(process, policy, request);
  }
}
