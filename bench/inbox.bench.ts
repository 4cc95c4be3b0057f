/**
 * The task inbox at scale, and task completion through the API against a bare Update, on real
 * servers in one run. Run it with `npm run bench -- inbox` (scripts/bench.sh starts the servers and
 * exports TEMPORAL_ADDRESS, MONGODB_URI and AUTH_DEV_SECRET).
 *
 * 1. load: --tasks projection records bulk-inserted (50 groups, 500 users, all states, priorities,
 *    due dates, the real review form and context).
 * 2. complete, with those tasks in the store: N market-strategy processes started through the API;
 *    once their review tasks are in the inbox, half are completed with POST /api/tasks/{id}/complete
 *    and half with a bare client.workflow.getHandle(id).executeUpdate(completeTaskUpdate),
 *    alternating, one at a time. Target: API p50 and p95 within 1.3x of bare.
 * 3. queries: the common inbox queries over HTTP, one at a time: p50/p95 each. Target p95 < 50 ms.
 *    A query kind stops sampling after --budget seconds (at least --min-samples), so a slow store
 *    still finishes.
 *
 * usage: node dist/bench/inbox.bench.js [--tasks 100000] [--samples 20] [--min-samples 3] [--budget 120]
 *        [--complete 40] [--warmup 2] [--skip-complete] [--skip-queries]
 */
import { request } from 'node:http';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { Models } from '../db/models';
import type { TaskRecord } from '../db/models/task.model';
import type { TaskState } from '../domain/human-task';
import { sampleStrategyDraft } from '../tests/support/sample-drafts';
import type { AppStack } from '../tests/support/app-stack';
import { uniqueName } from '../tests/support/test-env';
import { waitFor } from '../tests/support/wait-for';
import { completeTaskUpdate } from '../workflows/human-task/human-task.contract';
import { REVIEW_TASK, REVISION_TASK, reviewFormSchema } from '../workflows/market-strategy/market-strategy.contract';
import { log, percentile, runBench } from './bench-harness';

const QUERY_P95_TARGET_MS = 50;
const COMPLETE_RATIO_TARGET = 1.3;

