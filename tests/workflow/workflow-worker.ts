import type { Client } from '@temporalio/client';
import { startTestWorker } from '../support/temporal-worker';
import { fakeActivities } from './fake-activities';

/**
 * Registers this test file's worker (real workflows, fake activities, the run's Temporal server)
 * for its tests; the returned object is filled in before the first test runs. `workflowsPath`:
 * an index re-exporting the real workflows plus test-only ones (e.g. tests/workflow/harness).
 */
export function useWorkflowWorker(workflowsPath?: string) {
  const ctx = {} as { client: Client; taskQueue: string; fakes: ReturnType<typeof fakeActivities>; stop: () => Promise<void> };
  beforeAll(async () => {
    ctx.fakes = fakeActivities();
    const env = await startTestWorker(ctx.fakes.activities, workflowsPath);
    Object.assign(ctx, { client: env.client, taskQueue: env.taskQueue, stop: env.stop });
  });
  afterAll(() => ctx.stop());
  return ctx;
}
