import { connectDatabase } from '../../db/models';
import type { TaskRecord } from '../../db/models/task.model';
import { REVIEW_TASK, reviewFormSchema } from '../../workflows/market-strategy/market-strategy.contract';
import { AppStack } from '../support/app-stack';
import { expectProblem } from '../support/problem';
import { sampleStrategyDraft } from '../support/sample-drafts';

/**
 * A store too slow for an inbox query (FerretDB reads every task record) gets a bounded answer:
 * 503 QUERY_TIMEOUT after INBOX_QUERY_TIMEOUT_MS, not a request held for minutes. Reads by id
 * stay available.
 */
const stack = new AppStack({ name: 'inboxtimeout', env: { INBOX_QUERY_TIMEOUT_MS: '20' } });
const TASKS = 3000;
let ops = '';

beforeAll(async () => {
  await stack.start({ withWorker: false });
  ops = await stack.token('olga', ['ops']);
  const { connection, models } = await connectDatabase(stack.env.MONGODB_URI as string);
  try {
    const draft = sampleStrategyDraft('Slow store');
    const records: TaskRecord[] = Array.from({ length: TASKS }, (_, i) => ({
      _id: `market-strategy-slow${i}.task-review-1`, taskType: REVIEW_TASK, title: `Review ${i}`, processId: `market-strategy-slow${i}`, processType: 'market-strategy',
      businessKey: `Slow ${i}`, candidateGroups: ['marketing-director'], excludedUsers: [], priority: 50, outcomes: ['approve', 'reject'], formSchema: reviewFormSchema,
      context: { draft }, state: 'open', createdAt: new Date(Date.now() - i * 1000).toISOString(), revision: 1,
    }));
    for (let i = 0; i < records.length; i += 500) await models.tasks.collection.insertMany(records.slice(i, i + 500) as never[]);
  } finally {
    await connection.close();
  }
}, 120_000);
afterAll(() => stack.stop());

test('an inbox query over the limit is a 503 QUERY_TIMEOUT; a task read by id still answers', async () => {
  const problem = expectProblem(await stack.call('GET', '/api/tasks', ops), 503, 'QUERY_TIMEOUT');
  expect(problem.detail).toContain('20 ms');
  const one = await stack.call<{ taskId: string; state: string }>('GET', '/api/tasks/market-strategy-slow7.task-review-1', ops);
  expect({ status: one.status, taskId: one.body.taskId, state: one.body.state }).toEqual({ status: 200, taskId: 'market-strategy-slow7.task-review-1', state: 'open' });
});
