/**
 * Runtime configuration, from the environment only, validated at boot: a bad value stops the
 * process with every problem listed instead of failing later on first use.
 */
export interface Config {
  temporal: { address: string; namespace: string; taskQueue: string };
  mongodbUri: string;
  http: { host: string; port: number };
  auth: { jwksUrl?: string; issuer?: string; audience?: string; devSecret?: string };
  logLevel: string;
  workflowBundlePath?: string;
  /** How long one inbox read may take before the API answers 503 QUERY_TIMEOUT. */
  inboxQueryTimeoutMs: number;
  /** Origins TMF701 hub callbacks may point at; undefined: any http(s) URL. */
  hubCallbackOrigins?: string[];
}

export const CONFIG_DEFAULTS = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'etom-flow',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/etomflow',
  HOST: '127.0.0.1',
  PORT: '3000',
  LOG_LEVEL: 'info',
  INBOX_QUERY_TIMEOUT_MS: '10000',
} as const;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: keyof typeof CONFIG_DEFAULTS) => env[name] || CONFIG_DEFAULTS[name];
  const problems: string[] = [];
  const port = Number(get('PORT'));
  if (!/^\d{1,5}$/.test(get('PORT')) || port < 1 || port > 65535) problems.push(`PORT must be a TCP port, got "${get('PORT')}"`);
  if (!/^[^\s:]+:\d+$/.test(get('TEMPORAL_ADDRESS'))) problems.push(`TEMPORAL_ADDRESS must be host:port, got "${get('TEMPORAL_ADDRESS')}"`);
  if (!/^mongodb(\+srv)?:\/\//.test(get('MONGODB_URI'))) problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(get('LOG_LEVEL'))) problems.push(`LOG_LEVEL "${get('LOG_LEVEL')}" is not a pino level`);
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  const devSecret = env.AUTH_DEV_SECRET || undefined;
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) problems.push('AUTH_JWKS_URL must be an http(s) URL');
  if (!jwksUrl && !devSecret) problems.push('set AUTH_JWKS_URL (production) or AUTH_DEV_SECRET (local HS256 tokens)');
  if (devSecret && devSecret.length < 32) problems.push('AUTH_DEV_SECRET must be at least 32 characters');
  const inboxQueryTimeoutMs = Number(get('INBOX_QUERY_TIMEOUT_MS'));
  if (!/^\d{1,6}$/.test(get('INBOX_QUERY_TIMEOUT_MS')) || inboxQueryTimeoutMs < 1) problems.push(`INBOX_QUERY_TIMEOUT_MS must be milliseconds from 1 to 999999, got "${get('INBOX_QUERY_TIMEOUT_MS')}"`);
  const hubCallbackOrigins = env.HUB_CALLBACK_ORIGINS ? env.HUB_CALLBACK_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : undefined;
  for (const origin of hubCallbackOrigins ?? []) {
    if (!isHttpOrigin(origin)) problems.push(`HUB_CALLBACK_ORIGINS: "${origin}" is not an http(s) origin like https://crm.example.com`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    temporal: { address: get('TEMPORAL_ADDRESS'), namespace: get('TEMPORAL_NAMESPACE'), taskQueue: get('TEMPORAL_TASK_QUEUE') },
    mongodbUri: get('MONGODB_URI'),
    http: { host: get('HOST'), port },
    auth: { jwksUrl, issuer: env.AUTH_ISSUER || undefined, audience: env.AUTH_AUDIENCE || undefined, devSecret },
    logLevel: get('LOG_LEVEL'),
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH || undefined,
    inboxQueryTimeoutMs,
    hubCallbackOrigins,
  };
}

function isHttpOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}
