/**
 * GET /api/tasks over real HTTP against the built api (no worker: this is the read side). Task
 * projection records go straight into the stack's database; every answer is compared with a
 * reference implementation of the rules below, over all pages.
 */
import type { Connection } from 'mongoose';
import { connectDatabase, type Models } from '../../db/models';
import type { TaskRecord } from '../../db/models/task.model';
import { TASK_STATES, type TaskState } from '../../domain/human-task';
import { AppStack } from '../support/app-stack';
import { http, type HttpResponse } from '../support/http';

type Params = Record<string, string>;
type Counts = Record<TaskState, number>;
type Page = { items: { taskId: string; formSchema?: unknown }[]; counts: Counts; nextCursor?: string };
type Problem = { code: string; errors?: { path: string; message: string }[] };
interface User {
  userId: string;
  groups: string[];
  token: string;
}

const stack = new AppStack({ name: 'inbox' });
let connection: Connection;
let models: Models;
const users: Record<'alice' | 'bob' | 'carol' | 'dave' | 'ana' | 'olga', User> = {} as never;
/** What the database holds, as the reference sees it. */
const records: TaskRecord[] = [];

const HOUR = 3_600_000;
const NOW = Date.now();
const CREATED = Date.parse('2027-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const GROUPS = [['marketing-director'], ['marketing-manager'], ['marketing-director', 'marketing-manager'], ['catalog-manager'], []];
const ASSIGNEES = [undefined, undefined, 'bob', 'alice', 'dave', undefined, 'carol'];
const EXCLUDED = [[], [], ['alice'], [], ['bob'], ['carol'], ['olga']];
const PRIORITIES = [50, 10, 80, 50, 90, 50, 20];
const STATE_CYCLE: TaskState[] = ['open', 'open', 'claimed', 'completed', 'cancelled', 'expired'];

function task(n: number, overrides: Partial<TaskRecord> = {}): TaskRecord {
  const process = `market-strategy-inbox${String(n % 17).padStart(2, '0')}`;
  // Due dates whole hours away from the start of the run (never "now"), repeating, so there are ties.
  const hours = ((n * 7) % 41) - 20 || 21;
  return {
    _id: `${process}.task-step-${n}`,
    taskType: n % 3 === 0 ? 'revise-market-strategy' : 'review-market-strategy',
    title: `Task ${n}`,
    processId: process,
    processType: n % 9 === 0 ? 'legacy-process' : 'market-strategy',
    businessKey: `Strategy ${n % 17}`,
    candidateGroups: GROUPS[n % GROUPS.length],
    assignee: ASSIGNEES[n % ASSIGNEES.length],
    excludedUsers: EXCLUDED[n % EXCLUDED.length],
    priority: PRIORITIES[n % PRIORITIES.length],
    dueAt: n % 4 === 0 ? undefined : iso(NOW + hours * HOUR),
    outcomes: ['approve', 'reject'],
    formSchema: { type: 'object' },
    state: STATE_CYCLE[n % STATE_CYCLE.length],
    // Pairs share a creation time: the id breaks the tie.
    createdAt: iso(CREATED - Math.floor(n / 2) * 60_000),
    revision: 1,
    ...overrides,
  };
}

async function insert(...tasks: TaskRecord[]): Promise<void> {
  await models.tasks.insertMany(tasks);
  records.push(...tasks);
}

beforeAll(async () => {
  await stack.start({ withWorker: false });
  ({ connection, models } = await connectDatabase(stack.env.MONGODB_URI as string));
  const make = async (userId: string, groups: string[]): Promise<User> => ({ userId, groups, token: await stack.token(userId, groups) });
  Object.assign(users, {
    alice: await make('alice', ['marketing-manager']),
    bob: await make('bob', ['marketing-director']),
    carol: await make('carol', ['marketing-director', 'marketing-manager']),
    dave: await make('dave', ['sales-agent']),
    ana: await make('ana', ['market-research']),
    olga: await make('olga', ['ops']),
  });
  await insert(...Array.from({ length: 90 }, (_, n) => task(n)));
  // Offered to one user by name. The mongoose schema does not declare candidateUsers (yet), so the
  // driver writes it, as a projection carrying the field would hold it.
  const offered = task(90, { state: 'open', candidateGroups: ['catalog-manager'], assignee: undefined, excludedUsers: [] });
  await models.tasks.collection.insertOne({ ...offered, candidateUsers: ['ana'] } as never);
  records.push({ ...offered, candidateUsers: ['ana'] });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await stack.stop();
});

// ---- the reference: what the API promises ----

const isOps = (u: User) => u.groups.includes('ops');

function visible(r: TaskRecord, u: User): boolean {
  if (isOps(u)) return true;
  if (r.excludedUsers?.includes(u.userId)) return false;
  return r.assignee === u.userId || (r.candidateUsers ?? []).includes(u.userId) || r.candidateGroups.some((g) => u.groups.includes(g));
}

/** Every filter but state. */
function inScope(r: TaskRecord, p: Params, u: User, now: string): boolean {
  const assignee = p.assignee === 'me' ? u.userId : p.assignee;
  return (
    visible(r, u) &&
    (assignee === undefined || r.assignee === assignee) &&
    (p.candidateGroup === undefined || r.candidateGroups.includes(p.candidateGroup)) &&
    (p.processId === undefined || r.processId === p.processId) &&
    (p.processType === undefined || r.processType === p.processType) &&
    (p.taskType === undefined || r.taskType === p.taskType) &&
    (p.priorityMin === undefined || r.priority >= Number(p.priorityMin)) &&
    (p.priorityMax === undefined || r.priority <= Number(p.priorityMax)) &&
    (p.dueAfter === undefined || (r.dueAt !== undefined && Date.parse(r.dueAt) >= Date.parse(p.dueAfter))) &&
    (p.dueBefore === undefined || (r.dueAt !== undefined && Date.parse(r.dueAt) < Date.parse(p.dueBefore))) &&
    (p.overdue === undefined || (r.dueAt !== undefined && r.dueAt < now && ['open', 'claimed'].includes(r.state)))
  );
}

const byId = (a: TaskRecord, b: TaskRecord) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** The documented order: the key in the asked direction, ties by id in the same direction; no due date last. */
function comparator(sort = '-createdAt'): (a: TaskRecord, b: TaskRecord) => number {
  const dir = sort.startsWith('-') ? -1 : 1;
  const field = sort.replace(/^-/, '') as 'createdAt' | 'dueAt' | 'priority';
  return (a, b) => {
    const av = a[field];
    const bv = b[field];
    if (field === 'dueAt' && (av === undefined) !== (bv === undefined)) return av === undefined ? 1 : -1;
    if (av !== bv && av !== undefined && bv !== undefined) return (av < bv ? -1 : 1) * dir;
    return byId(a, b) * dir;
  };
}

function expected(p: Params, u: User) {
  const now = iso(Date.now());
  const states = p.state ? p.state.split(',') : ['open', 'claimed'];
  const scoped = records.filter((r) => inScope(r, p, u, now));
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, scoped.filter((r) => r.state === s).length])) as Counts;
  const ids = scoped.filter((r) => states.includes(r.state)).sort(comparator(p.sort)).map((r) => r._id);
  return { ids, counts };
}

