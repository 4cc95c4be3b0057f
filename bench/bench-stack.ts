import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { signDevToken } from '../platform/dev-token';
import { testEnv, uniqueName } from '../tests/support/test-env';
import { waitFor } from '../tests/support/wait-for';

/** dist/ when this file runs as dist/bench/bench-stack.js. */
const DIST = join(__dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The built api and worker as child processes on their own database and task queue, like
 * tests/support/app-stack.ts. That one resolves dist/ from the source tree (it runs under
 * ts-jest), so from the compiled bench it would look in dist/dist/; this one runs from dist/.
 */
export class BenchStack {
  readonly database = uniqueName('bench').replace(/-/g, '_');
  readonly taskQueue = uniqueName('etom-bench');
  baseUrl = '';
  private readonly children: ChildProcess[] = [];
  private readonly output: string[] = [];

  async start(temporal: Client): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    // BENCH_API_NODE_ARGS: extra node flags for the api only, e.g. "--cpu-prof --cpu-prof-dir=.data/bench/prof".
    const api = this.spawn('api/main.js', { PORT: String(port) }, process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []);
    const worker = this.spawn('worker/main.js', {}, []);
    // Ready = the server lists this worker (identity pid@host) as a poller of its task queue; its
    // "worker started" line is info, and the children log at warn.
    await waitFor(
      'the worker to poll its task queue',
      async () => {
        if (worker.exitCode !== null) throw new Error(`the worker exited with code ${worker.exitCode}`);
        const { pollers } = await temporal.workflowService.describeTaskQueue({
          namespace: testEnv.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        return pollers.some((p) => p.identity?.startsWith(`${worker.pid}@`));
      },
      60_000,
      100,
    );
    await waitFor('the api /health to answer 200', async () => api.exitCode === null && (await fetch(`${this.baseUrl}/health`)).status === 200, 60_000, 200);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }

  token(user: string, groups: string[], expiresIn: string | number = '10m'): Promise<string> {
    return signDevToken(testEnv.authSecret, user, groups, expiresIn);
  }

  /** The child processes' output, for a failure message. */
  logs(): string {
    return this.output.join('');
  }

  /** Process ids of api and worker, for a profiler to attach. */
  pids(): { api?: number; worker?: number } {
    return { api: this.children[0]?.pid, worker: this.children[1]?.pid };
  }

  private spawn(entry: string, extra: NodeJS.ProcessEnv, nodeArgs: string[]): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_NAMESPACE: testEnv.namespace,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      MONGODB_URI: testEnv.mongodbUri(this.database),
      AUTH_DEV_SECRET: testEnv.authSecret,
      LOG_LEVEL: 'warn',
      ...extra,
    };
    const child = spawn(process.execPath, [...nodeArgs, join(DIST, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.children.push(child);
    return child;
  }
}
