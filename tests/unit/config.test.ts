import { CONFIG_DEFAULTS, ConfigError, loadConfig } from '../../platform/config';

const SECRET = 'x'.repeat(32);

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const [head, ...rest] = e.message.split('\n  - ');
    expect(head).toBe('invalid configuration:');
    return rest;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults for everything but auth', () => {
    expect(loadConfig({ AUTH_DEV_SECRET: SECRET })).toEqual({
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'etom-flow' },
      mongodbUri: 'mongodb://127.0.0.1:27017/etomflow',
      http: { host: '127.0.0.1', port: 3000 },
      auth: { jwksUrl: undefined, issuer: undefined, audience: undefined, devSecret: SECRET },
      logLevel: 'info',
      workflowBundlePath: undefined,
      inboxQueryTimeoutMs: 10_000,
      hubCallbackOrigins: undefined,
    });
  });

  it.each(['0', '-5', '1.5', 'ten', '1000000'])('rejects INBOX_QUERY_TIMEOUT_MS %s', (INBOX_QUERY_TIMEOUT_MS) => {
    expect(problems({ AUTH_DEV_SECRET: SECRET, INBOX_QUERY_TIMEOUT_MS })).toEqual([expect.stringContaining('INBOX_QUERY_TIMEOUT_MS must be milliseconds')]);
  });

  it('reads the origins hub callbacks may reach, and refuses what is not an origin', () => {
    expect(loadConfig({ AUTH_DEV_SECRET: SECRET, HUB_CALLBACK_ORIGINS: 'https://crm.example.com, http://10.1.2.3:8080' }).hubCallbackOrigins).toEqual(['https://crm.example.com', 'http://10.1.2.3:8080']);
    expect(problems({ AUTH_DEV_SECRET: SECRET, HUB_CALLBACK_ORIGINS: 'https://crm.example.com/hooks,crm,ftp://x.example' })).toEqual([
      expect.stringContaining('"https://crm.example.com/hooks" is not an http(s) origin'),
      expect.stringContaining('"crm" is not an http(s) origin'),
      expect.stringContaining('"ftp://x.example" is not an http(s) origin'),
    ]);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ AUTH_DEV_SECRET: SECRET, PORT: '', TEMPORAL_ADDRESS: '', AUTH_ISSUER: '', WORKFLOW_BUNDLE_PATH: '' });
    expect(config.http.port).toBe(Number(CONFIG_DEFAULTS.PORT));
    expect(config.temporal.address).toBe(CONFIG_DEFAULTS.TEMPORAL_ADDRESS);
    expect(config.auth.issuer).toBeUndefined();
    expect(config.workflowBundlePath).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'prod', TEMPORAL_TASK_QUEUE: 'q', MONGODB_URI: 'mongodb+srv://cluster/db',
      HOST: '0.0.0.0', PORT: '8080', LOG_LEVEL: 'debug', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'etom',
      WORKFLOW_BUNDLE_PATH: '/app/bundle.js', HUB_CALLBACK_ORIGINS: 'https://crm.example.com', INBOX_QUERY_TIMEOUT_MS: '2500',
    });
    expect(config).toEqual({
      temporal: { address: 'temporal:7233', namespace: 'prod', taskQueue: 'q' },
      mongodbUri: 'mongodb+srv://cluster/db',
      http: { host: '0.0.0.0', port: 8080 },
      auth: { jwksUrl: 'https://idp/jwks', issuer: 'https://idp', audience: 'etom', devSecret: undefined },
      logLevel: 'debug',
      workflowBundlePath: '/app/bundle.js',
      inboxQueryTimeoutMs: 2500,
      hubCallbackOrigins: ['https://crm.example.com'],
    });
  });

  it.each(['1', '65535'])('accepts port %s', (PORT) => {
    expect(loadConfig({ AUTH_DEV_SECRET: SECRET, PORT }).http.port).toBe(Number(PORT));
  });

  it.each(['0', '65536', '80.5', 'http', '-1'])('rejects port %s', (PORT) => {
    expect(problems({ AUTH_DEV_SECRET: SECRET, PORT })).toEqual([`PORT must be a TCP port, got "${PORT}"`]);
  });

  it.each(['temporal', 'temporal:', 'tem poral:7233', 'http://temporal:7233', 'temporal:abc'])('rejects TEMPORAL_ADDRESS %s', (TEMPORAL_ADDRESS) => {
    expect(problems({ AUTH_DEV_SECRET: SECRET, TEMPORAL_ADDRESS })).toEqual([`TEMPORAL_ADDRESS must be host:port, got "${TEMPORAL_ADDRESS}"`]);
  });

  it('requires a mongodb URI, a pino level and some way to verify tokens', () => {
    expect(problems({ AUTH_DEV_SECRET: SECRET, MONGODB_URI: 'postgres://db' })).toEqual(['MONGODB_URI must start with mongodb:// or mongodb+srv://']);
    expect(problems({ AUTH_DEV_SECRET: SECRET, LOG_LEVEL: 'verbose' })).toEqual(['LOG_LEVEL "verbose" is not a pino level']);
    expect(problems({})).toEqual(['set AUTH_JWKS_URL (production) or AUTH_DEV_SECRET (local HS256 tokens)']);
    expect(problems({ AUTH_JWKS_URL: 'ftp://idp/jwks' })).toEqual(['AUTH_JWKS_URL must be an http(s) URL']);
    expect(problems({ AUTH_DEV_SECRET: 'x'.repeat(31) })).toEqual(['AUTH_DEV_SECRET must be at least 32 characters']);
  });

  it('accepts every pino level', () => {
    for (const LOG_LEVEL of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ AUTH_DEV_SECRET: SECRET, LOG_LEVEL }).logLevel).toBe(LOG_LEVEL);
    }
  });

  it('lists every problem at once, in order', () => {
    expect(
      problems({ PORT: '99999', TEMPORAL_ADDRESS: 'nohost', MONGODB_URI: 'mysql://x', LOG_LEVEL: 'loud', AUTH_JWKS_URL: 'idp/jwks', AUTH_DEV_SECRET: 'short' }),
    ).toEqual([
      'PORT must be a TCP port, got "99999"',
      'TEMPORAL_ADDRESS must be host:port, got "nohost"',
      'MONGODB_URI must start with mongodb:// or mongodb+srv://',
      'LOG_LEVEL "loud" is not a pino level',
      'AUTH_JWKS_URL must be an http(s) URL',
      'AUTH_DEV_SECRET must be at least 32 characters',
    ]);
  });

  it('reads process.env by default', () => {
    const saved = process.env.AUTH_DEV_SECRET;
    const savedJwks = process.env.AUTH_JWKS_URL;
    try {
      process.env.AUTH_DEV_SECRET = SECRET;
      delete process.env.AUTH_JWKS_URL;
      expect(loadConfig().auth.devSecret).toBe(SECRET);
    } finally {
      if (saved === undefined) delete process.env.AUTH_DEV_SECRET;
      else process.env.AUTH_DEV_SECRET = saved;
      if (savedJwks !== undefined) process.env.AUTH_JWKS_URL = savedJwks;
    }
  });
});
