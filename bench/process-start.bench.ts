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
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { MarketStrategyDraft } from '../domain/market-strategy';
import type { ProcessStartArgs } from '../domain/process';
import { findProcessDefinition } from '../domain/process-definitions';
import { sampleStrategyDraft } from '../tests/support/sample-drafts';
import { uniqueName } from '../tests/support/test-env';
import { processStartOptions } from '../api/processes/process-start-options';
import { percentile, runBench } from './bench-harness';

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

const options = parseOptions(process.argv.slice(2));
runBench('process-start', { name: 'bench', withWorker: options.worker }, async ({ stack, models, client }) => {
  const definition = findProcessDefinition(PROCESS_TYPE);
  if (!definition) throw new Error(`no process definition ${PROCESS_TYPE}`);
  const runId = uniqueName('bench');
  const draft: MarketStrategyDraft = sampleStrategyDraft('Bench strategy');
  const body = JSON.stringify(draft);
  const businessKey = definition.businessKey(draft);
  const inputHash = createHash('sha256').update(body).digest('hex');

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
    const latencies = mine.flatMap((p) => p.latenciesMs);
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

  return {
    failed: results.bare.errorCount + results.api.errorCount > 0,
    results: {
      processType: PROCESS_TYPE,
      options,
      ratio,
      target: TARGET_RATIO,
      results,
      phases: [...warmups, ...phases].map(({ latenciesMs, ...p }) => ({ ...p, p50Ms: percentile(latenciesMs, 50), p95Ms: percentile(latenciesMs, 95) })),
    },
  };
});
