import { connectDatabase } from '../db/models';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createWorker } from './create-worker';

/** Worker process: runs until SIGINT/SIGTERM, then drains in-flight tasks and closes connections. */
async function main(): Promise<void> {
  const log = createLogger('worker');
  const config = loadConfig();
  const { connection: db, models } = await connectDatabase(config.mongodbUri);
  const { worker, connection } = await createWorker(config, models);
  // The SDK's Runtime already turns SIGINT/SIGTERM into worker.shutdown(); run() resolves after it.
  log.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  await worker.run();
  await connection.close();
  await db.close();
  log.info('worker stopped');
}

main().catch((err: unknown) => {
  createLogger('worker').fatal({ err }, 'worker failed');
  process.exit(1);
});
