import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ProcessStartArgs } from '../../domain/process';
import type { MarketStrategyDraft } from '../../domain/market-strategy';
import { claimTaskUpdate, completeTaskUpdate, getTaskQuery, humanTaskId } from '../../workflows/human-task/human-task.contract';
import { getProcessQuery } from '../../workflows/shared/process.contract';
import { marketStrategyWorkflow } from '../../workflows/market-strategy/market-strategy.workflow';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { rejectionCode } from '../support/update-rejection';
import { uniqueName } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { useWorkflowWorker } from './workflow-worker';

const alice = { userId: 'alice', groups: ['marketing-manager'] };
const bob = { userId: 'bob', groups: ['marketing-director'] };
const carol = { userId: 'carol', groups: ['marketing-director'] };
const mallory = { userId: 'mallory', groups: ['sales-agent'] };

const ctx = useWorkflowWorker();

async function startStrategy(draft: MarketStrategyDraft = sampleStrategyDraft()) {
  const processId = uniqueName('market-strategy');
  const args: ProcessStartArgs<MarketStrategyDraft> = { processId, processType: 'market-strategy', owner: alice.userId, businessKey: draft.name, input: draft };
  const handle = await ctx.client.workflow.start(marketStrategyWorkflow, { workflowId: processId, taskQueue: ctx.taskQueue, args: [args] });
  return { processId, handle };
}

/** Waits until the process has opened the task of this step. */
async function openTask(processId: string, step: string) {
  const taskId = humanTaskId(processId, step);
  const handle = ctx.client.workflow.getHandle(taskId);
  await waitFor(`task ${taskId}`, async () => (await handle.query(getTaskQuery)).state === 'open' || (await handle.query(getTaskQuery)).state === 'claimed');
  return handle;
}


test('an approved strategy is activated once and the process completes as published', async () => {
  const { processId, handle } = await startStrategy();
  const review = await openTask(processId, 'review-1');
  const task = await review.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] });
  expect(task.state).toBe('completed');
  expect(task.completedBy).toBe('bob');

  const view = await handle.result();
  expect(view.status).toBe('completed');
  expect(view.stage).toBe('published');
  expect(view.data.activation?.segmentSizes).toEqual({ 'young-no-fibre': 10, 'big-families': 20 });
  expect(ctx.fakes.calls.activations.filter((a) => a.strategyId === processId)).toHaveLength(1);
  const actions = ctx.fakes.calls.processEvents.filter((e) => e.processId === processId).map((e) => e.action);
  expect(actions).toEqual(['process.started', 'stage.review', 'stage.activation', 'stage.published', 'process.completed']);
});

test('requested changes go back to the owner, and the revised draft is what gets reviewed and activated', async () => {
  const { processId, handle } = await startStrategy();
  const review1 = await openTask(processId, 'review-1');
  await review1.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'requestChanges', data: { comments: 'Add a business segment' } }] });

  const revision = await openTask(processId, 'revision-1');
  const revisionTask = await revision.query(getTaskQuery);
  expect(revisionTask.assignee).toBe('alice');
  expect(revisionTask.context?.comments).toBe('Add a business segment');
  expect((await handle.query(getProcessQuery)).stage).toBe('revision');

  const revised = sampleStrategyDraft();
  revised.segments.push({ key: 'smb', name: 'Small business', criteria: { attribute: 'customerType', operator: 'eq', value: 'business' } });
  await revision.executeUpdate(completeTaskUpdate, { args: [{ actor: alice, outcome: 'resubmit', data: { draft: revised } }] });

  const review2 = await openTask(processId, 'review-2');
  expect((await review2.query(getTaskQuery)).context?.revision).toBe(2);
  await review2.executeUpdate(completeTaskUpdate, { args: [{ actor: carol, outcome: 'approve', data: { comments: 'Good' } }] });

  const view = await handle.result();
  expect(view.status).toBe('completed');
  expect(view.data.revision).toBe(2);
  expect(view.data.reviewComments.map((c) => c.outcome)).toEqual(['requestChanges', 'approve']);
  expect(ctx.fakes.calls.savedDrafts.filter((d) => d.strategyId === processId).map((d) => d.revision)).toEqual([1, 2]);
  expect(ctx.fakes.calls.activations.find((a) => a.strategyId === processId)?.draft.segments.map((s) => s.key)).toContain('smb');
});

