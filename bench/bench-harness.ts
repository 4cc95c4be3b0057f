import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { connectDatabase, type Models } from '../db/models';
import { seedDemo } from '../scripts/seed-demo';
import { AppStack, type AppStackOptions } from '../tests/support/app-stack';
import { testEnv } from '../tests/support/test-env';

/** The p-th percentile (nearest rank) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

export interface BenchContext {
  stack: AppStack;
  models: Models;
  /** A bare Temporal client on the same server: the baseline the API is compared with. */
  client: Client;
}

/**
 * What every bench shares: the built api and worker on their own database with the demo data, a
 * bare client, the result file ($BENCH_RESULT_FILE or .data/bench/NAME.json), the api/worker output
 * when it fails, and a clean stop. `run` returns the results and whether any request failed.
 * BENCH_API_NODE_ARGS: extra node flags for the api only, e.g. "--cpu-prof --cpu-prof-dir=.data/bench/prof".
 */
export function runBench(
  name: string,
  stackOptions: AppStackOptions & { withWorker?: boolean },
  run: (ctx: BenchContext) => Promise<{ results: Record<string, unknown>; failed: boolean }>,
): void {
  const main = async () => {
    const { withWorker = true, ...options } = stackOptions;
    const stack = new AppStack({ ...options, apiNodeArgs: process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) });
    const { connection: db, models } = await connectDatabase(testEnv.mongodbUri(stack.database));
    let temporal: Connection | undefined;
    try {
      await seedDemo(models);
      temporal = await Connection.connect({ address: testEnv.temporalAddress });
      const client = new Client({ connection: temporal, namespace: testEnv.namespace });
      await stack.start({ withWorker });
      const { results, failed } = await run({ stack, models, client });
      const file = process.env.BENCH_RESULT_FILE ?? join(__dirname, '..', '..', '.data', 'bench', `${name}.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify({ bench: name, at: new Date().toISOString(), node: process.version, cpus: availableParallelism(), ...results }, null, 2)}\n`);
      log(`results written to ${file}`);
      if (failed) process.exitCode = 1;
    } catch (err) {
      const logs = stack.logs().split('\n').slice(-40).join('\n');
      if (logs.trim()) process.stderr.write(`[bench] last api/worker output:\n${logs}\n`);
      throw err;
    } finally {
      await stack.stop();
      await temporal?.close();
      await db.close();
    }
  };
  main().catch((err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
