import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { connectDatabase } from '../../db/models';
import { signDevToken } from '../../platform/dev-token';
import { seedDemo } from '../../scripts/seed-demo';
import { http, type HttpResponse } from './http';
import { testEnv, uniqueName } from './test-env';
import { waitFor } from './wait-for';

/** The built code: dist/ of the repo under ts-jest, or the dist/ this file was compiled into (bench). */
const DIST = __filename.endsWith('.js') ? join(__dirname, '..', '..') : join(__dirname, '..', '..', 'dist');

export interface AppStackOptions {
  /** Prefix of the database and task queue names. */
  name?: string;
  /** Extra node flags for the api process, e.g. `--cpu-prof` when profiling a benchmark. */
  apiNodeArgs?: string[];
  /** Extra environment of the api and worker, e.g. a configuration under test. */
  env?: NodeJS.ProcessEnv;
}

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
 * The real application for integration tests: the built api and worker (dist/, made by npm test)
 * as separate processes against the run's Temporal and FerretDB, on their own task queue and
 * database. The worker can be killed with SIGKILL and restarted.
 */
export class AppStack {
  readonly database: string;
  readonly taskQueue: string;
  baseUrl = '';
  private api?: ChildProcess;
  private worker?: ChildProcess;
  private readonly output: string[] = [];

  constructor(private readonly options: AppStackOptions = {}) {
    this.database = uniqueName(options.name ?? 'it').replace(/-/g, '_');
    this.taskQueue = uniqueName(`etom-${options.name ?? 'it'}`);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_NAMESPACE: testEnv.namespace,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      MONGODB_URI: testEnv.mongodbUri(this.database),
      AUTH_DEV_SECRET: testEnv.authSecret,
      LOG_LEVEL: 'warn',
      // The production path: the bundle `npm run build` made, not webpack at worker start.
      WORKFLOW_BUNDLE_PATH: join(DIST, 'workflow-bundle.js'),
      ...this.options.env,
    };
  }

  /** Without a worker nobody polls the task queue: started workflows wait there, untouched. */
  async start({ withWorker = true } = {}): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    const api = this.spawn('api/main.js', { PORT: String(port) }, this.options.apiNodeArgs);
    this.api = api;
    if (withWorker) await this.startWorker();
    await waitFor('the api /health to answer 200', async () => {
      if (api.exitCode !== null) throw new Error(`api exited with ${api.exitCode}: ${this.logs()}`);
      return (await fetch(`${this.baseUrl}/health`)).status === 200;
    }, 60_000, 200);
  }

  async startWorker(): Promise<void> {
    const worker = this.spawn('worker/main.js', {});
    this.worker = worker;
    // Ready means polling: the server lists this process (its default identity is pid@host) as a poller.
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    try {
      await waitFor('the worker to poll its task queue', async () => {
        if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}: ${this.logs()}`);
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace: testEnv.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        return pollers.some((p) => p.identity?.startsWith(`${worker.pid}@`));
      }, 60_000, 200);
    } finally {
      await connection.close();
    }
  }

  /** Kills the worker as a crash would: no drain, no clean shutdown. */
  async killWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [this.api, this.worker].map(async (child) => {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }

  /** Loads the demo catalog, segments and customers into this stack's database. */
  async seedDemoData(): Promise<void> {
    const { connection, models } = await connectDatabase(this.env.MONGODB_URI as string);
    try {
      await seedDemo(models);
    } finally {
      await connection.close();
    }
  }

  /** A real HTTP request to this stack's API. */
  call<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    return http<T>(this.baseUrl, method, path, { token, body, headers });
  }

  token(user: string, groups: string[], expiresIn: string | number = '10m'): Promise<string> {
    return signDevToken(testEnv.authSecret, user, groups, expiresIn);
  }

  /** One token per named person: `{ alice: ['alice', ['marketing-manager']] }` -> `{ alice: '<jwt>' }`. */
  async tokensFor<K extends string>(people: Record<K, [user: string, groups: string[]]>): Promise<Record<K, string>> {
    const entries = await Promise.all(Object.entries<[string, string[]]>(people).map(async ([name, [user, groups]]) => [name, await this.token(user, groups)] as const));
    return Object.fromEntries(entries) as Record<K, string>;
  }

  /** The child processes' output, for a failing test's message. */
  logs(): string {
    return this.output.join('');
  }

  private spawn(entry: string, extra: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
    const child = spawn(process.execPath, [...nodeArgs, join(DIST, entry)], { env: { ...this.env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    return child;
  }
}