// ---- the API ----

const call = <T>(path: string, token: string) => http<T>(stack.baseUrl, 'GET', path, { token });
const query = (p: Params) => (Object.keys(p).length ? `?${new URLSearchParams(p).toString()}` : '');

async function page(u: User, p: Params): Promise<Page> {
  const res = await call<Page>(`/api/tasks${query(p)}`, u.token);
  if (res.status !== 200) throw new Error(`GET /api/tasks${query(p)} as ${u.userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Follows nextCursor to the end; every page's counts must be the same. */
async function allPages(u: User, p: Params, limit = 7) {
  const ids: string[] = [];
  const counts: Counts[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const body = await page(u, { ...p, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...body.items.map((t) => t.taskId));
    counts.push(body.counts);
    cursor = body.nextCursor;
    if (++pages > 100) throw new Error('more than 100 pages');
  } while (cursor);
  return { ids, counts, pages };
}

async function expectInbox(u: User, p: Params, limit = 7) {
  const want = expected(p, u);
  const got = await allPages(u, p, limit);
  expect({ user: u.userId, params: p, ids: got.ids }).toEqual({ user: u.userId, params: p, ids: want.ids });
  for (const counts of got.counts) expect({ user: u.userId, params: p, counts }).toEqual({ user: u.userId, params: p, counts: want.counts });
  return got;
}

function expectProblem(res: HttpResponse<unknown>, param: string) {
  const body = res.body as Problem;
  expect({ status: res.status, code: body.code, type: res.headers.get('content-type')?.split(';')[0] }).toEqual({ status: 400, code: 'VALIDATION_FAILED', type: 'application/problem+json' });
  expect(body.errors?.map((e) => e.path)).toContain(`/${param}`);
}

// ---- the tests ----

describe('visibility', () => {
  test("each caller's default inbox: open and claimed tasks assigned or offered to them, newest first, over all pages", async () => {
    for (const u of Object.values(users)) await expectInbox(u, {});
    const bobs = (await allPages(users.bob, { state: TASK_STATES.join(',') }, 100)).ids;
    // In bob's group but four-eyes excluded: never listed.
    expect(records.filter((r) => r.excludedUsers?.includes('bob') && r.candidateGroups.includes('marketing-director')).length).toBeGreaterThan(0);
    for (const r of records.filter((x) => x.excludedUsers?.includes('bob'))) expect(bobs).not.toContain(r._id);
    // dave has no staff group: only what is assigned to him; ana only what is offered to her by name.
    const daves = (await allPages(users.dave, { state: TASK_STATES.join(',') }, 100)).ids;
    expect(daves.length).toBeGreaterThan(0);
    for (const id of daves) expect(records.find((r) => r._id === id)?.assignee).toBe('dave');
    expect((await allPages(users.ana, {}, 100)).ids).toEqual(['market-strategy-inbox05.task-step-90']);
  });

  test('ops sees every task, including those it is excluded from acting on', async () => {
    const all = await expectInbox(users.olga, { state: TASK_STATES.join(',') }, 25);
    expect(all.ids).toHaveLength(records.length);
    expect(all.ids).toEqual(expect.arrayContaining(records.filter((r) => r.excludedUsers?.includes('olga')).map((r) => r._id)));
  });

  test('the list leaves out form schemas (GET /api/tasks/{id} has them)', async () => {
    const body = await page(users.olga, { limit: '5' });
    expect(body.items.length).toBe(5);
    for (const item of body.items) expect(item.formSchema).toBeUndefined();
  });
});

describe('filters', () => {
  const someProcess = 'market-strategy-inbox03';
  const cases: Params[] = [
    { state: 'completed' },
    { state: 'open,cancelled,expired' },
    { assignee: 'me' },
    { assignee: 'bob', state: TASK_STATES.join(',') },
    { candidateGroup: 'marketing-manager' },
    { candidateGroup: 'catalog-manager', state: TASK_STATES.join(',') },
    { processId: someProcess, state: TASK_STATES.join(',') },
    { processType: 'market-strategy' },
    { taskType: 'revise-market-strategy' },
    { priorityMin: '50' },
    { priorityMax: '50' },
    { priorityMin: '20', priorityMax: '80', state: 'open,claimed,completed' },
    { dueBefore: iso(NOW) },
    { dueAfter: iso(NOW + 5 * HOUR) },
    // Not UTC and without milliseconds: normalised before comparing with the stored toISOString() values.
    { dueAfter: new Date(NOW - 3 * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'), dueBefore: '2099-01-01T02:00:00+02:00' },
    { overdue: 'true' },
    { overdue: 'true', sort: 'dueAt' },
    { overdue: 'true', state: 'completed' },
    { candidateGroup: 'marketing-director', sort: '-priority', priorityMin: '50', taskType: 'review-market-strategy' },
  ];

  test.each(cases)('%o for carol (two groups) and for ops', async (p) => {
    for (const u of [users.carol, users.olga]) await expectInbox(u, p, 6);
  });

  test('each case selects something and leaves something out (overdue and completed: nothing, by definition)', () => {
    const all = expected({ state: TASK_STATES.join(',') }, users.olga).ids.length;
    for (const p of cases) {
      const some = expected(p, users.carol).ids.length > 0 && expected(p, users.olga).ids.length > 0;
      const notAll = expected(p, users.olga).ids.length < all;
      const none = p.overdue !== undefined && p.state === 'completed';
      expect({ p, some, notAll }).toEqual({ p, some: !none && (p.assignee !== 'me'), notAll: true });
    }
  });
});

describe('sorting', () => {
  const sorts = ['createdAt', '-createdAt', 'dueAt', '-dueAt', 'priority', '-priority'];

  test.each(sorts)('sort=%s over all pages, for ops and for bob', async (sort) => {
    for (const u of [users.olga, users.bob]) await expectInbox(u, { sort, state: TASK_STATES.join(',') }, 9);
    await expectInbox(users.carol, { sort }, 4);
  });

  test('tasks without due date come last in both dueAt directions, and a page can start among them', async () => {
    for (const sort of ['dueAt', '-dueAt']) {
      const { ids } = await allPages(users.olga, { sort, state: TASK_STATES.join(',') }, 10);
      const dated = ids.map((id) => records.find((r) => r._id === id)?.dueAt !== undefined);
      const firstUndated = dated.indexOf(false);
      expect(firstUndated).toBeGreaterThan(0);
      expect(dated.slice(firstUndated).every((d) => !d)).toBe(true);
      expect(firstUndated % 10).not.toBe(0); // the page that crosses over holds both kinds
    }
  });
});

describe('paging', () => {
  test.each(['-createdAt', 'dueAt', '-dueAt', '-priority', 'priority'])(
    'sort=%s: a cursor walk while tasks arrive between pages has no duplicates and no gaps',
    async (sort) => {
      const u = users.olga;
      const p = { sort, state: TASK_STATES.join(',') };
      const before = expected(p, u).ids;
      const order = comparator(sort);
      const seen: string[] = [];
      let cursor: string | undefined;
      let n = 0;
      do {
        const body = await page(u, { ...p, limit: '8', ...(cursor ? { cursor } : {}) });
        seen.push(...body.items.map((t) => t.taskId));
        cursor = body.nextCursor;
        // Three new tasks after each of the first pages: newest, oldest and in between; due early, late
        // or never; priorities at both ends (so some land before the cursor and some after it).
        const k = records.length + 1000;
        if (n < 6) await insert(
          task(k, { _id: `inserted-${sort}-${n}-a.task-x`, createdAt: iso(CREATED + HOUR + n * 1000), priority: 100, dueAt: iso(NOW - 40 * HOUR) }),
          task(k + 1, { _id: `inserted-${sort}-${n}-b.task-x`, createdAt: iso(CREATED - 10 * HOUR - n * 1000), priority: 0, dueAt: undefined }),
          task(k + 2, { _id: `inserted-${sort}-${n}-c.task-x`, createdAt: iso(CREATED - 20 * 60_000), priority: 50, dueAt: iso(NOW + 40 * HOUR) }),
        );
        n++;
      } while (cursor && n < 100);
      expect(cursor).toBeUndefined();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(before));
      const walked = seen.map((id) => records.find((r) => r._id === id) as TaskRecord);
      for (let i = 1; i < walked.length; i++) expect(order(walked[i - 1], walked[i])).toBeLessThan(0);
    },
  );

  test('counts per state: the same filters without state, the same on every page', async () => {
    const p = { candidateGroup: 'marketing-director', sort: 'priority' };
    const first = await page(users.carol, { ...p, limit: '3' });
    const second = await page(users.carol, { ...p, limit: '3', cursor: first.nextCursor as string });
    const completed = await page(users.carol, { ...p, state: 'completed' });
    expect(first.counts).toEqual(expected(p, users.carol).counts);
    expect(second.counts).toEqual(first.counts);
    expect(completed.counts).toEqual(first.counts);
    expect(Object.keys(first.counts).sort()).toEqual([...TASK_STATES].sort());
    expect(first.counts.completed).toBeGreaterThan(0);
  });
});

describe('bad parameters are 400 VALIDATION_FAILED naming the parameter', () => {
  test.each([
    ['state', 'state=sleeping'],
    ['state', 'state=open,done'],
    ['assignee', 'assignee=a&assignee=b'],
    ['candidateGroup', `candidateGroup=${'x'.repeat(201)}`],
    ['processId', 'processId=a&processId=b'],
    ['processType', 'processType=no-such-type'],
    ['taskType', `taskType=${'t'.repeat(300)}`],
    ['priorityMin', 'priorityMin=high'],
    ['priorityMin', 'priorityMin=-1'],
    ['priorityMax', 'priorityMax=1.5'],
    ['priorityMax', 'priorityMax=101'],
    ['priorityMax', 'priorityMin=60&priorityMax=50'],
    ['dueBefore', 'dueBefore=tomorrow'],
    ['dueAfter', 'dueAfter=2027-01-01'],
    ['dueBefore', 'dueAfter=2027-01-02T00:00:00Z&dueBefore=2027-01-01T00:00:00Z'],
    ['overdue', 'overdue=yes'],
    ['overdue', 'overdue=false'],
    ['sort', 'sort=title'],
    ['sort', 'sort=%2BdueAt'],
    ['limit', 'limit=0'],
    ['limit', 'limit=101'],
    ['cursor', 'cursor=not-a-cursor'],
    ['cursor', `cursor=${Buffer.from(JSON.stringify([1, '-createdAt', { $gt: '' }, 'x'])).toString('base64url')}`],
    ['status', 'status=open'],
  ])('%s: ?%s', async (param, qs) => {
    expectProblem(await call(`/api/tasks?${qs}`, users.bob.token), param);
  });

  test('a cursor made for another sort', async () => {
    const first = await page(users.olga, { sort: 'dueAt', limit: '2' });
    expect(first.nextCursor).toBeDefined();
    const res = await call<Problem>(`/api/tasks?sort=-priority&limit=2&cursor=${first.nextCursor}`, users.olga.token);
    expectProblem(res, 'cursor');
    expect(res.body.errors?.[0]?.message).toMatch(/sort=dueAt/);
    // Without sort the default (-createdAt) applies, which is not the cursor's either.
    expectProblem(await call(`/api/tasks?cursor=${first.nextCursor}`, users.olga.token), 'cursor');
  });
});
