import { resolve } from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import * as searchAttributeKeys from '../../domain/search-attributes';
import { workflowBundle } from './temporal-worker';
import { uniqueName } from './test-env';

/** Runs Temporal's Java test server (fetched by scripts/test.sh, see ensure_time_skipping_server). */
export const timeSkippingServerLauncher = resolve(__dirname, '../../scripts/time-skipping-server.sh');

let runtimeInstalled = false;

function indexedValueType(type: SearchAttributeType) {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new Error(`no indexed value type for search attribute type ${type}`);
  return encoded;
}

/**
 * The real workflows with the given (fake) activities on Temporal's time-skipping test server, a
 * server of this test file's own: timers of hours or days fire at once while the test waits on a
 * workflow's result or on `env.sleep(...)`; `env.currentTimeMs()` is the server's (skipped) clock.
 * Time is global to the server, so one file's tests share it and should not run workflows that
 * depend on the clock concurrently. `workflowsPath`: as for startTestWorker (test-only workflows).
 */
export async function startTimeSkippingEnv(activities: Activities, workflowsPath?: string) {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: timeSkippingServerLauncher } },
    });
  } catch (err) {
    throw new Error(
      `the time-skipping test server did not start (${timeSkippingServerLauncher}; its own error, if any, is above). ` +
        "Is it fetched? npm test does it; by hand: bash -c 'source scripts/lib/tools.sh && ensure_time_skipping_server'",
      { cause: err },
    );
  }
  const taskQueue = uniqueName('wf-ts-test');
  try {
    // Like the dev server (scripts/servers.sh), the test server rejects an upsert of a search
    // attribute it doesn't know ("search attribute TaskState is not defined", the workflow task
    // fails and is retried forever), so register the project's keys on this fresh server first.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(Object.values(searchAttributeKeys).map((key) => [key.name, indexedValueType(key.type)])),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(workflowsPath),
      activities,
    });
    const running = worker.run();
    return {
      env,
      client: env.client,
      taskQueue,
      async stop() {
        worker.shutdown();
        await running;
        await env.teardown();
      },
    };
  } catch (err) {
    await env.teardown();
    throw err;
  }
}
