import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Models } from '../db/models';
import type { Config } from '../platform/config';

/**
 * The worker runs every process workflow and every activity on one task queue. Production uses a
 * prebuilt bundle (WORKFLOW_BUNDLE_PATH, made by scripts/bundle-workflows); dev bundles from source.
 */
export async function createWorker(config: Config, models: Models, overrides: Partial<WorkerOptions> = {}) {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const workflowSource = config.workflowBundlePath
    ? { workflowBundle: { codePath: config.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ models }),
    ...workflowSource,
    ...overrides,
  });
  return { worker, connection };
}
