import type { Connection } from 'mongoose';
import { createTaskInboxActivities } from '../../activities/human-task/task-inbox.activities';
import { connectDatabase, type Models } from '../../db/models';
import type { HumanTask } from '../../domain/human-task';
import { testEnv, uniqueName } from '../support/test-env';

/** The inbox projection activity against the run's real FerretDB: newer revisions only, whole records. */
let connection: Connection;
let models: Models;
beforeAll(async () => {
  ({ connection, models } = await connectDatabase(testEnv.mongodbUri(uniqueName('projection').replace(/-/g, '_'))));
});
afterAll(() => connection.close());

function taskAt(revision: number, changes: Partial<HumanTask> = {}): HumanTask {
  return {
    taskId: 'proc1.task-review-1', processId: 'proc1', processType: 'market-strategy', businessKey: 'Projection', taskType: 'review-market-strategy',
    title: 'Review', candidateGroups: ['marketing-director'], outcomes: ['approve', 'reject'], formSchema: { type: 'object' },
    state: 'open', priority: 50, createdAt: '2026-12-01T10:00:00.000Z', revision, ...changes,
  };
}
const at = '2026-12-01T10:00:00.000Z';

test('a transition is applied once and in order: an older or repeated revision never rolls the inbox back', async () => {
  const { recordTaskTransition } = createTaskInboxActivities({ models });
  await recordTaskTransition(taskAt(1), { action: 'created', actor: 'system', at });
  await recordTaskTransition(taskAt(3, { state: 'claimed', assignee: 'bob' }), { action: 'claimed', actor: 'bob', at });
  await recordTaskTransition(taskAt(2, { priority: 90 }), { action: 'updated', actor: 'mia', at });
  await recordTaskTransition(taskAt(3, { state: 'claimed', assignee: 'bob' }), { action: 'claimed', actor: 'bob', at });
  expect(await models.tasks.findById('proc1.task-review-1').lean().exec()).toMatchObject({ revision: 3, state: 'claimed', assignee: 'bob', priority: 50 });

  // A whole-record replace: what the transition cleared is gone.
  await recordTaskTransition(taskAt(4), { action: 'unclaimed', actor: 'bob', at });
  const unclaimed = await models.tasks.findById('proc1.task-review-1').lean().exec();
  expect(unclaimed).toMatchObject({ revision: 4, state: 'open' });
  expect(unclaimed?.assignee).toBeUndefined();
  expect(await models.auditEntries.countDocuments({ processId: 'proc1' }).exec()).toBe(4);
});
