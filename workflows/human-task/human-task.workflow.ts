import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { TaskTransition } from '../../activities/human-task/task-inbox.activities';
import {
  checkAssign,
  checkAttributesChange,
  checkClaim,
  checkCompletion,
  checkDelegate,
  checkUnclaim,
  EXPIRED_OUTCOME,
  type HumanTask,
  type HumanTaskInput,
  type TaskResult,
} from '../../domain/human-task';
import { escalate, nextDeadline } from '../../domain/task-sla';
import {
  TaskAssigneeKey,
  TaskCandidateGroupsKey,
  TaskDueAtKey,
  TaskPriorityKey,
  TaskProcessIdKey,
  TaskStateKey,
  TaskTypeKey,
} from '../../domain/search-attributes';
import { enforce } from '../shared/domain-failure';
import {
  assignTaskUpdate,
  changeTaskAttributesUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  delegateTaskUpdate,
  getTaskQuery,
  unclaimTaskUpdate,
  withdrawTaskSignal,
  type AssignTaskInput,
  type ChangeTaskAttributesInput,
  type ClaimTaskInput,
  type CompleteTaskInput,
  type DelegateTaskInput,
  type UnclaimTaskInput,
} from './human-task.contract';

const { recordTaskTransition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});

/** Running instances recorded before SLA timers existed wait without them (replay-safe). */
const SLA_PATCH = 'human-task-sla';
/** Instances recorded before projection writes were serialized keep writing them concurrently. */
const SERIAL_PROJECTION_PATCH = 'human-task-serial-projection';

/**
 * One human task: its own workflow (id = task id), started as a child by the process that needs it.
 * Every operation is an Update whose validator runs the domain rule before anything enters
 * history; every transition reaches search attributes, the inbox projection and the audit trail.
 * Past its due date the task escalates as its process declared; past its final deadline it expires.
 */
