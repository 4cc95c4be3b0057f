import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { HumanTaskInput } from '../../domain/human-task';
import type { MarketStrategyDraft } from '../../domain/market-strategy';
import type { ProcessStartArgs } from '../../domain/process';
import { changeTaskAttributesUpdate, claimTaskUpdate, completeTaskUpdate, getTaskQuery, humanTaskId } from '../../workflows/human-task/human-task.contract';
import { humanTaskWorkflow } from '../../workflows/human-task/human-task.workflow';
import { marketStrategyWorkflow } from '../../workflows/market-strategy/market-strategy.workflow';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { uniqueName } from '../support/test-env';
import { startTimeSkippingEnv } from '../support/time-skipping';
import { waitFor } from '../support/wait-for';
import { fakeActivities } from './fake-activities';

/** SLA escalation and expiry over days, on the time-skipping server (one clock for the file). */
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const cmo = { userId: 'claire', groups: ['cmo'] };
const bob = { userId: 'bob', groups: ['marketing-director'] };
const mia = { userId: 'mia', groups: ['marketing-office'] };

let ts: Awaited<ReturnType<typeof startTimeSkippingEnv>>;
let fakes: ReturnType<typeof fakeActivities>;

beforeAll(async () => {
  fakes = fakeActivities();
  ts = await startTimeSkippingEnv(fakes.activities);
}, 60_000);
afterAll(async () => {
  await ts?.stop();
});

const at = async (offsetMs: number) => new Date((await ts.env.currentTimeMs()) + offsetMs).toISOString();

async function startTask(extra: Partial<HumanTaskInput>) {
  const processId = uniqueName('sla').replace(/-/g, '');
  const input: HumanTaskInput = {
    taskId: humanTaskId(processId, 'review-1'), processId, processType: 'market-strategy', businessKey: 'SLA',
    taskType: 'review-market-strategy', title: 'Review', candidateGroups: ['marketing-director'], managerGroups: ['marketing-office'],
    outcomes: ['approve', 'reject'], formSchema: { type: 'object' }, ...extra,
  };
  const handle = await ts.client.workflow.start(humanTaskWorkflow, { workflowId: input.taskId, taskQueue: ts.taskQueue, args: [input] });
  await waitFor('the task to exist', async () => (await handle.query(getTaskQuery)).state === 'open');
  return handle;
}

const actions = (taskId: string) => fakes.calls.taskTransitions.filter((t) => t.task.taskId === taskId).map((t) => t.transition.action);

test('past its due date a task escalates once as declared, and expires at its final deadline', async () => {
  const task = await startTask({
    dueAt: await at(3 * DAY), expiresAt: await at(14 * DAY), priority: 40,
    escalation: [{ type: 'raisePriority', to: 80 }, { type: 'addCandidateGroups', groups: ['cmo'] }, { type: 'notify', users: ['alice'] }],
  });
  expect(await task.executeUpdate(claimTaskUpdate, { args: [{ actor: cmo }] }).catch((e: WorkflowUpdateFailedError) => (e.cause as ApplicationFailure).type)).toBe('NOT_A_CANDIDATE');

  await ts.env.sleep('2 days');
  expect((await task.query(getTaskQuery)).escalatedAt).toBeUndefined();
  await ts.env.sleep(DAY + HOUR);
  const escalated = await task.query(getTaskQuery);
  expect(escalated).toMatchObject({ state: 'open', priority: 80, candidateGroups: ['marketing-director', 'cmo'] });
  expect(Date.parse(escalated.escalatedAt as string)).toBeGreaterThanOrEqual(Date.parse(escalated.dueAt as string));
  const record = fakes.calls.taskTransitions.find((t) => t.task.taskId === task.workflowId && t.transition.action === 'escalated');
  expect(record?.transition.details?.notified).toEqual(['group:cmo', 'user:alice']);

  // Escalated: the CMO's office may act now. Nobody does; at the final deadline it expires.
  await ts.env.sleep('5 days');
  expect(actions(task.workflowId).filter((a) => a === 'escalated')).toHaveLength(1);
  const result = await task.result();
  expect(result).toMatchObject({ outcome: 'expired', expired: true, completedBy: 'system' });
  expect((await task.query(getTaskQuery)).state).toBe('expired');
  expect(actions(task.workflowId)).toEqual(['created', 'escalated', 'expired']);
});

test('a manager moving the due date re-arms the escalation; completing in time escalates nothing', async () => {
  const task = await startTask({ dueAt: await at(1 * DAY), escalation: [{ type: 'reassign', to: 'claire' }] });
  await task.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor: mia, dueAt: await at(4 * DAY), reason: 'waiting for market data' }] });
  await ts.env.sleep('2 days');
  expect((await task.query(getTaskQuery)).escalatedAt).toBeUndefined();
  await ts.env.sleep(2 * DAY + HOUR);
  expect(await task.query(getTaskQuery)).toMatchObject({ state: 'claimed', assignee: 'claire' });

  const onTime = await startTask({ dueAt: await at(2 * DAY), escalation: [{ type: 'raisePriority', to: 90 }] });
  await onTime.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] });
  await onTime.result();
  await ts.env.sleep('3 days');
  expect(actions(onTime.workflowId)).toEqual(['created', 'completed']);
});

async function startStrategy(name: string) {
  const draft = sampleStrategyDraft(name);
  const processId = uniqueName('ms-sla').replace(/-/g, '');
  const args: ProcessStartArgs<MarketStrategyDraft> = { processId, processType: 'market-strategy', owner: 'alice', businessKey: name, input: draft };
  const handle = await ts.client.workflow.start(marketStrategyWorkflow, { workflowId: processId, taskQueue: ts.taskQueue, args: [args] });
  const review = ts.client.workflow.getHandle(humanTaskId(processId, 'review-1'));
  await waitFor('the review task', async () => (await review.query(getTaskQuery)).state === 'open');
  return { handle, review };
}

test('market strategy: an undecided review escalates to the CMO after 3 days, who can approve it', async () => {
  const { handle, review } = await startStrategy('Escalated strategy');
  const task = await review.query(getTaskQuery);
  // Due 3 days after the process asked for the review (the task itself starts a moment later).
  expect(Math.abs(Date.parse(task.dueAt as string) - Date.parse(task.createdAt) - 3 * DAY)).toBeLessThan(60_000);
  expect(task.managerGroups).toEqual(['cmo']);
  await ts.env.sleep(3 * DAY + HOUR);
  expect(await review.query(getTaskQuery)).toMatchObject({ priority: 80, candidateGroups: ['marketing-director', 'cmo'] });
  await review.executeUpdate(completeTaskUpdate, { args: [{ actor: cmo, outcome: 'approve', data: {} }] });
  expect((await handle.result()).status).toBe('completed');
});

test('market strategy: a review left 14 days expires and the strategy is rejected', async () => {
  const { handle } = await startStrategy('Forgotten strategy');
  const view = await handle.result();
  expect(view.status).toBe('rejected');
  expect(view.data.reviewComments).toEqual([expect.objectContaining({ by: 'system', outcome: 'expired' })]);
  expect(fakes.calls.closings).toContainEqual({ strategyId: handle.workflowId, status: 'rejected' });
});
