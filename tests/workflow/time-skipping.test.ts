import type { HumanTaskInput } from '../../domain/human-task';
import { TaskStateKey } from '../../domain/search-attributes';
import { completeTaskUpdate, getTaskQuery, humanTaskId } from '../../workflows/human-task/human-task.contract';
import { humanTaskWorkflow } from '../../workflows/human-task/human-task.workflow';
import { startTimeSkippingEnv } from '../support/time-skipping';
import { uniqueName } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { fakeActivities } from './fake-activities';

/**
 * The real workflows on Temporal's time-skipping test server (tests/support/time-skipping.ts):
 * days of workflow time pass in well under a second. The server's clock is shared by the tests
 * of this file, which jest runs one after the other.
 */
const DAY = 24 * 60 * 60 * 1000;
const bob = { userId: 'bob', groups: ['marketing-director'] };

let ts: Awaited<ReturnType<typeof startTimeSkippingEnv>>;
let fakes: ReturnType<typeof fakeActivities>;

beforeAll(async () => {
  fakes = fakeActivities();
  ts = await startTimeSkippingEnv(fakes.activities);
});
afterAll(async () => {
  await ts?.stop();
});

function reviewTask(extra: Partial<HumanTaskInput> = {}): HumanTaskInput {
  const processId = uniqueName('ts-process');
  return {
    taskId: humanTaskId(processId, 'review-1'),
    processId,
    processType: 'market-strategy',
    businessKey: 'Time skipping',
    taskType: 'market-strategy.review',
    title: 'Review the strategy',
    candidateGroups: ['marketing-director'],
    outcomes: ['approve'],
    formSchema: { type: 'object', additionalProperties: false, properties: {} },
    ...extra,
  };
}

async function startOpenTask(input: HumanTaskInput) {
  const handle = await ts.client.workflow.start(humanTaskWorkflow, { workflowId: input.taskId, taskQueue: ts.taskQueue, args: [input] });
  await waitFor(`task ${input.taskId} open`, async () => (await handle.query(getTaskQuery)).state === 'open');
  return handle;
}

test('three days pass in under a second of wall time; the task stays open and completes by its Update', async () => {
  const handle = await startOpenTask(reviewTask());
  const { createdAt } = await handle.query(getTaskQuery);
  const wallStart = Date.now();
  const serverStart = await ts.env.currentTimeMs();

  await ts.env.sleep('3 days');

  expect(await ts.env.currentTimeMs()).toBeGreaterThanOrEqual(serverStart + 3 * DAY);
  expect(Date.now() - wallStart).toBeLessThan(30_000);
  expect((await handle.query(getTaskQuery)).state).toBe('open');

  const task = await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: bob, outcome: 'approve', data: {} }] });
  expect(task.state).toBe('completed');
  // The workflow's own clock (Date.now() inside it) moved with the server's.
  expect(Date.parse(task.completedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(createdAt) + 3 * DAY);
  expect(await handle.result()).toMatchObject({ outcome: 'approve', completedBy: 'bob' });
  // The upserted search attributes are there (registered on the test server by the helper).
  expect((await handle.describe()).typedSearchAttributes.get(TaskStateKey)).toBe('completed');
  const actions = fakes.calls.taskTransitions.filter((t) => t.task.taskId === handle.workflowId).map((t) => t.transition.action);
  expect(actions).toEqual(['created', 'completed']);
});

test("awaiting the result skips straight to the workflow's own timer: the task expires at its final deadline", async () => {
  const serverStart = await ts.env.currentTimeMs();
  const expiresAt = new Date(serverStart + 2 * DAY).toISOString();
  const handle = await startOpenTask(reviewTask({ expiresAt }));
  const wallStart = Date.now();

  // No sleep: the test client lets the server skip time while a result is awaited.
  const result = await handle.result();

  expect(Date.now() - wallStart).toBeLessThan(30_000);
  expect(result).toMatchObject({ outcome: 'expired', expired: true, completedBy: 'system' });
  expect(Date.parse(result.completedAt)).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  expect(await ts.env.currentTimeMs()).toBeGreaterThanOrEqual(serverStart + 2 * DAY);
  expect((await handle.query(getTaskQuery)).state).toBe('expired');
});
