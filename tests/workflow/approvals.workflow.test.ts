import { WorkflowNotFoundError } from '@temporalio/client';
import type { AmountApprovalChain, ApprovalPolicy, QuorumApproval, SingleApproval } from '../../domain/approval';
import type { Actor } from '../../domain/identity';
import type { ProcessStartArgs } from '../../domain/process';
import { completeTaskUpdate, getTaskQuery, humanTaskId } from '../../workflows/human-task/human-task.contract';
import type { ApprovalRequest } from '../../workflows/shared/approvals';
import { uniqueName } from '../support/test-env';
import { rejectionCode } from '../support/update-rejection';
import { waitFor } from '../support/wait-for';
import { approvalHarnessWorkflow, type ApprovalHarnessInput } from './harness/approval-harness.workflow';
import { useWorkflowWorker } from './workflow-worker';

const alice: Actor = { userId: 'alice', groups: ['manager'] };
const bob: Actor = { userId: 'bob', groups: ['manager', 'director'] };
const carol: Actor = { userId: 'carol', groups: ['director'] };
const dan: Actor = { userId: 'dan', groups: ['analyst'] };
const fiona: Actor = { userId: 'fiona', groups: ['finance'] };

const single: SingleApproval = { kind: 'single', taskType: 'approve-mailing', groups: ['manager'] };
const twoOfThree: QuorumApproval = { kind: 'quorum', taskType: 'approve-plan', approvers: ['bob', 'carol', 'dan'], required: 2 };
const budgetChain: AmountApprovalChain = {
  kind: 'amountChain',
  taskType: 'approve-budget',
  currency: 'EUR',
  levels: [
    { below: 10_000, groups: ['manager'], title: 'Manager' },
    { below: 100_000, groups: ['director'], title: 'Director' },
    { groups: ['finance'], title: 'Finance' },
  ],
};

const ctx = useWorkflowWorker(require.resolve('./harness'));

/** Starts a process that asks alice's request for approval under the policy. */
async function requestApproval(policy: ApprovalPolicy, request: Partial<ApprovalRequest> = {}) {
  const processId = uniqueName('approval');
  const input: ApprovalHarnessInput = { policy, request: { step: 'budget', requester: alice.userId, title: 'Approve the spring campaign', ...request } };
  const args: ProcessStartArgs<ApprovalHarnessInput> = { processId, processType: 'approval-harness', owner: alice.userId, businessKey: 'spring', input };
  const handle = await ctx.client.workflow.start(approvalHarnessWorkflow, { workflowId: processId, taskQueue: ctx.taskQueue, args: [args] });
  return { processId, handle };
}

/** Waits until the process has opened the task of this step. */
async function openTask(processId: string, step: string) {
  const handle = ctx.client.workflow.getHandle(humanTaskId(processId, step));
  await waitFor(`task ${handle.workflowId} to open`, async () => ['open', 'claimed'].includes((await handle.query(getTaskQuery)).state));
  return handle;
}

/** Completes the process's task of this step as the actor, and waits for the task to close (so votes arrive in order). */
async function decide(processId: string, step: string, actor: Actor, outcome: 'approve' | 'reject', comments?: string) {
  const task = await openTask(processId, step);
  await task.executeUpdate(completeTaskUpdate, { args: [{ actor, outcome, data: comments ? { comments } : {} }] });
  await task.result();
}

const transitions = (taskId: string) => ctx.fakes.calls.taskTransitions.filter((t) => t.task.taskId === taskId);
const events = (processId: string) => ctx.fakes.calls.processEvents.filter((e) => e.processId === processId);
const taskExists = (processId: string, step: string) =>
  ctx.client.workflow.getHandle(humanTaskId(processId, step)).describe().then(
    () => true,
    (err: unknown) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err as Error)),
  );