interface Options {
  tasks: number;
  samples: number;
  minSamples: number;
  budget: number;
  complete: number;
  warmup: number;
  skipComplete: boolean;
  skipQueries: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { tasks: 100_000, samples: 20, minSamples: 3, budget: 120, complete: 40, warmup: 2, skipComplete: false, skipQueries: false };
  const numeric = ['tasks', 'samples', 'min-samples', 'budget', 'complete', 'warmup'];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.replace(/^--/, '');
    if (name === 'skip-complete' || name === 'skip-queries') {
      options[name === 'skip-complete' ? 'skipComplete' : 'skipQueries'] = true;
      continue;
    }
    if (!flag.startsWith('--') || !numeric.includes(name)) throw new Error(`unknown argument ${argv[i]} (flags: --${numeric.join(' --')} --skip-complete --skip-queries)`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs an integer >= 0, got "${raw}"`);
    const key = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as 'tasks' | 'samples' | 'minSamples' | 'budget' | 'complete' | 'warmup';
    options[key] = value;
  }
  return options;
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  process.stdout.write('\n');
  for (const row of rows) process.stdout.write(`${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}\n`);
  process.stdout.write('\n');
}

/** GET over node:http (fetch gives up waiting for headers after 300 s; a full scan of a big store may take longer). */
function get(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// ---- the data: a deterministic pseudo-random inbox of a mid-size operator ----

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const GROUP_COUNT = 50;
const USER_COUNT = 500;
const group = (i: number) => `group-${String(i).padStart(2, '0')}`;
const user = (i: number) => `user-${String(i).padStart(3, '0')}`;
/** Each user is in 1-3 groups; user i's first group is i % 50, so every group has about 10 members. */
function groupsOf(u: number): string[] {
  const n = 1 + (u % 3);
  return [...new Set(Array.from({ length: n }, (_, k) => group((u + k * 17) % GROUP_COUNT)))];
}
const STATES: [TaskState, number][] = [['open', 0.3], ['claimed', 0.15], ['completed', 0.45], ['cancelled', 0.07], ['expired', 0.03]];
const TASK_TYPES = [REVIEW_TASK, REVISION_TASK, 'approve-discount', 'verify-order', 'check-credit'];

function makeTasks(count: number, now: number, runId: string): TaskRecord[] {
  const random = rng(42);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const draft = sampleStrategyDraft('Bench strategy');
  const tasks: TaskRecord[] = [];
  let process = 0;
  let step = 0;
  for (let i = 0; i < count; i++) {
    // A process has 1-4 tasks in a row.
    if (step === 0 || random() < 0.4) {
      process++;
      step = 0;
    }
    step++;
    const processId = `market-strategy-${runId}-${process}`;
    let r = random();
    const state = (STATES.find(([, p]) => (r -= p) < 0) ?? STATES[0])[0];
    const groups = random() < 0.8 ? [group(Math.floor(random() * GROUP_COUNT))] : [group(Math.floor(random() * GROUP_COUNT)), group(Math.floor(random() * GROUP_COUNT))];
    const createdAt = now - Math.floor(random() * 90 * 86_400_000);
    const assigned = state !== 'open' && state !== 'expired';
    const performer = user(Math.floor(random() * USER_COUNT));
    tasks.push({
      _id: `${processId}.task-step-${step}`,
      taskType: pick(TASK_TYPES),
      title: `Review market strategy "Bench ${process}" (round ${step})`,
      processId,
      processType: 'market-strategy',
      businessKey: `Bench ${process}`,
      candidateGroups: [...new Set(groups)],
      assignee: assigned ? performer : undefined,
      excludedUsers: random() < 0.5 ? [user(Math.floor(random() * USER_COUNT))] : [],
      priority: random() < 0.15 ? pick([80, 90]) : random() < 0.1 ? 20 : 50,
      dueAt: random() < 0.7 ? new Date(createdAt + Math.floor(random() * 20 * 86_400_000)).toISOString() : undefined,
      outcomes: ['approve', 'requestChanges', 'reject'],
      formSchema: reviewFormSchema,
      context: { strategyId: processId, revision: step, draft },
      state,
      createdAt: new Date(createdAt).toISOString(),
      claimedAt: assigned ? new Date(createdAt + 3_600_000).toISOString() : undefined,
      completedBy: state === 'completed' ? performer : undefined,
      completedAt: state === 'completed' ? new Date(createdAt + 86_400_000).toISOString() : undefined,
      outcome: state === 'completed' ? 'approve' : undefined,
      revision: assigned ? 2 : 1,
    });
  }
  return tasks;
}

// ---- 1. completion through the API against a bare Update ----

async function benchComplete(stack: AppStack, models: Models, client: Client, options: Options, runId: string) {
  const owner = await stack.token('bench-owner', ['marketing-manager'], '4h');
  const director = { userId: 'bench-director', groups: ['marketing-director'] };
  const directorToken = await stack.token(director.userId, director.groups, '4h');
  const total = options.complete + 2 * options.warmup;
  const processIds: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const res = await fetch(`${stack.baseUrl}/api/processes/market-strategy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', 'idempotency-key': `${runId}-${i}` },
      body: JSON.stringify(sampleStrategyDraft(`Bench completion ${i}`)),
    });
    const body = (await res.json()) as { processId: string };
    if (res.status !== 201) throw new Error(`start ${i}: HTTP ${res.status} ${JSON.stringify(body)}`);
    processIds.push(body.processId);
  }
  const taskIds = processIds.map((p) => `${p}.task-review-1`);
  // By id, one at a time: the only lookup FerretDB answers without reading every task.
  const open = new Set<string>();
  await waitFor(`${total} review tasks in the inbox`, async () => {
    for (const id of taskIds.filter((t) => !open.has(t))) if ((await models.tasks.findById(id, { state: 1 }).lean().exec())?.state === 'open') open.add(id);
    return open.size === total;
  }, 300_000, 500);
  log(`complete: ${total} processes started through the API and their review tasks open in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const latencies: Record<'api' | 'bare', number[]> = { api: [], bare: [] };
  const errors: string[] = [];
  for (let i = 0; i < total; i++) {
    const variant = i % 2 === 0 ? 'api' : 'bare';
    const taskId = taskIds[i];
    const started = performance.now();
    try {
      if (variant === 'api') {
        const res = await fetch(`${stack.baseUrl}/api/tasks/${taskId}/complete`, {
          method: 'POST',
          headers: { authorization: `Bearer ${directorToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: 'approve', data: {} }),
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
      } else {
        const task = await client.workflow.getHandle(taskId).executeUpdate(completeTaskUpdate, { args: [{ actor: director, outcome: 'approve', data: {} }] });
        if (task.state !== 'completed') throw new Error(`state ${task.state}`);
      }
    } catch (err) {
      errors.push(`${variant} ${taskId}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    // The first completions of each variant warm connections and caches.
    if (i >= 2 * options.warmup) latencies[variant].push(performance.now() - started);
  }
  const summary = (v: 'api' | 'bare') => ({ n: latencies[v].length, p50Ms: percentile(latencies[v], 50), p95Ms: percentile(latencies[v], 95) });
  const results = { api: summary('api'), bare: summary('bare') };
  const ratio = { p50: results.api.p50Ms / results.bare.p50Ms, p95: results.api.p95Ms / results.bare.p95Ms };
  table([
    ['complete a task', 'n', 'p50 ms', 'p95 ms'],
    ['bare executeUpdate(completeTaskUpdate)', String(results.bare.n), results.bare.p50Ms.toFixed(1), results.bare.p95Ms.toFixed(1)],
    ['POST /api/tasks/{id}/complete', String(results.api.n), results.api.p50Ms.toFixed(1), results.api.p95Ms.toFixed(1)],
    ['ratio api/bare', '', ratio.p50.toFixed(2), ratio.p95.toFixed(2)],
  ]);
  log(`complete: target api/bare within ${COMPLETE_RATIO_TARGET}x: ${ratio.p50 <= COMPLETE_RATIO_TARGET && ratio.p95 <= COMPLETE_RATIO_TARGET ? 'met' : 'MISSED'}`);
  for (const e of errors) log(`ERROR ${e}`);
  return { processes: total, warmupPerVariant: options.warmup, ...results, ratio, target: COMPLETE_RATIO_TARGET, errors };
}

// ---- 2. inbox queries over a big projection ----

async function load(models: Models, options: Options, runId: string) {
  const t0 = performance.now();
  const tasks = makeTasks(options.tasks, Date.now(), runId);
  const batch = 1000;
  for (let i = 0; i < tasks.length; i += batch) {
    // The driver's bulk insert (mongoose's insertMany would cast 100 000 documents first).
    await models.tasks.collection.insertMany(tasks.slice(i, i + batch) as never[], { ordered: false });
    if ((i / batch) % 10 === 9) log(`loaded ${i + batch} tasks in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const byState = Object.fromEntries(STATES.map(([s]) => [s, tasks.filter((t) => t.state === s).length]));
  log(`loaded ${tasks.length} tasks in ${seconds.toFixed(1)} s (${(tasks.length / seconds).toFixed(0)}/s, 1000 per insertMany, ${(await models.tasks.listIndexes()).length} indexes); by state ${JSON.stringify(byState)}`);
  return { tasks, seconds, byState };
}

async function benchQueries(stack: AppStack, options: Options, loaded: Awaited<ReturnType<typeof load>>, models: Models) {
  // A typical member of two groups, and a process whose tasks are offered to one of them.
  const me = 7;
  const myGroups = groupsOf(me);
  const token = await stack.token(user(me), myGroups, '8h');
  const mine = loaded.tasks.filter((t) => t.candidateGroups.some((g) => myGroups.includes(g)));
  const process = mine.find((t) => t.state === 'open')?.processId ?? mine[0]?.processId ?? 'none';
  const first = await get(`${stack.baseUrl}/api/tasks`, token);
  if (first.status !== 200) throw new Error(`GET /api/tasks: ${first.status} ${first.body}`);
  const firstPage = JSON.parse(first.body) as { items: unknown[]; counts: Record<string, number>; nextCursor?: string };
  log(`${user(me)} in ${myGroups.join(', ')}: ${firstPage.items.length} on page 1, counts ${JSON.stringify(firstPage.counts)}`);

  const kinds: [string, string][] = [
    ['my open tasks (default)', '/api/tasks'],
    [`candidateGroup=${myGroups[0]}, sort=-priority`, `/api/tasks?candidateGroup=${myGroups[0]}&sort=-priority`],
    ['overdue=true, sort=dueAt', '/api/tasks?overdue=true&sort=dueAt'],
    ['processId=...', `/api/tasks?processId=${process}&state=open,claimed,completed,cancelled,expired`],
    ['page 2 via cursor', `/api/tasks?cursor=${firstPage.nextCursor ?? ''}`],
  ];
  const results: { query: string; path: string; n: number; p50Ms: number; p95Ms: number; maxMs: number; items: number; errors: number }[] = [];
  for (const [name, path] of kinds) {
    const latencies: number[] = [];
    let errors = 0;
    let items = 0;
    const deadline = performance.now() + options.budget * 1000;
    while (latencies.length < options.samples && (latencies.length < options.minSamples || performance.now() < deadline)) {
      const started = performance.now();
      const res = await get(`${stack.baseUrl}${path}`, token);
      const ms = performance.now() - started;
      if (res.status !== 200) {
        errors++;
        log(`ERROR ${name}: ${res.status} ${res.body.slice(0, 200)}`);
        if (errors > 3) break;
        continue;
      }
      items = (JSON.parse(res.body) as { items: unknown[] }).items.length;
      latencies.push(ms);
    }
    const r = { query: name, path, n: latencies.length, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), maxMs: Math.max(...latencies), items, errors };
    results.push(r);
    log(`${name}: n=${r.n} p50 ${r.p50Ms.toFixed(1)} ms p95 ${r.p95Ms.toFixed(1)} ms (${items} items)`);
  }
  table([
    [`inbox query over ${options.tasks} tasks`, 'n', 'p50 ms', 'p95 ms', 'max ms', 'items', `p95 < ${QUERY_P95_TARGET_MS}`],
    ...results.map((r) => [r.query, String(r.n), r.p50Ms.toFixed(1), r.p95Ms.toFixed(1), r.maxMs.toFixed(1), String(r.items), r.p95Ms < QUERY_P95_TARGET_MS ? 'yes' : 'NO']),
  ]);

  // Why: what the store does with these queries, and what a task transition's projection write costs now.
  const plan = (await models.tasks.find({ state: { $in: ['open', 'claimed'] }, candidateGroups: myGroups[0] }).sort({ createdAt: -1, _id: -1 }).limit(21).explain()) as unknown as Record<string, unknown>;
  const explain = { filterPushdown: plan.filterPushdown, sortPushdown: plan.sortPushdown, limitPushdown: plan.limitPushdown, queryPlanner: plan.queryPlanner };
  log(`explain of the inbox find: ${JSON.stringify(explain)}`);
  const sample = loaded.tasks[Math.floor(loaded.tasks.length / 2)];
  let started = performance.now();
  await models.tasks.findById(sample._id, { revision: 1 }).lean().exec();
  const byIdMs = performance.now() - started;
  started = performance.now();
  // The worker's projection write (activities/human-task): a replace by id alone.
  await models.tasks.replaceOne({ _id: sample._id }, sample).exec();
  const transitionWriteMs = performance.now() - started;
  started = performance.now();
  // What it was before: a filter of id and older revision, which FerretDB does not push down.
  await models.tasks.updateOne({ _id: sample._id, revision: { $lt: 0 } }, { $set: { title: sample.title } }).exec();
  const conditionalWriteMs = performance.now() - started;
  log(`findById: ${byIdMs.toFixed(1)} ms; projection write by id: ${transitionWriteMs.toFixed(1)} ms; the same with {_id, revision: {$lt}}: ${conditionalWriteMs.toFixed(1)} ms`);
  return { tasks: options.tasks, loadSeconds: loaded.seconds, byState: loaded.byState, user: { id: user(me), groups: myGroups, counts: firstPage.counts }, target: QUERY_P95_TARGET_MS, results, explain, byIdMs, transitionWriteMs, conditionalWriteMs };
}

const options = parseOptions(process.argv.slice(2));
// No inbox time limit here: the bench measures how long the queries take, however long.
runBench('inbox', { name: 'bench-inbox', env: { INBOX_QUERY_TIMEOUT_MS: '999999' } }, async ({ stack, models, client }) => {
  const runId = uniqueName('inbox').replace(/-/g, '');
  log(`inbox: ${options.tasks} tasks, up to ${options.samples} samples per query (at least ${options.minSamples}, ${options.budget} s budget); complete: ${options.complete} tasks; node ${process.version}, ${availableParallelism()} cpus`);
  const loaded = await load(models, options, runId);
  const complete = options.skipComplete ? undefined : await benchComplete(stack, models, client, options, runId);
  const queries = options.skipQueries ? undefined : await benchQueries(stack, options, loaded, models);
  return { results: { options, complete, queries }, failed: (complete?.errors.length ?? 0) > 0 || (queries?.results.some((r) => r.errors > 0) ?? false) };
});