test('a rejected strategy is closed as rejected and nothing is activated', async () => {
  const { processId, handle } = await startStrategy();
  const review = await openTask(processId, 'review-1');
  await review.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'reject', data: { comments: 'Out of budget' } }] });
  const view = await handle.result();
  expect(view.status).toBe('rejected');
  expect(ctx.fakes.calls.closings).toContainEqual({ strategyId: processId, status: 'rejected' });
  expect(ctx.fakes.calls.activations.some((a) => a.strategyId === processId)).toBe(false);
});

test('invalid task operations are rejected with a clear code and leave no trace in history', async () => {
  const { processId, handle } = await startStrategy();
  const review = await openTask(processId, 'review-1');
  const complete = (actor: typeof alice, outcome: string, data: Record<string, unknown>) =>
    rejectionCode(review.executeUpdate(completeTaskUpdate, { args: [{ actor, outcome, data }] }));

  expect(await complete(alice, 'approve', {})).toBe('EXCLUDED_USER');
  expect(await complete(mallory, 'approve', {})).toBe('NOT_A_CANDIDATE');
  expect(await complete(bob, 'publish-now', {})).toBe('OUTCOME_NOT_ALLOWED');
  expect(await complete(bob, 'requestChanges', {})).toBe('FORM_INVALID');
  expect(await complete(bob, 'approve', { comments: 42 })).toBe('FORM_INVALID');
  expect(await rejectionCode(review.executeUpdate(claimTaskUpdate, { args: [{ actor: alice }] }))).toBe('EXCLUDED_USER');

  await review.executeUpdate(claimTaskUpdate, { args: [{ actor: bob }] });
  expect(await rejectionCode(review.executeUpdate(claimTaskUpdate, { args: [{ actor: carol }] }))).toBe('TASK_CLAIMED_BY_OTHER');
  expect(await complete(carol, 'approve', {})).toBe('TASK_CLAIMED_BY_OTHER');

  // Only the one accepted claim is in the task's history.
  const history = await review.fetchHistory();
  const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(accepted).toHaveLength(1);

  await review.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] });
  expect((await handle.result()).status).toBe('completed');
});

test('a resubmitted draft with invalid segment criteria is refused with the offending field', async () => {
  const { processId, handle } = await startStrategy();
  await (await openTask(processId, 'review-1')).executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'requestChanges', data: { comments: 'Tighten it' } }] });
  const revision = await openTask(processId, 'revision-1');
  const bad = sampleStrategyDraft();
  bad.segments[0] = { key: 'x', name: 'X', criteria: { attribute: 'password' as never, operator: 'eq', value: 'x' } };
  try {
    await revision.executeUpdate(completeTaskUpdate, { args: [{ actor: alice, outcome: 'resubmit', data: { draft: bad } }] });
    throw new Error('expected a rejection');
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(failure.type).toBe('FORM_INVALID');
    expect(JSON.stringify(failure.details)).toContain('/data/draft/segments/0/criteria/attribute');
  }
  await revision.executeUpdate(completeTaskUpdate, { args: [{ actor: alice, outcome: 'withdraw', data: {} }] });
  expect((await handle.result()).status).toBe('cancelled');
});

test('of two concurrent completions exactly one wins', async () => {
  const { processId, handle } = await startStrategy();
  const review = await openTask(processId, 'review-1');
  const results = await Promise.allSettled([
    review.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] }),
    review.executeUpdate(completeTaskUpdate, { args: [{ actor: carol, outcome: 'reject', data: { comments: 'no' } }] }),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  const winner = results.find((r) => r.status === 'fulfilled');
  const view = await handle.result();
  expect(view.data.reviewComments).toHaveLength(1);
  expect(view.data.reviewComments[0]?.by).toBe(winner?.status === 'fulfilled' ? winner.value.completedBy : 'none');
});

test('cancelling the process cancels its open task, which leaves the inbox saying why', async () => {
  const { processId, handle } = await startStrategy();
  const review = await openTask(processId, 'review-1');
  await handle.cancel();
  await expect(handle.result()).rejects.toThrow();
  await expect(review.result()).rejects.toThrow();
  expect((await review.describe()).status.name).toBe('CANCELLED');
  expect((await review.query(getTaskQuery)).cancelReason).toBe('process cancelled');
  const last = ctx.fakes.calls.taskTransitions.filter((t) => t.task.taskId === review.workflowId).at(-1);
  expect(last?.transition.action).toBe('cancelled');
  expect(last?.task.state).toBe('cancelled');
  expect(ctx.fakes.calls.closings).toContainEqual({ strategyId: processId, status: 'cancelled' });
  expect((await handle.describe()).status.name).toBe('CANCELLED');
});
