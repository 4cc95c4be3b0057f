import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signDevToken } from '../platform/dev-token';

/**
 * Prints a dev token signed with the local HS256 secret:
 *   npm run --silent token -- --user alice --groups marketing-manager,ops [--expires-in 8h]
 * The secret is AUTH_DEV_SECRET, or the one `npm start` generated in .data/dev/auth-dev-secret.
 */
function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function devSecret(): string {
  if (process.env.AUTH_DEV_SECRET) return process.env.AUTH_DEV_SECRET;
  const file = join(process.env.ETOM_DATA_DIR ?? join(__dirname, '..', '..', '.data', 'dev'), 'auth-dev-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new Error(`no AUTH_DEV_SECRET and no ${file}: run npm start once, or export AUTH_DEV_SECRET`);
  }
}

async function main(): Promise<void> {
  const user = arg('user');
  if (!user) throw new Error('usage: npm run --silent token -- --user alice --groups a,b [--expires-in 8h]');
  const groups = (arg('groups', '') ?? '').split(',').filter(Boolean);
  const token = await signDevToken(devSecret(), user, groups, arg('expires-in', '8h') ?? '8h');
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
