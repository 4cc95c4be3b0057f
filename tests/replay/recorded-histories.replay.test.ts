import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal-worker';

/**
 * Histories recorded from real runs (tests/fixtures/histories, see README "Replay fixtures") are
 * replayed against today's workflow code: a change that would break running instances fails here
 * until it is guarded with patched().
 */
const dir = join(__dirname, '..', 'fixtures', 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there are recorded histories for every workflow type', () => {
  const types = fixtures.map((f) => f.split('.')[0]);
  expect(new Set(types)).toEqual(new Set(['market-strategy', 'human-task', 'hub-event-delivery']));
});

test.each(fixtures)('%s replays without non-determinism', async (file) => {
  const history: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
});
