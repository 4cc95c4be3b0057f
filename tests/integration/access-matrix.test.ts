import { SignJWT } from 'jose';
import { AppStack } from '../support/app-stack';
import { http } from '../support/http';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { waitFor } from '../support/wait-for';

/**
 * The access matrix: every /api endpoint, called without a token, with an expired one, with one
 * signed by another key, and as each role; each answer must be what the policy says
 * (domain/access-policy.ts for who may start and read, the task rules for who may act on a task).
 */
const stack = new AppStack({ name: 'matrix' });
const ROLES = {
  manager: { user: 'alice', groups: ['marketing-manager'] },
  director: { user: 'bob', groups: ['marketing-director'] },
  cmo: { user: 'claire', groups: ['cmo'] },
  catalog: { user: 'kim', groups: ['catalog-manager'] },
  ops: { user: 'olga', groups: ['ops'] },
  outsider: { user: 'eve', groups: ['sales-agent'] },
} as const;
type Role = keyof typeof ROLES;
const tokens = {} as Record<Role, string>;

interface Fixture {
  processId: string;
  taskId: string;
}
interface Endpoint {
  method: string;
  path: (f: Fixture) => string;
  body?: unknown;
  /** A fresh process (and review task, claimed by the director when `claimed`) for each call. */
  fresh?: 'open' | 'claimed';
  allowed: Partial<Record<Role, number>>;
  /** Status for every role not in `allowed`. */
  otherwise: number;
}