describe('single approval', () => {
  test('one member of the groups approves; the decision and its task are on record', async () => {
    const { processId, handle } = await requestApproval(single, { context: { budget: 4_000 } });
    const task = await (await openTask(processId, 'budget')).query(getTaskQuery);
    expect(task).toMatchObject({ taskType: 'approve-mailing', candidateGroups: ['manager'], excludedUsers: ['alice'], outcomes: ['approve', 'reject'], context: { budget: 4_000 } });
    await decide(processId, 'budget', bob, 'approve', 'fine');

    const decision = await handle.result();
    expect(decision).toEqual({
      decision: 'approved',
      decidedBy: ['bob'],
      steps: [{ step: 'budget', taskId: humanTaskId(processId, 'budget'), outcome: 'approved', by: 'bob', at: expect.any(String) as string, comments: 'fine' }],
    });
    const audit = events(processId).find((e) => e.action === 'approval.approved');
    expect(audit).toMatchObject({ actor: 'bob', details: { approval: 'budget', policy: 'single', decidedBy: ['bob'] } });
    expect(events(processId).map((e) => e.action)).toEqual(['stage.approval', 'approval.approved', 'process.completed']);
  });

  test('a rejection rejects; the requester may not decide their own request', async () => {
    const { processId, handle } = await requestApproval(single);
    const task = await openTask(processId, 'budget');
    expect(await rejectionCode(task.executeUpdate(completeTaskUpdate, { args: [{ actor: alice, outcome: 'approve', data: {} }] }))).toBe('EXCLUDED_USER');
    await decide(processId, 'budget', bob, 'reject', 'too early');
    expect(await handle.result()).toMatchObject({ decision: 'rejected', decidedBy: ['bob'], steps: [{ outcome: 'rejected', by: 'bob', comments: 'too early' }] });
    expect(events(processId).map((e) => e.action)).toEqual(['stage.approval', 'approval.rejected', 'process.rejected']);
  });
});

describe('N of M approvers in parallel', () => {
  test('2 of 3 approve: approved at once, and the third task is withdrawn from the inbox', async () => {
    const { processId, handle } = await requestApproval(twoOfThree);
    const tasks = await Promise.all([1, 2, 3].map((n) => openTask(processId, `budget-${n}`)));
    expect(await Promise.all(tasks.map(async (t) => (await t.query(getTaskQuery)).candidateUsers))).toEqual([['bob'], ['carol'], ['dan']]);
    await decide(processId, 'budget-1', bob, 'approve');
    expect((await tasks[2].query(getTaskQuery)).state).toBe('open');
    await decide(processId, 'budget-2', carol, 'approve');

    const decision = await handle.result();
    expect(decision.decision).toBe('approved');
    expect(decision.decidedBy).toEqual(['bob', 'carol']);
    expect(decision.steps.map((s) => [s.step, s.outcome, s.by])).toEqual([
      ['budget-1', 'approved', 'bob'], ['budget-2', 'approved', 'carol'], ['budget-3', 'withdrawn', 'system'],
    ]);
    const third = tasks[2];
    expect((await third.describe()).status.name).toBe('CANCELLED');
    expect((await third.query(getTaskQuery)).cancelReason).toBe('no longer needed: the approval is already approved');
    expect(transitions(third.workflowId).map((t) => [t.transition.action, t.task.state])).toEqual([['created', 'open'], ['cancelled', 'cancelled']]);
    expect(events(processId).find((e) => e.action === 'approval.approved')).toMatchObject({ actor: 'carol', details: { policy: 'quorum', decidedBy: ['bob', 'carol'] } });
  });

  test('2 of 3 reject: rejected as soon as approval has become impossible', async () => {
    const { processId, handle } = await requestApproval(twoOfThree);
    await decide(processId, 'budget-3', dan, 'reject', 'no data');
    await decide(processId, 'budget-1', bob, 'reject');
    const decision = await handle.result();
    expect(decision).toMatchObject({ decision: 'rejected', decidedBy: ['dan', 'bob'] });
    expect(decision.steps.map((s) => [s.step, s.outcome])).toEqual([['budget-3', 'rejected'], ['budget-1', 'rejected'], ['budget-2', 'withdrawn']]);
    expect((await ctx.client.workflow.getHandle(humanTaskId(processId, 'budget-2')).describe()).status.name).toBe('CANCELLED');
  });

  test('the requester is never asked, and may not act on another approver\'s task', async () => {
    const { processId, handle } = await requestApproval({ ...twoOfThree, approvers: ['alice', 'bob', 'carol'] });
    const bobsTask = await openTask(processId, 'budget-1');
    expect((await bobsTask.query(getTaskQuery)).candidateUsers).toEqual(['bob']);
    expect(await rejectionCode(bobsTask.executeUpdate(completeTaskUpdate, { args: [{ actor: alice, outcome: 'approve', data: {} }] }))).toBe('EXCLUDED_USER');
    await decide(processId, 'budget-1', bob, 'approve');
    await decide(processId, 'budget-2', carol, 'approve');
    expect((await handle.result()).steps.map((s) => s.by)).toEqual(['bob', 'carol']);
    expect(await taskExists(processId, 'budget-3')).toBe(false);
  });
});

