import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { testEnv, uniqueName } from './test-env';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** The workflow bundle, built once per test file (jest isolates modules per file). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
  return bundle;
}

/**
 * A worker with the real workflows and the given (fake) activities on a task queue of its own,
 * against the run's real Temporal server, plus a client for the test.
 */
export async function startTestWorker(activities: Activities) {
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
    workflowBundle: await workflowBundle(),
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
