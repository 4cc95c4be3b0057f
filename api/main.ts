import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.logLevel);
  const app = await createApp(config, log);
  await app.listen(config.http.port, config.http.host);
  log.info({ url: `http://${config.http.host}:${config.http.port}` }, 'api listening');
}

main().catch((err: unknown) => {
  createLogger('api').fatal({ err }, 'api failed to start');
  process.exit(1);
});
