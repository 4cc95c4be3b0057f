/**
 * Where the real servers of this test run are: scripts/test.sh starts them and exports these.
 * Running jest directly needs the same variables (see README, "Tests").
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`npm test\` (it starts the servers)`);
  return value;
}

export const testEnv = {
  get temporalAddress() {
    return required('TEMPORAL_ADDRESS');
  },
  get namespace() {
    return process.env.TEMPORAL_NAMESPACE ?? 'default';
  },
  /** A database of its own per suite, so suites running in parallel never see each other's data. */
  mongodbUri(database: string) {
    const url = new URL(required('MONGODB_URI'));
    url.pathname = `/${database}`;
    return url.toString();
  },
  get authSecret() {
    return required('AUTH_DEV_SECRET');
  },
};

/** A name unique to this run, for task queues and databases. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
