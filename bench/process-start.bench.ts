/**
 * Process starts per second: POST /api/processes/market-strategy (the real api process: auth,
 * validation, reference check, one Temporal RPC) against a bare client.workflow.start of the same
 * workflow with the same arguments, search attributes and policies, on the same servers, in the
 * same run, at the same concurrency. Run it with `npm run bench` (scripts/bench.sh starts the
 * servers and exports TEMPORAL_ADDRESS, MONGODB_URI and AUTH_DEV_SECRET).
 *
 * usage: node dist/bench/process-start.bench.js [--count 300] [--concurrency 8] [--rounds 3] [--warmup 30] [--no-worker]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { connectDatabase } from '../db/models';
import type { MarketStrategyDraft } from '../domain/market-strategy';
import type { ProcessStartArgs } from '../domain/process';
import { findProcessDefinition } from '../domain/process-definitions';
import { seedDemo } from '../scripts/seed-demo';
import { sampleStrategyDraft } from '../tests/support/sample-drafts';
import { testEnv, uniqueName } from '../tests/support/test-env';
import { AppStack } from '../tests/support/app-stack';
import { processStartOptions } from '../api/processes/process-start-options';

const PROCESS_TYPE = 'market-strategy';
const USER = 'bench';
const TARGET_RATIO = 0.8;

type Variant = 'bare' | 'api';

interface Options {
  count: number;
  concurrency: number;
  rounds: number;
  warmup: number;
  /** Without a worker the started workflows wait in the task queue: start cost only, no background load. */
  worker: boolean;
}