describe('amount-based chain', () => {
  test('5 000: the manager alone', async () => {
    const { processId, handle } = await requestApproval(budgetChain, { amount: 5_000 });
    const task = await (await openTask(processId, 'budget-level-1')).query(getTaskQuery);
    expect(task).toMatchObject({ candidateGroups: ['manager'], excludedUsers: ['alice'], title: 'Approve the spring campaign: Manager (1 of 1)', context: { amount: 5_000, currency: 'EUR', level: 1, levels: 1 } });
    await decide(processId, 'budget-level-1', bob, 'approve');
    expect(await handle.result()).toMatchObject({ decision: 'approved', decidedBy: ['bob'], steps: [{ step: 'budget-level-1', level: 'Manager', outcome: 'approved' }] });
    expect(await taskExists(processId, 'budget-level-2')).toBe(false);
    expect(events(processId).find((e) => e.action === 'approval.approved')?.details).toMatchObject({ policy: 'amountChain', amount: 5_000 });
  });

  test('50 000: manager, then director, one after the other; nobody approves twice', async () => {
    const { processId, handle } = await requestApproval(budgetChain, { amount: 50_000 });
    await openTask(processId, 'budget-level-1');
    expect(await taskExists(processId, 'budget-level-2')).toBe(false);
    await decide(processId, 'budget-level-1', bob, 'approve');

    const director = await openTask(processId, 'budget-level-2');
    expect(await director.query(getTaskQuery)).toMatchObject({ candidateGroups: ['director'], excludedUsers: ['alice', 'bob'], context: { level: 2, levels: 2 } });
    // bob is a director too, but he approved the first level.
    expect(await rejectionCode(director.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] }))).toBe('EXCLUDED_USER');
    await decide(processId, 'budget-level-2', carol, 'approve');

    const decision = await handle.result();
    expect(decision.decision).toBe('approved');
    expect(decision.steps.map((s) => [s.level, s.by])).toEqual([['Manager', 'bob'], ['Director', 'carol']]);
    expect(decision.decidedBy).toEqual(['bob', 'carol']);
  });

  test('500 000: manager, director and finance', async () => {
    const { processId, handle } = await requestApproval(budgetChain, { amount: 500_000 });
    await decide(processId, 'budget-level-1', bob, 'approve');
    await decide(processId, 'budget-level-2', carol, 'approve');
    expect((await (await openTask(processId, 'budget-level-3')).query(getTaskQuery)).candidateGroups).toEqual(['finance']);
    await decide(processId, 'budget-level-3', fiona, 'approve');
    expect(await handle.result()).toMatchObject({ decision: 'approved', decidedBy: ['bob', 'carol', 'fiona'] });
  });

  test('a rejection at level 2 ends the chain: finance is never asked', async () => {
    const { processId, handle } = await requestApproval(budgetChain, { amount: 500_000 });
    await decide(processId, 'budget-level-1', bob, 'approve');
    await decide(processId, 'budget-level-2', carol, 'reject', 'not this year');
    const decision = await handle.result();
    expect(decision).toMatchObject({ decision: 'rejected', decidedBy: ['carol'] });
    expect(decision.steps.map((s) => [s.level, s.outcome])).toEqual([['Manager', 'approved'], ['Director', 'rejected']]);
    expect(await taskExists(processId, 'budget-level-3')).toBe(false);
    expect(events(processId).find((e) => e.action === 'approval.rejected')).toMatchObject({ actor: 'carol' });
  });

  test('an invalid amount fails the process with VALIDATION_FAILED and asks nobody', async () => {
    const { processId, handle } = await requestApproval(budgetChain, { amount: -1 });
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });
    expect(await taskExists(processId, 'budget-level-1')).toBe(false);
  });
});

test('cancelling the process while approvals are open cancels every open task', async () => {
  const { processId, handle } = await requestApproval(twoOfThree);
  await decide(processId, 'budget-1', bob, 'approve');
  const open = await Promise.all([openTask(processId, 'budget-2'), openTask(processId, 'budget-3')]);
  await handle.cancel();
  await expect(handle.result()).rejects.toThrow();
  for (const task of open) {
    expect((await task.describe()).status.name).toBe('CANCELLED');
    expect((await task.query(getTaskQuery)).cancelReason).toBe('process cancelled');
    expect(transitions(task.workflowId).at(-1)?.transition.action).toBe('cancelled');
  }
  expect((await handle.describe()).status.name).toBe('CANCELLED');
  expect(events(processId).map((e) => e.action)).toEqual(['stage.approval', 'process.cancelled']);
});