const draft = () => sampleStrategyDraft('Access matrix');
const ENDPOINTS: Record<string, Endpoint> = {
  'GET /api/process-definitions': { method: 'GET', path: () => '/api/process-definitions', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'POST /api/processes/{type}': { method: 'POST', path: () => '/api/processes/market-strategy', body: draft(), allowed: { manager: 201 }, otherwise: 403 },
  'GET /api/processes': { method: 'GET', path: () => '/api/processes', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'GET /api/processes/{id}': { method: 'GET', path: (f) => `/api/processes/${f.processId}`, allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'GET /api/processes/{id}/history': { method: 'GET', path: (f) => `/api/processes/${f.processId}/history`, allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'POST /api/processes/{id}/cancel': { method: 'POST', path: (f) => `/api/processes/${f.processId}/cancel`, body: {}, fresh: 'open', allowed: { manager: 200, ops: 200 }, otherwise: 403 },
  'GET /api/tasks': { method: 'GET', path: () => '/api/tasks', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200, outsider: 200 }, otherwise: 403 },
  'GET /api/tasks/{id}': { method: 'GET', path: (f) => `/api/tasks/${f.taskId}`, allowed: { director: 200, ops: 200 }, otherwise: 403 },
  'POST /api/tasks/{id}/claim': { method: 'POST', path: (f) => `/api/tasks/${f.taskId}/claim`, fresh: 'open', allowed: { director: 200 }, otherwise: 403 },
  'POST /api/tasks/{id}/complete': { method: 'POST', path: (f) => `/api/tasks/${f.taskId}/complete`, body: { outcome: 'approve' }, fresh: 'open', allowed: { director: 200 }, otherwise: 403 },
  'POST /api/tasks/{id}/unclaim': { method: 'POST', path: (f) => `/api/tasks/${f.taskId}/unclaim`, body: {}, fresh: 'claimed', allowed: { director: 200, cmo: 200, ops: 200 }, otherwise: 403 },
  'POST /api/tasks/{id}/assign': { method: 'POST', path: (f) => `/api/tasks/${f.taskId}/assign`, body: { userId: 'carol' }, fresh: 'open', allowed: { cmo: 200, ops: 200 }, otherwise: 403 },
  'POST /api/tasks/{id}/delegate': { method: 'POST', path: (f) => `/api/tasks/${f.taskId}/delegate`, body: { userId: 'ana' }, fresh: 'claimed', allowed: { director: 200 }, otherwise: 403 },
  'PATCH /api/tasks/{id}': { method: 'PATCH', path: (f) => `/api/tasks/${f.taskId}`, body: { priority: 70 }, fresh: 'open', allowed: { cmo: 200, ops: 200 }, otherwise: 403 },
  'GET /api/product-offerings': { method: 'GET', path: () => '/api/product-offerings', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'GET /api/product-offerings/{id}': { method: 'GET', path: () => '/api/product-offerings/fibre-300', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'POST /api/product-offerings': { method: 'POST', path: () => '/api/product-offerings', body: { name: 'Matrix offering' }, allowed: { catalog: 201 }, otherwise: 403 },
  'PATCH /api/product-offerings/{id}': { method: 'PATCH', path: () => '/api/product-offerings/tv-essentials', body: { description: 'Matrix' }, allowed: { catalog: 200 }, otherwise: 403 },
  'GET /api/market-segments': { method: 'GET', path: () => '/api/market-segments', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
  'GET /api/market-segments/{id}': { method: 'GET', path: () => '/api/market-segments/demo-baseline.smb', allowed: { manager: 200, director: 200, cmo: 200, catalog: 200, ops: 200 }, otherwise: 403 },
};

let shared: Fixture;

async function newFixture(state: 'open' | 'claimed'): Promise<Fixture> {
  const res = await http<{ processId: string }>(stack.baseUrl, 'POST', '/api/processes/market-strategy', { token: tokens.manager, body: draft() });
  const processId = res.body.processId;
  const taskId = `${processId}.task-review-1`;
  await waitFor('the review task', async () => (await http<{ items: { taskId: string }[] }>(stack.baseUrl, 'GET', `/api/tasks?processId=${processId}`, { token: tokens.director })).body.items.some((t) => t.taskId === taskId));
  if (state === 'claimed') await http(stack.baseUrl, 'POST', `/api/tasks/${taskId}/claim`, { token: tokens.director });
  return { processId, taskId };
}

beforeAll(async () => {
  await stack.start();
  await stack.seedDemoData();
  for (const [role, { user, groups }] of Object.entries(ROLES)) tokens[role as Role] = await stack.token(user, [...groups]);
  shared = await newFixture('open');
}, 120_000);
afterAll(() => stack.stop());

test('the matrix covers every /api endpoint the OpenAPI document lists', async () => {
  const doc = await http<{ paths: Record<string, Record<string, unknown>> }>(stack.baseUrl, 'GET', '/docs-json');
  const listed = Object.entries(doc.body.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  expect(listed.sort()).toEqual(Object.keys(ENDPOINTS).sort());
});

test.each(Object.keys(ENDPOINTS))('%s: 401 without a valid token', async (name) => {
  const e = ENDPOINTS[name];
  const expired = await stack.token('olga', ['ops'], Math.floor(Date.now() / 1000) - 60);
  const foreign = await new SignJWT({ groups: ['ops'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('olga').setExpirationTime('5m').sign(new TextEncoder().encode('not-our-secret-not-our-secret-not-ours'));
  for (const token of [undefined, expired, foreign]) {
    const res = await http<{ code: string }>(stack.baseUrl, e.method, e.path(shared), { token, body: e.body });
    expect({ token: token === undefined ? 'none' : token === expired ? 'expired' : 'foreign', status: res.status, code: res.body.code }).toEqual({
      token: token === undefined ? 'none' : token === expired ? 'expired' : 'foreign', status: 401, code: 'UNAUTHENTICATED',
    });
  }
});

test.each(Object.keys(ENDPOINTS))('%s: each role gets what the policy says', async (name) => {
  const e = ENDPOINTS[name];
  const answers: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const role of Object.keys(ROLES) as Role[]) {
    const fixture = e.fresh ? await newFixture(e.fresh) : shared;
    const res = await http(stack.baseUrl, e.method, e.path(fixture), { token: tokens[role], body: e.body });
    answers[role] = res.status;
    expected[role] = e.allowed[role] ?? e.otherwise;
  }
  expect(answers).toEqual(expected);
}, 120_000);
