import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { HumanTaskInput } from '../../domain/human-task';
import { TaskAssigneeKey, TaskPriorityKey, TaskStateKey } from '../../domain/search-attributes';
import {
  assignTaskUpdate,
  changeTaskAttributesUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  delegateTaskUpdate,
  getTaskQuery,
  unclaimTaskUpdate,
  withdrawTaskSignal,
} from '../../workflows/human-task/human-task.contract';
import { humanTaskWorkflow } from '../../workflows/human-task/human-task.workflow';
import { rejectionCode } from '../support/update-rejection';
import { uniqueName } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { useWorkflowWorker } from './workflow-worker';

const bob = { userId: 'bob', groups: ['marketing-director'] };
const carol = { userId: 'carol', groups: ['marketing-director'] };
const dave = { userId: 'dave', groups: ['analyst'] };
const erin = { userId: 'erin', groups: ['external'] };
const mia = { userId: 'mia', groups: ['marketing-office'] };
const olga = { userId: 'olga', groups: ['ops'] };

const ctx = useWorkflowWorker();

async function startTask(overrides: Partial<HumanTaskInput> = {}): Promise<WorkflowHandle<typeof humanTaskWorkflow>> {
  const taskId = uniqueName('proc').replace(/-/g, '') + '.task-review';
  const input: HumanTaskInput = {
    taskId, processId: taskId.split('.')[0], processType: 'market-strategy', businessKey: 'Test',
    taskType: 'review-market-strategy', title: 'Review', candidateGroups: ['marketing-director'], candidateUsers: ['erin'],
    excludedUsers: ['alice'], managerGroups: ['marketing-office'], outcomes: ['approve', 'reject'],
    formSchema: { type: 'object', properties: { comments: { type: 'string' } } }, ...overrides,
  };
  const handle = await ctx.client.workflow.start(humanTaskWorkflow, { workflowId: taskId, taskQueue: ctx.taskQueue, args: [input] });
  await waitFor('the task to be created', async () => (await handle.query(getTaskQuery)).revision >= 1);
  return handle;
}


const transitions = (taskId: string) => ctx.fakes.calls.taskTransitions.filter((t) => t.task.taskId === taskId).map((t) => t.transition);

test('claim and unclaim: the assignee gives it back; a manager may take it from them; others may not', async () => {
  const task = await startTask();
  await task.executeUpdate(claimTaskUpdate, { args: [{ actor: bob }] });
  expect(await rejectionCode(task.executeUpdate(unclaimTaskUpdate, { args: [{ actor: carol }] }))).toBe('FORBIDDEN');
  const released = await task.executeUpdate(unclaimTaskUpdate, { args: [{ actor: bob, reason: 'on holiday' }] });
  expect(released).toMatchObject({ state: 'open' });
  expect(released.assignee).toBeUndefined();
  expect(await rejectionCode(task.executeUpdate(unclaimTaskUpdate, { args: [{ actor: bob }] }))).toBe('TASK_NOT_OPEN');
  await task.executeUpdate(claimTaskUpdate, { args: [{ actor: carol }] });
  expect((await task.executeUpdate(unclaimTaskUpdate, { args: [{ actor: mia, reason: 'rebalancing' }] })).state).toBe('open');
  expect(transitions(task.workflowId).map((t) => [t.action, t.actor, t.reason])).toEqual([
    ['created', 'system', undefined], ['claimed', 'bob', undefined], ['unclaimed', 'bob', 'on holiday'], ['claimed', 'carol', undefined], ['unclaimed', 'mia', 'rebalancing'],
  ]);
});

test('assign: managers and ops name the assignee, never an excluded user', async () => {
  const task = await startTask();
  expect(await rejectionCode(task.executeUpdate(assignTaskUpdate, { args: [{ actor: bob, userId: 'carol' }] }))).toBe('FORBIDDEN');
  expect(await rejectionCode(task.executeUpdate(assignTaskUpdate, { args: [{ actor: mia, userId: 'alice' }] }))).toBe('EXCLUDED_USER');
  expect(await task.executeUpdate(assignTaskUpdate, { args: [{ actor: mia, userId: 'carol', reason: 'expert' }] })).toMatchObject({ state: 'claimed', assignee: 'carol' });
  expect(await task.executeUpdate(assignTaskUpdate, { args: [{ actor: olga, userId: 'bob' }] })).toMatchObject({ assignee: 'bob' });
  expect(await rejectionCode(task.executeUpdate(completeTaskUpdate, { args: [{ actor: carol, outcome: 'approve', data: {} }] }))).toBe('TASK_CLAIMED_BY_OTHER');
  await waitFor('search attributes to show the assignee', async () => (await task.describe()).typedSearchAttributes.get(TaskAssigneeKey) === 'bob');
});

