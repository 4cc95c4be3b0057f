import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { testEnv, uniqueName } from './test-env';

/** The production workflows; tests that need workflows of their own pass an index re-exporting these. */
export const productionWorkflows = require.resolve('../../workflows');

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
let runtimeInstalled = false;

/** The workflow bundle, built once per test file and entry point (jest isolates modules per file). */
export function workflowBundle(workflowsPath = productionWorkflows): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/**
 * A worker with the real workflows (or those of `workflowsPath`) and the given (fake) activities
 * on a task queue of its own, against the run's real Temporal server, plus a client for the test.
 */
export async function startTestWorker(activities: Activities, workflowsPath = productionWorkflows) {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const taskQueue = uniqueName('wf-test');
  const nativeConnection = await NativeConnection.connect({ address: testEnv.temporalAddress });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: testEnv.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(workflowsPath),
    activities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const client = new Client({ connection, namespace: testEnv.namespace });
  return {
    client,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
