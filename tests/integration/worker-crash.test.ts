import { AppStack } from '../support/app-stack';
import { http } from '../support/http';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { waitFor } from '../support/wait-for';

const stack = new AppStack();

beforeAll(async () => {
  await stack.start();
  await stack.seedDemoData();
}, 120_000);
afterAll(() => stack.stop());

test('a worker killed with SIGKILL while a review waits loses nothing and does nothing twice', async () => {
  const alice = await stack.token('alice', ['marketing-manager']);
  const bob = await stack.token('bob', ['marketing-director']);
  const started = await http<{ processId: string }>(stack.baseUrl, 'POST', '/api/processes/market-strategy', { token: alice, body: sampleStrategyDraft('Survives a crash') });
  const processId = started.body.processId;
  const taskId = `${processId}.task-review-1`;
  await waitFor('the review task in the inbox', async () => {
    const res = await http<{ items: { taskId: string }[] }>(stack.baseUrl, 'GET', `/api/tasks?processId=${processId}`, { token: bob });
    return res.body.items.some((t) => t.taskId === taskId);
  });

  await stack.killWorker();
  // With no worker the process cannot answer its query: the API still says what it knows.
  const meanwhile = await http<{ status: string; stage: string; unavailable?: string; openTasks: { taskId: string; state: string }[] }>(stack.baseUrl, 'GET', `/api/processes/${processId}`, { token: alice });
  expect(meanwhile.status).toBe(200);
  expect(meanwhile.body).toMatchObject({ status: 'unknown', stage: 'review', openTasks: [{ taskId, state: 'open' }] });
  expect(meanwhile.body.unavailable).toMatch(/did not answer its query/);
  await stack.startWorker();

  const completed = await http<{ state: string }>(stack.baseUrl, 'POST', `/api/tasks/${taskId}/complete`, { token: bob, body: { outcome: 'approve', data: { comments: 'Go' } } });
  expect(completed.status).toBe(200);
  expect(completed.body.state).toBe('completed');

  const done = await waitFor('the process to complete on the new worker', async () => {
    const res = await http<{ executionStatus: string; stage: string }>(stack.baseUrl, 'GET', `/api/processes/${processId}`, { token: alice });
    return res.body.executionStatus === 'completed' ? res.body : undefined;
  }, 30_000);
  expect(done.stage).toBe('published');

  // Every business event exactly once, in order, across the crash.
  const history = await http<{ action: string; actor: string }[]>(stack.baseUrl, 'GET', `/api/processes/${processId}/history`, { token: alice });
  expect(history.body.map((e) => e.action)).toEqual([
    'process.started', 'stage.review', 'task.created', 'task.completed', 'stage.activation', 'stage.published', 'process.completed',
  ]);
  const segments = await http<{ items: { lifecycleStatus: string; size: number }[] }>(stack.baseUrl, 'GET', `/api/market-segments?marketStrategyId=${processId}`, { token: alice });
  expect(segments.body.items.map((s) => s.lifecycleStatus)).toEqual(['active', 'active']);
  const offering = await http<{ marketSegment: { id: string }[] }>(stack.baseUrl, 'GET', '/api/product-offerings/fibre-300', { token: alice });
  expect(offering.body.marketSegment.filter((r) => r.id === `${processId}.young-no-fibre`)).toHaveLength(1);
});