interface Phase {
  variant: Variant;
  round: number;
  requests: number;
  ok: number;
  errors: Record<string, number>;
  elapsedMs: number;
  startsPerSec: number;
  backlogBefore: number;
  latenciesMs: number[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { count: 300, concurrency: 8, rounds: 3, warmup: 30, worker: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-worker') {
      options.worker = false;
      continue;
    }
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !Object.hasOwn(options, name)) throw new Error(`unknown argument ${argv[i]} (flags: --count --concurrency --rounds --warmup --no-worker)`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    const min = name === 'warmup' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs an integer >= ${min}, got "${raw}"`);
    options[name as 'count' | 'concurrency' | 'rounds' | 'warmup'] = value;
  }
  return options;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `count` calls of `op` with at most `concurrency` in flight; every failure is counted by its message. */
async function runPhase(count: number, concurrency: number, op: (i: number) => Promise<void>) {
  const latenciesMs: number[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        try {
          await op(i);
          ok++;
        } catch (err) {
          const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 160);
          errors[message] = (errors[message] ?? 0) + 1;
        }
        latenciesMs.push(performance.now() - started);
      }
    }),
  );
  return { ok, errors, latenciesMs, elapsedMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const definition = findProcessDefinition(PROCESS_TYPE);
  if (!definition) throw new Error(`no process definition ${PROCESS_TYPE}`);
  const runId = uniqueName('bench');
  const draft: MarketStrategyDraft = sampleStrategyDraft('Bench strategy');
  const body = JSON.stringify(draft);
  const businessKey = definition.businessKey(draft);
  const inputHash = createHash('sha256').update(body).digest('hex');

  // BENCH_API_NODE_ARGS: extra node flags for the api only, e.g. "--cpu-prof --cpu-prof-dir=.data/bench/prof".
  const stack = new AppStack({ name: 'bench', apiNodeArgs: process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) });
  const { connection: db, models } = await connectDatabase(testEnv.mongodbUri(stack.database));
  let temporal: Connection | undefined;
  try {
    await seedDemo(models);
    temporal = await Connection.connect({ address: testEnv.temporalAddress });
    const client = new Client({ connection: temporal, namespace: testEnv.namespace });
    await stack.start({ withWorker: options.worker });
    const token = await stack.token(USER, ['marketing-manager'], '2h');
    const url = `${stack.baseUrl}/api/processes/${PROCESS_TYPE}`;

    let phaseNo = 0;
    /** The same start the API makes (processes.service.ts start()), minus the API around it. */
    const bare = (phase: number) => async (i: number) => {
      const processId = `${PROCESS_TYPE}-${runId}-p${phase}-${i}`;
      const args: ProcessStartArgs<MarketStrategyDraft> = { processId, processType: PROCESS_TYPE, owner: USER, businessKey, input: draft };
      await client.workflow.start(definition.workflowType, processStartOptions(args, stack.taskQueue, inputHash));
    };
    const api = (phase: number) => async (i: number) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `${runId}-p${phase}-${i}` },
        body,
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text}`);
    };

    // Every started process goes on to the worker (audit records, a draft save, a review task
    // workflow and its inbox record) while later phases run: the same background load for both
    // variants, and the alternating order evens out its growth. Each phase logs the backlog it
    // started with (started processes without their review task yet), so the load is visible.
    let started = 0;
    const backlog = async () => (options.worker ? started - (await models.tasks.countDocuments({}).exec()) : 0);
    const phase = async (variant: Variant, round: number, count: number): Promise<Phase> => {
      const no = phaseNo++;
      const backlogBefore = await backlog();
      const r = await runPhase(count, options.concurrency, variant === 'bare' ? bare(no) : api(no));
      started += r.ok;
      const result = { variant, round, requests: count, ...r, startsPerSec: r.ok / (r.elapsedMs / 1000), backlogBefore };
      const errors = count - r.ok;
      process.stdout.write(
        `[bench] ${round === 0 ? 'warmup' : `round ${round}`} ${variant.padEnd(4)} ${r.ok}/${count} ok in ${(r.elapsedMs / 1000).toFixed(2)} s = ${result.startsPerSec.toFixed(1)} starts/s` +
          `${errors ? `, ${errors} ERRORS` : ''}${options.worker ? ` (worker backlog at start: ${backlogBefore})` : ''}\n`,
      );
      return result;
    };

    process.stdout.write(
      `[bench] ${PROCESS_TYPE}: ${options.rounds} rounds x ${options.count} starts per variant, concurrency ${options.concurrency}, warmup ${options.warmup}; ` +
        `${options.worker ? 'worker running' : 'NO worker (starts only)'}; node ${process.version}, ${availableParallelism()} cpus\n`,
    );
    const warmups: Phase[] = [];
    if (options.warmup > 0) {
      warmups.push(await phase('bare', 0, options.warmup));
      warmups.push(await phase('api', 0, options.warmup));
    }
    const phases: Phase[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      // Alternate which variant goes first: bare, api | api, bare | bare, api ...
      const order: Variant[] = round % 2 === 1 ? ['bare', 'api'] : ['api', 'bare'];
      for (const variant of order) phases.push(await phase(variant, round, options.count));
    }

    const summary = (variant: Variant) => {
      const mine = phases.filter((p) => p.variant === variant);
      const latencies = mine.flatMap((p) => p.latenciesMs).sort((a, b) => a - b);
      const errors: Record<string, number> = {};
      for (const p of [...warmups, ...phases].filter((x) => x.variant === variant)) {
        for (const [message, n] of Object.entries(p.errors)) errors[message] = (errors[message] ?? 0) + n;
      }
      return {
        startsPerSec: median(mine.map((p) => p.startsPerSec)),
        perRound: mine.map((p) => p.startsPerSec),
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        ok: mine.reduce((n, p) => n + p.ok, 0),
        requests: mine.reduce((n, p) => n + p.requests, 0),
        errorCount: Object.values(errors).reduce((a, b) => a + b, 0),
        errors,
      };
    };
    const results = { bare: summary('bare'), api: summary('api') };
    const ratio = results.api.startsPerSec / results.bare.startsPerSec;

    const rows = [
      ['variant', 'starts/s', 'per round', 'p50 ms', 'p95 ms', 'ok', 'errors'],
      ...(['bare', 'api'] as const).map((v) => {
        const s = results[v];
        return [v, s.startsPerSec.toFixed(1), s.perRound.map((x) => x.toFixed(1)).join(' '), s.p50Ms.toFixed(1), s.p95Ms.toFixed(1), `${s.ok}/${s.requests}`, String(s.errorCount)];
      }),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    process.stdout.write('\n');
    for (const row of rows) process.stdout.write(`${row.map((cell, c) => (c === 0 || c === 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}\n`);
    for (const v of ['bare', 'api'] as const) {
      for (const [message, n] of Object.entries(results[v].errors)) process.stdout.write(`ERROR ${v} x${n}: ${message}\n`);
    }
    process.stdout.write(`starts/s: median of ${options.rounds} rounds of ${options.count}; latency percentiles over all measured starts; concurrency ${options.concurrency}; ${options.worker ? 'worker running' : 'no worker'}\n`);
    process.stdout.write(`ratio api/bare: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO.toFixed(2)})\n`);

    const file = process.env.BENCH_RESULT_FILE ?? join(__dirname, '..', '..', '.data', 'bench', 'process-start.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          bench: 'process-start',
          at: new Date().toISOString(),
          node: process.version,
          cpus: availableParallelism(),
          processType: PROCESS_TYPE,
          options,
          ratio,
          target: TARGET_RATIO,
          results,
          phases: [...warmups, ...phases].map(({ latenciesMs, ...p }) => ({
            ...p,
            p50Ms: percentile([...latenciesMs].sort((a, b) => a - b), 50),
            p95Ms: percentile([...latenciesMs].sort((a, b) => a - b), 95),
          })),
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(`[bench] results written to ${file}\n`);
    if (results.bare.errorCount + results.api.errorCount > 0) process.exitCode = 1;
  } catch (err) {
    const logs = stack.logs().split('\n').slice(-40).join('\n');
    if (logs.trim()) process.stderr.write(`[bench] last api/worker output:\n${logs}\n`);
    throw err;
  } finally {
    await stack.stop();
    await temporal?.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
