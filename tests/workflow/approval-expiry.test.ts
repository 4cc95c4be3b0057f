import type { AmountApprovalChain, ApprovalPolicy, QuorumApproval } from '../../domain/approval';
import type { ProcessStartArgs } from '../../domain/process';
import { completeTaskUpdate, getTaskQuery, humanTaskId } from '../../workflows/human-task/human-task.contract';
import { uniqueName } from '../support/test-env';
import { startTimeSkippingEnv } from '../support/time-skipping';
import { waitFor } from '../support/wait-for';
import { fakeActivities } from './fake-activities';
import { approvalHarnessWorkflow, type ApprovalHarnessInput } from './harness/approval-harness.workflow';

/** What an expired approval means, as the policy declares it, on the time-skipping server. */
const DAY = 24 * 3600_000;
const bob = { userId: 'bob', groups: ['manager'] };

const smallBudgets: AmountApprovalChain = {
  kind: 'amountChain',
  taskType: 'approve-budget',
  levels: [{ below: 10_000, groups: ['manager'], title: 'Manager' }, { groups: ['director'], title: 'Director' }],
  sla: { expiresInMs: 5 * DAY },
  onExpiry: 'reject',
  autoApproveBelow: 1_000,
};

let ts: Awaited<ReturnType<typeof startTimeSkippingEnv>>;
let fakes: ReturnType<typeof fakeActivities>;

beforeAll(async () => {
  fakes = fakeActivities();
  ts = await startTimeSkippingEnv(fakes.activities, require.resolve('./harness'));
}, 60_000);
afterAll(async () => {
  await ts?.stop();
});

async function requestApproval(policy: ApprovalPolicy, amount?: number) {
  const processId = uniqueName('approval-expiry');
  const input: ApprovalHarnessInput = { policy, request: { step: 'budget', requester: 'alice', title: 'Approve', ...(amount !== undefined && { amount }) } };
  const args: ProcessStartArgs<ApprovalHarnessInput> = { processId, processType: 'approval-harness', owner: 'alice', businessKey: 'expiry', input };
  const handle = await ts.client.workflow.start(approvalHarnessWorkflow, { workflowId: processId, taskQueue: ts.taskQueue, args: [args] });
  return { processId, handle };
}

test('an expired level auto-approves an amount under the limit', async () => {
  const { processId, handle } = await requestApproval(smallBudgets, 999);
  expect(await handle.result()).toEqual({
    decision: 'approved',
    decidedBy: ['system'],
    steps: [{ step: 'budget-level-1', taskId: humanTaskId(processId, 'budget-level-1'), outcome: 'approved', by: 'system', at: expect.any(String) as string, expired: true, level: 'Manager' }],
  });
});

test('at or above the limit an expired level rejects, and the chain stops there', async () => {
  const { handle } = await requestApproval(smallBudgets, 20_000);
  const decision = await handle.result();
  expect(decision).toMatchObject({ decision: 'rejected', decidedBy: ['system'] });
  expect(decision.steps.map((s) => [s.step, s.outcome, s.expired])).toEqual([['budget-level-1', 'rejected', true]]);
});

test('in a quorum each expired approver counts as the policy says: here a rejection', async () => {
  const policy: QuorumApproval = { kind: 'quorum', taskType: 'approve-plan', approvers: ['bob', 'carol', 'dan'], required: 2, sla: { expiresInMs: 3 * DAY } };
  const { processId, handle } = await requestApproval(policy);
  const bobsTask = ts.client.workflow.getHandle(humanTaskId(processId, 'budget-1'));
  await waitFor('bob\'s task to open', async () => (await bobsTask.query(getTaskQuery)).state === 'open');
  await bobsTask.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] });
  const decision = await handle.result();
  expect(decision.decision).toBe('rejected');
  expect(decision.steps.map((s) => [s.by, s.outcome, s.expired ?? false])).toEqual([['bob', 'approved', false], ['system', 'rejected', true], ['system', 'rejected', true]]);
});