export async function humanTaskWorkflow(input: HumanTaskInput): Promise<TaskResult> {
  const now = () => new Date().toISOString();
  const task: HumanTask = {
    ...input,
    priority: input.priority ?? 50,
    state: input.assignee ? 'claimed' : 'open',
    createdAt: now(),
    revision: 1,
  };
  /** Bumped when dates change, so the SLA wait re-arms its timer. */
  let schedule = 0;
  /** Why the process withdraws the task, when it does (the cancellation that follows carries no reason). */
  let withdrawReason: string | undefined;

  const publish = async (transition: Omit<TaskTransition, 'at'>) => {
    task.revision += 1;
    await record({ ...transition, at: now() });
  };
  /**
   * Projection writes go out one at a time, in revision order: two updates handled at once must
   * not race to write the inbox record, since its store applies writes by id only (FerretDB pushes
   * no other filter down, so a conditional "only if newer" write would scan every task).
   */
  const serialProjection = patched(SERIAL_PROJECTION_PATCH);
  let projectionWrites: Promise<void> = Promise.resolve();
  async function record(transition: TaskTransition) {
    upsertSearchAttributes([
      { key: TaskStateKey, value: task.state },
      { key: TaskTypeKey, value: task.taskType },
      { key: TaskProcessIdKey, value: task.processId },
      { key: TaskCandidateGroupsKey, value: task.candidateGroups },
      { key: TaskPriorityKey, value: task.priority },
      { key: TaskAssigneeKey, value: task.assignee ?? null },
      { key: TaskDueAtKey, value: task.dueAt ? new Date(task.dueAt) : null },
    ]);
    const snapshot = { ...task };
    if (!serialProjection) return recordTaskTransition(snapshot, transition);
    const write = projectionWrites.then(() => recordTaskTransition(snapshot, transition));
    projectionWrites = write.catch(() => undefined);
    return write;
  }

  setHandler(getTaskQuery, () => task);
  // Any client may signal: a malformed payload is ignored rather than failing the workflow task.
  setHandler(withdrawTaskSignal, (input?: { reason?: unknown }) => {
    if (typeof input?.reason === 'string' && input.reason.trim()) withdrawReason = input.reason.slice(0, 500);
  });
  // Each handler changes state before its first await, so a concurrent second call fails validation.
  setHandler(
    claimTaskUpdate,
    async ({ actor }) => {
      if (task.state === 'claimed' && task.assignee === actor.userId) return task;
      task.state = 'claimed';
      task.assignee = actor.userId;
      task.claimedAt = now();
      await publish({ action: 'claimed', actor: actor.userId });
      return task;
    },
    { validator: ({ actor }: ClaimTaskInput) => enforce(() => checkClaim(task, actor)) },
  );
  setHandler(
    unclaimTaskUpdate,
    async ({ actor, reason }) => {
      const previous = task.assignee;
      task.state = 'open';
      task.assignee = undefined;
      task.claimedAt = undefined;
      await publish({ action: 'unclaimed', actor: actor.userId, reason, details: { previousAssignee: previous } });
      return task;
    },
    { validator: ({ actor }: UnclaimTaskInput) => enforce(() => checkUnclaim(task, actor)) },
  );
  setHandler(
    assignTaskUpdate,
    async ({ actor, userId, reason }) => {
      task.state = 'claimed';
      task.assignee = userId;
      task.claimedAt = now();
      task.delegation = undefined;
      await publish({ action: 'assigned', actor: actor.userId, reason, details: { assignee: userId } });
      return task;
    },
    { validator: ({ actor, userId }: AssignTaskInput) => enforce(() => checkAssign(task, actor, userId)) },
  );
  setHandler(
    delegateTaskUpdate,
    async ({ actor, userId, reason }) => {
      task.delegation = { owner: actor.userId, state: 'pending' };
      task.assignee = userId;
      await publish({ action: 'delegated', actor: actor.userId, reason, details: { delegate: userId } });
      return task;
    },
    { validator: ({ actor, userId }: DelegateTaskInput) => enforce(() => checkDelegate(task, actor, userId)) },
  );
  setHandler(
    changeTaskAttributesUpdate,
    async ({ actor, reason, priority, dueAt, followUpAt }) => {
      if (priority !== undefined) task.priority = priority;
      if (dueAt !== undefined) task.dueAt = dueAt ?? undefined;
      if (followUpAt !== undefined) task.followUpAt = followUpAt ?? undefined;
      if (dueAt !== undefined) task.escalatedAt = undefined;
      schedule += 1;
      await publish({ action: 'updated', actor: actor.userId, reason, details: { priority, dueAt, followUpAt } });
      return task;
    },
    { validator: ({ actor, ...change }: ChangeTaskAttributesInput) => enforce(() => checkAttributesChange(task, actor, change)) },
  );
  setHandler(
    completeTaskUpdate,
    async ({ actor, outcome, data }) => {
      if (task.delegation?.state === 'pending') {
        // The delegate's work goes back to the owner, who approves it by completing the task.
        task.delegation = { ...task.delegation, state: 'resolved', resolvedOutcome: outcome, resolvedData: data };
        task.assignee = task.delegation.owner;
        await publish({ action: 'resolved', actor: actor.userId, details: { outcome, owner: task.delegation.owner } });
        return task;
      }
      task.state = 'completed';
      task.assignee = actor.userId;
      task.completedBy = actor.userId;
      task.completedAt = now();
      task.outcome = outcome;
      task.data = data;
      await publish({ action: 'completed', actor: actor.userId, details: { outcome } });
      return task;
    },
    { validator: ({ actor, outcome, data }: CompleteTaskInput) => enforce(() => checkCompletion(task, actor, { outcome, data })) },
  );

  const closed = () => task.state === 'completed' || task.state === 'expired';
  try {
    await record({ action: 'created', actor: 'system', at: task.createdAt });
    if (patched(SLA_PATCH)) {
      await waitWithSla();
    } else {
      await condition(closed);
    }
    await condition(allHandlersFinished);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // The process was cancelled or withdrew the task: say so in the inbox and the audit trail, then close as cancelled.
    task.state = 'cancelled';
    task.cancelReason = withdrawReason ?? 'process cancelled';
    await CancellationScope.nonCancellable(() => publish({ action: 'cancelled', actor: 'system', details: { reason: task.cancelReason } }));
    throw err;
  }
  if (task.state === 'expired') {
    return { outcome: EXPIRED_OUTCOME, data: {}, completedBy: 'system', completedAt: task.expiredAt as string, expired: true };
  }
  return {
    outcome: task.outcome as string,
    data: task.data ?? {},
    completedBy: task.completedBy as string,
    completedAt: task.completedAt as string,
  };

  /** Waits for completion; on the due date escalates once, on the final deadline expires. */
  async function waitWithSla(): Promise<void> {
    for (;;) {
      const deadline = nextDeadline(task);
      const seen = schedule;
      if (!deadline) {
        await condition(() => closed() || schedule !== seen);
      } else {
        await condition(() => closed() || schedule !== seen, Math.max(deadline.at - Date.now(), 1));
      }
      if (closed()) return;
      if (schedule !== seen || !deadline || Date.now() < deadline.at) continue;
      if (deadline.kind === 'escalation') {
        const notified = escalate(task, now());
        await publish({ action: 'escalated', actor: 'system', details: { dueAt: task.dueAt, notified, actions: task.escalation } });
      } else {
        task.state = 'expired';
        task.expiredAt = now();
        await publish({ action: 'expired', actor: 'system', details: { expiresAt: task.expiresAt } });
        return;
      }
    }
  }
}
