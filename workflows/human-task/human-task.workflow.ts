import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { TaskTransition } from '../../activities/human-task/task-inbox.activities';
import { checkClaim, checkCompletion, type HumanTask, type HumanTaskInput, type TaskResult } from '../../domain/human-task';
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
import { claimTaskUpdate, completeTaskUpdate, getTaskQuery, type ClaimTaskInput, type CompleteTaskInput } from './human-task.contract';

const { recordTaskTransition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});


/**
 * One human task: its own workflow (id = task id), started as a child by the process that needs it.
 * Claims and completions are Updates whose validators reject before anything enters history.
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

  /** Search attributes and inbox projection follow every transition. */
  const publish = async (transition: TaskTransition) => {
    upsertSearchAttributes([
      { key: TaskStateKey, value: task.state },
      { key: TaskTypeKey, value: task.taskType },
      { key: TaskProcessIdKey, value: task.processId },
      { key: TaskCandidateGroupsKey, value: task.candidateGroups },
      { key: TaskPriorityKey, value: task.priority },
      ...(task.assignee ? [{ key: TaskAssigneeKey, value: task.assignee }] : []),
      ...(task.dueAt ? [{ key: TaskDueAtKey, value: new Date(task.dueAt) }] : []),
    ]);
    await recordTaskTransition({ ...task }, transition);
  };

  setHandler(getTaskQuery, () => task);
  setHandler(
    claimTaskUpdate,
    async ({ actor }) => {
      if (task.state === 'claimed' && task.assignee === actor.userId) return task;
      task.state = 'claimed';
      task.assignee = actor.userId;
      task.claimedAt = now();
      task.revision += 1;
      await publish({ action: 'claimed', actor: actor.userId, at: task.claimedAt });
      return task;
    },
    { validator: ({ actor }: ClaimTaskInput) => enforce(() => checkClaim(task, actor)) },
  );
  setHandler(
    completeTaskUpdate,
    async ({ actor, outcome, data }) => {
      // State changes before the first await, so a concurrent second completion fails validation.
      task.state = 'completed';
      task.assignee = actor.userId;
      task.completedBy = actor.userId;
      task.completedAt = now();
      task.outcome = outcome;
      task.data = data;
      task.revision += 1;
      await publish({ action: 'completed', actor: actor.userId, at: task.completedAt, details: { outcome } });
      return task;
    },
    { validator: ({ actor, outcome, data }: CompleteTaskInput) => enforce(() => checkCompletion(task, actor, { outcome, data })) },
  );
  try {
    await publish({ action: 'created', actor: 'system', at: task.createdAt });
    await condition(() => task.state === 'completed');
    await condition(allHandlersFinished);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // The process was cancelled: say so in the inbox and the audit trail, then close as cancelled.
    task.state = 'cancelled';
    task.cancelReason = 'process cancelled';
    task.revision += 1;
    await CancellationScope.nonCancellable(() => publish({ action: 'cancelled', actor: 'system', at: now(), details: { reason: task.cancelReason } }));
    throw err;
  }
  return {
    outcome: task.outcome as string,
    data: task.data ?? {},
    completedBy: task.completedBy as string,
    completedAt: task.completedAt as string,
  };
}