test('delegate: the delegate resolves, the owner approves by completing', async () => {
  const task = await startTask();
  await task.executeUpdate(claimTaskUpdate, { args: [{ actor: bob }] });
  expect(await rejectionCode(task.executeUpdate(delegateTaskUpdate, { args: [{ actor: carol, userId: 'dave' }] }))).toBe('NOT_ASSIGNEE');
  expect(await rejectionCode(task.executeUpdate(delegateTaskUpdate, { args: [{ actor: bob, userId: 'alice' }] }))).toBe('EXCLUDED_USER');
  const delegated = await task.executeUpdate(delegateTaskUpdate, { args: [{ actor: bob, userId: 'dave', reason: 'needs the numbers' }] });
  expect(delegated).toMatchObject({ assignee: 'dave', delegation: { owner: 'bob', state: 'pending' } });
  expect(await rejectionCode(task.executeUpdate(unclaimTaskUpdate, { args: [{ actor: dave }] }))).toBe('TASK_DELEGATED');
  expect(await rejectionCode(task.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] }))).toBe('TASK_CLAIMED_BY_OTHER');

  const resolved = await task.executeUpdate(completeTaskUpdate, { args: [{ actor: dave, outcome: 'approve', data: { comments: 'numbers check out' } }] });
  expect(resolved).toMatchObject({ state: 'claimed', assignee: 'bob', delegation: { state: 'resolved', resolvedOutcome: 'approve', resolvedData: { comments: 'numbers check out' } } });
  const done = await task.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: { comments: 'ok' } }] });
  expect(done).toMatchObject({ state: 'completed', completedBy: 'bob' });
  expect(await task.result()).toMatchObject({ outcome: 'approve', completedBy: 'bob' });
  expect(transitions(task.workflowId).map((t) => t.action)).toEqual(['created', 'claimed', 'delegated', 'resolved', 'completed']);
});

test('candidate users act without the group; managers change priority and dates within range', async () => {
  const task = await startTask();
  expect(await task.executeUpdate(claimTaskUpdate, { args: [{ actor: erin }] })).toMatchObject({ assignee: 'erin' });
  expect(await rejectionCode(task.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor: erin, priority: 90 }] }))).toBe('FORBIDDEN');
  expect(await rejectionCode(task.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor: mia, priority: 101 }] }))).toBe('VALIDATION_FAILED');
  expect(await rejectionCode(task.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor: mia, dueAt: 'tomorrow' }] }))).toBe('VALIDATION_FAILED');
  const changed = await task.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor: mia, priority: 90, dueAt: '2030-01-01T00:00:00.000Z', followUpAt: '2029-12-24T00:00:00.000Z', reason: 'board meeting' }] });
  expect(changed).toMatchObject({ priority: 90, dueAt: '2030-01-01T00:00:00.000Z', followUpAt: '2029-12-24T00:00:00.000Z' });
  await waitFor('search attributes to show the new priority', async () => (await task.describe()).typedSearchAttributes.get(TaskPriorityKey) === 90);
  await task.executeUpdate(completeTaskUpdate, { args: [{ actor: erin, outcome: 'reject', data: {} }] });
  expect((await task.describe()).typedSearchAttributes.get(TaskStateKey)).toBe('completed');
  // A completed task's workflow has closed: no operation reaches it any more.
  await expect(task.executeUpdate(claimTaskUpdate, { args: [{ actor: bob }] })).rejects.toThrow(WorkflowNotFoundError);
});

test('updates handled at once write the inbox one at a time, in revision order', async () => {
  ctx.fakes.options.taskWriteMs = 200;
  ctx.fakes.calls.maxTaskWritesInFlight = 0;
  try {
    const task = await startTask();
    await Promise.all([
      task.executeUpdate(claimTaskUpdate, { args: [{ actor: bob }] }),
      task.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor: mia, priority: 90, reason: 'urgent' }] }),
    ]);
    const written = ctx.fakes.calls.taskTransitions.filter((t) => t.task.taskId === task.workflowId);
    expect(written.map((t) => t.task.revision)).toEqual([1, 2, 3]);
    expect(ctx.fakes.calls.maxTaskWritesInFlight).toBe(1);
    // Each write carries the task as it was at its revision.
    expect(written.map((t) => t.transition.action).sort()).toEqual(['claimed', 'created', 'updated']);
    expect(written[2]?.task).toMatchObject({ state: 'claimed', assignee: 'bob', priority: 90 });
  } finally {
    ctx.fakes.options.taskWriteMs = 0;
  }
});

test('a malformed withdraw signal from any client is ignored: the task goes on working', async () => {
  const task = await startTask();
  await task.signal(withdrawTaskSignal, null as never);
  await task.signal(withdrawTaskSignal, { reason: 42 } as never);
  expect(await task.executeUpdate(claimTaskUpdate, { args: [{ actor: bob }] })).toMatchObject({ state: 'claimed', assignee: 'bob' });
});
