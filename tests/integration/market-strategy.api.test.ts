import { SignJWT } from 'jose';
import { demoCustomers } from '../../demo/demo-data';
import { matchesCriteria } from '../../domain/segment-criteria';
import { useSeededStack } from '../support/seeded-stack';
import { expectProblem } from '../support/problem';
import { http } from '../support/http';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { uniqueName } from '../support/test-env';
import { waitFor } from '../support/wait-for';

type Json = Record<string, unknown>;
type Task = { taskId: string; state: string; assignee?: string; taskType: string; formSchema?: Json; outcomes: string[] };

const { stack, tokens } = useSeededStack({}, {
  alice: ['alice', ['marketing-manager']],
  dave: ['dave', ['marketing-manager']],
  bob: ['bob', ['marketing-director']],
  carol: ['carol', ['marketing-director']],
  ops: ['olga', ['ops']],
  cat: ['kim', ['catalog-manager']],
  nobody: ['eve', ['sales-agent']],
  cmo: ['claire', ['cmo']],
  analyst: ['ana', ['market-research']],
});

const call = <T = Json>(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) => stack.call<T>(method, path, token, body, headers);

async function inbox(token: string, query = ''): Promise<Task[]> {
  return (await call<{ items: Task[] }>('GET', `/api/tasks${query}`, token)).body.items;
}

/** Waits for the task of this step to reach the caller's inbox (the projection is written by an activity). */
function taskInInbox(token: string, processId: string, step: string): Promise<Task> {
  return waitFor(`task ${step} of ${processId} in the inbox`, async () =>
    (await inbox(token, `?processId=${processId}`)).find((t) => t.taskId === `${processId}.task-${step}`),
  );
}

async function startStrategy(token: string, body: unknown = sampleStrategyDraft(), key?: string) {
  return call<Json>('POST', '/api/processes/market-strategy', token, body, key ? { 'idempotency-key': key } : undefined);
}

describe('operations endpoints', () => {
  test('health, metrics and OpenAPI are served without a token', async () => {
    const health = await call<{ status: string; checks: Json }>('GET', '/health');
    expect(health.body).toEqual({ status: 'up', checks: { temporal: { status: 'up' }, mongodb: { status: 'up' } } });
    await call('GET', '/api/process-definitions', tokens.alice);
    const metrics = await call<string>('GET', '/metrics');
    expect(metrics.body).toMatch(/etomflow_http_requests_total\{method="GET",route="\/api\/process-definitions",status="200"\} \d+/);
    const openapi = await call<{ openapi: string; paths: Json }>('GET', '/docs-json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/processes/{type}', '/api/tasks/{id}/complete', '/api/market-segments']));
    expect((await call('GET', '/docs')).status).toBe(200);
  });
});

describe('identity and access', () => {
  test('every /api endpoint needs a valid token', async () => {
    const wrongSecret = await new SignJWT({ groups: ['ops'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('olga').setExpirationTime('5m').sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const expired = await stack.token('alice', ['marketing-manager'], Math.floor(Date.now() / 1000) - 60);
    for (const token of [undefined, 'not-a-jwt', wrongSecret, expired]) {
      for (const [method, path] of [['GET', '/api/processes'], ['GET', '/api/tasks'], ['POST', '/api/processes/market-strategy'], ['GET', '/api/product-offerings']]) {
        expectProblem(await call(method, path, token), 401, 'UNAUTHENTICATED');
      }
    }
  });

  test('groups decide who may start, read and change', async () => {
    expectProblem(await startStrategy(tokens.bob), 403, 'FORBIDDEN');
    expectProblem(await call('GET', '/api/processes', tokens.nobody), 403, 'FORBIDDEN');
    expectProblem(await call('POST', '/api/product-offerings', tokens.alice, { name: 'Mobile 1 GB' }), 403, 'FORBIDDEN');
    const definitions = await call<{ type: string; mayStart: boolean; startGroups: string[]; inputSchema: Json }[]>('GET', '/api/process-definitions', tokens.bob);
    expect(definitions.body).toEqual([expect.objectContaining({ type: 'market-strategy', mayStart: false, startGroups: ['marketing-manager'] })]);
    expect(definitions.body[0]?.inputSchema).toHaveProperty('properties.segments');
  });
});

describe('bad input', () => {
  test('an invalid draft is a 400 listing each field, and nothing starts', async () => {
    const draft = sampleStrategyDraft('Invalid one');
    draft.segments[1] = { key: 'b', name: 'B', criteria: { attribute: 'age', operator: 'gt', value: 'old' } };
    draft.offeringTargets.push({ productOfferingId: 'fibre-300', segmentKeys: ['missing'] });
    const problem = expectProblem(await startStrategy(tokens.alice, draft), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual(expect.arrayContaining([
      { path: '/segments/1/criteria/value', message: 'must be a number for age' },
      { path: '/offeringTargets/2/segmentKeys/0', message: 'no segment with key missing' },
    ]));
    const unknownOffering = sampleStrategyDraft('Unknown offering');
    unknownOffering.offeringTargets[0] = { productOfferingId: 'no-such-offering', segmentKeys: ['young-no-fibre'] };
    expect(expectProblem(await startStrategy(tokens.alice, unknownOffering), 400, 'VALIDATION_FAILED').errors).toEqual([
      { path: '/offeringTargets/0/productOfferingId', message: 'no product offering no-such-offering' },
    ]);
    const raw = await http(stack.baseUrl, 'POST', '/api/processes/market-strategy', { token: tokens.alice, rawBody: '{"name": ' });
    expectProblem(raw, 400, 'MALFORMED_JSON');
    expectProblem(await call('GET', '/api/processes?status=sleeping', tokens.alice), 400, 'VALIDATION_FAILED');
    expectProblem(await call('GET', "/api/processes?businessKey=x'%20OR%20'1'='1", tokens.alice), 400, 'VALIDATION_FAILED');
    expectProblem(await call('GET', '/api/tasks?limit=0', tokens.bob), 400, 'VALIDATION_FAILED');
    const list = await call<{ items: { businessKey: string }[] }>('GET', '/api/processes?businessKey=Invalid%20one', tokens.alice);
    expect(list.body.items).toEqual([]);
  });

  test('unknown ids are 404', async () => {
    expectProblem(await call('GET', '/api/processes/market-strategy-nope', tokens.alice), 404, 'NOT_FOUND');
    expectProblem(await call('GET', '/api/processes/market-strategy-nope/history', tokens.alice), 404, 'NOT_FOUND');
    expectProblem(await call('POST', '/api/processes/market-strategy-nope/cancel', tokens.alice, {}), 404, 'NOT_FOUND');
    expectProblem(await call('GET', '/api/tasks/market-strategy-nope.task-review-1', tokens.bob), 404, 'NOT_FOUND');
    expectProblem(await call('POST', '/api/tasks/market-strategy-nope.task-review-1/complete', tokens.bob, { outcome: 'approve' }), 404, 'NOT_FOUND');
    expectProblem(await call('POST', '/api/processes/no-such-type', tokens.alice, {}), 404, 'UNKNOWN_PROCESS_TYPE');
    expectProblem(await call('GET', '/api/market-segments/nope', tokens.alice), 404, 'NOT_FOUND');
  });
});

describe('idempotent start', () => {
  test('the same Idempotency-Key gives the same instance; another input under it is a conflict', async () => {
    const key = uniqueName('idem');
    const draft = sampleStrategyDraft(`Idempotent ${key}`);
    const first = await startStrategy(tokens.alice, draft, key);
    const second = await startStrategy(tokens.alice, draft, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.processId).toBe(first.body.processId);
    expectProblem(await startStrategy(tokens.alice, sampleStrategyDraft('Something else'), key), 409, 'IDEMPOTENCY_CONFLICT');
    // Another user's identical key is another request.
    const dave = await startStrategy(tokens.dave, draft, key);
    expect(dave.status).toBe(201);
    expect(dave.body.processId).not.toBe(first.body.processId);
    const mine = await waitFor('visibility of the two instances', async () => {
      const res = await call<{ items: { processId: string }[] }>('GET', `/api/processes?businessKey=${encodeURIComponent(draft.name)}`, tokens.alice);
      return res.body.items.length === 2 ? res.body.items : undefined;
    });
    expect(mine.map((p) => p.processId).sort()).toEqual([first.body.processId, dave.body.processId].sort());
  });
});

describe('the market strategy path', () => {
  test('two directors completing the same review at once: exactly one wins, the other gets 409 and changes nothing', async () => {
    const processId = (await startStrategy(tokens.alice, sampleStrategyDraft('Concurrent review'))).body.processId as string;
    const review = await taskInInbox(tokens.bob, processId, 'review-1');
    const answers = await Promise.all([
      call<Task>('POST', `/api/tasks/${review.taskId}/complete`, tokens.bob, { outcome: 'approve' }),
      call<Task>('POST', `/api/tasks/${review.taskId}/complete`, tokens.carol, { outcome: 'reject', data: { comments: 'Not now' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409);
    if (!loser) throw new Error('no completion was refused');
    expectProblem(loser, 409, 'TASK_NOT_OPEN');
    const winner = answers.find((a) => a.status === 200)?.body as Task & { completedBy: string; outcome: string };
    const history = await waitFor('the process to close', async () => {
      const res = await call<{ action: string; actor: string }[]>('GET', `/api/processes/${processId}/history`, tokens.alice);
      return res.body.some((e) => e.action === 'process.completed' || e.action === 'process.rejected') ? res.body : undefined;
    });
    expect(history.filter((e) => e.action === 'task.completed')).toEqual([expect.objectContaining({ actor: winner.completedBy })]);
    expect(history.some((e) => e.action === (winner.outcome === 'approve' ? 'process.completed' : 'process.rejected'))).toBe(true);
  });

  test('draft, review with changes requested, revision, approval, activation', async () => {
    const started = await startStrategy(tokens.alice, sampleStrategyDraft('Fibre growth 2027'));
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    expect(started.headers.get('location')).toBe(`/api/processes/${processId}`);

    const review1 = await taskInInbox(tokens.bob, processId, 'review-1');
    expect(review1.state).toBe('open');
    expect((await inbox(tokens.alice, `?processId=${processId}`)).map((t) => t.taskId)).not.toContain(review1.taskId);
    const detail = await call<Task>('GET', `/api/tasks/${review1.taskId}`, tokens.bob);
    expect(detail.body.formSchema).toHaveProperty('properties.comments');
    expect(detail.body.outcomes).toEqual(['approve', 'requestChanges', 'reject']);
    const running = await call<{ stage: string; openTasks: { taskId: string }[] }>('GET', `/api/processes/${processId}`, tokens.alice);
    expect(running.body.stage).toBe('review');
    expect(running.body.openTasks.map((t) => t.taskId)).toEqual([review1.taskId]);

    expectProblem(await call('POST', `/api/tasks/${review1.taskId}/complete`, tokens.alice, { outcome: 'approve' }), 403, 'EXCLUDED_USER');
    expect((await call<Task>('POST', `/api/tasks/${review1.taskId}/claim`, tokens.bob)).body.assignee).toBe('bob');
    expectProblem(await call('POST', `/api/tasks/${review1.taskId}/claim`, tokens.carol), 409, 'TASK_CLAIMED_BY_OTHER');
    const noComment = expectProblem(await call('POST', `/api/tasks/${review1.taskId}/complete`, tokens.bob, { outcome: 'requestChanges' }), 400, 'FORM_INVALID');
    expect(noComment.errors).toEqual([{ path: '/data/comments', message: 'comments are required when the outcome is requestChanges' }]);
    expectProblem(await call('POST', `/api/tasks/${review1.taskId}/complete`, tokens.bob, { outcome: 'approve', extra: 1 }), 400, 'VALIDATION_FAILED');
    const completed = await call<Task>('POST', `/api/tasks/${review1.taskId}/complete`, tokens.bob, { outcome: 'requestChanges', data: { comments: 'Add small businesses' } });
    expect(completed.status).toBe(200);
    expect(completed.body.state).toBe('completed');
    expectProblem(await call('POST', `/api/tasks/${review1.taskId}/complete`, tokens.bob, { outcome: 'approve' }), 409, 'TASK_NOT_OPEN');

    const revision = await taskInInbox(tokens.alice, processId, 'revision-1');
    expect(revision).toMatchObject({ state: 'claimed', assignee: 'alice' });
    const revised = sampleStrategyDraft('Fibre growth 2027');
    revised.segments.push({ key: 'smb', name: 'Small business', criteria: { attribute: 'customerType', operator: 'eq', value: 'business' } });
    revised.offeringTargets.push({ productOfferingId: 'business-pro', segmentKeys: ['smb'] });
    const broken = { ...revised, segments: [{ key: 'x', name: 'X', criteria: { attribute: 'age', operator: 'regex', value: '.*' } }] };
    const refused = expectProblem(await call('POST', `/api/tasks/${revision.taskId}/complete`, tokens.alice, { outcome: 'resubmit', data: { draft: broken } }), 400, 'FORM_INVALID');
    expect(refused.errors?.[0]?.path).toBe('/data/draft/segments/0/criteria/operator');
    await call('POST', `/api/tasks/${revision.taskId}/complete`, tokens.alice, { outcome: 'resubmit', data: { draft: revised, comments: 'Added SMB' } });

    const review2 = await taskInInbox(tokens.carol, processId, 'review-2');
    expect((await call('POST', `/api/tasks/${review2.taskId}/complete`, tokens.carol, { outcome: 'approve' })).status).toBe(200);

    const done = await waitFor('the process to complete', async () => {
      const res = await call<{ executionStatus: string; status: string; stage: string; data: { activation: { segmentSizes: Record<string, number> } } }>('GET', `/api/processes/${processId}`, tokens.alice);
      return res.body.executionStatus === 'completed' ? res.body : undefined;
    });
    expect(done).toMatchObject({ status: 'completed', stage: 'published' });

    // Segment sizes are the demo customers matching each criteria, counted independently here.
    const customers = demoCustomers();
    const segments = await call<{ items: { id: string; lifecycleStatus: string; size: number; productOffering: { id: string }[] }[] }>('GET', `/api/market-segments?marketStrategyId=${processId}`, tokens.alice);
    expect(segments.body.items).toHaveLength(3);
    for (const segment of revised.segments) {
      const expected = customers.filter((c) => matchesCriteria(segment.criteria, c.attributes)).length;
      const stored = segments.body.items.find((s) => s.id === `${processId}.${segment.key}`);
      expect({ key: segment.key, status: stored?.lifecycleStatus, size: stored?.size }).toEqual({ key: segment.key, status: 'active', size: expected });
      expect(done.data.activation.segmentSizes[segment.key]).toBe(expected);
    }
    expect(customers.filter((c) => matchesCriteria(revised.segments[2].criteria, c.attributes)).length).toBeGreaterThan(0);
    const offering = await call<{ marketSegment: { id: string }[] }>('GET', '/api/product-offerings/business-pro', tokens.alice);
    expect(offering.body.marketSegment.map((r) => r.id)).toContain(`${processId}.smb`);

    const history = await call<{ actor: string; action: string }[]>('GET', `/api/processes/${processId}/history`, tokens.alice);
    expect(history.body.filter((e) => e.action === 'task.completed').map((e) => e.actor)).toEqual(['bob', 'alice', 'carol']);
    expect(history.body.at(-1)).toMatchObject({ action: 'process.completed' });

    const listed = await waitFor('visibility of the published stage', async () => {
      const res = await call<{ items: { processId: string; stage: string; executionStatus: string }[] }>('GET', '/api/processes?type=market-strategy&status=completed&owner=me', tokens.alice);
      return res.body.items.find((p) => p.processId === processId && p.stage === 'published');
    });
    expect(listed.executionStatus).toBe('completed');
  });

  test('cancel: only the owner or ops; open tasks leave the inbox saying why', async () => {
    const started = await startStrategy(tokens.alice, sampleStrategyDraft('To be cancelled'));
    const processId = started.body.processId as string;
    const review = await taskInInbox(tokens.bob, processId, 'review-1');
    expectProblem(await call('POST', `/api/processes/${processId}/cancel`, tokens.bob, {}), 403, 'FORBIDDEN');
    expectProblem(await call('POST', `/api/processes/${processId}/cancel`, tokens.alice, { reason: 7 }), 400, 'VALIDATION_FAILED');
    const cancelled = await call<{ executionStatus: string; status: string }>('POST', `/api/processes/${processId}/cancel`, tokens.alice, { reason: 'budget moved to 2028' });
    expect(cancelled.body).toMatchObject({ executionStatus: 'cancelled', status: 'cancelled' });
    expect((await inbox(tokens.bob, `?processId=${processId}`)).map((t) => t.taskId)).not.toContain(review.taskId);
    const task = await call<Task & { cancelReason: string }>('GET', `/api/tasks/${review.taskId}`, tokens.bob);
    expect(task.body).toMatchObject({ state: 'cancelled', cancelReason: 'process cancelled' });
    const history = await call<{ actor: string; action: string; details?: Json }[]>('GET', `/api/processes/${processId}/history`, tokens.ops);
    expect(history.body).toContainEqual(expect.objectContaining({ action: 'process.cancelled', actor: 'alice', details: { reason: 'budget moved to 2028' } }));
    expectProblem(await call('POST', `/api/processes/${processId}/cancel`, tokens.ops, {}), 409, 'PROCESS_NOT_RUNNING');
    const segments = await call<{ items: { lifecycleStatus: string }[] }>('GET', `/api/market-segments?marketStrategyId=${processId}`, tokens.alice);
    expect(segments.body.items.map((s) => s.lifecycleStatus)).toEqual(['retired', 'retired']);
  });
});

describe('task operations', () => {
  test('unclaim, assign by a manager, delegate and resolve, priority changes: each with its rule and its reason', async () => {
    const started = await startStrategy(tokens.alice, sampleStrategyDraft('Task operations'));
    const processId = started.body.processId as string;
    const review = await taskInInbox(tokens.bob, processId, 'review-1');
    const task = (path = '') => `/api/tasks/${review.taskId}${path}`;

    await call('POST', task('/claim'), tokens.bob);
    expectProblem(await call('POST', task('/unclaim'), tokens.carol, {}), 403, 'FORBIDDEN');
    expect((await call<Task>('POST', task('/unclaim'), tokens.bob, { reason: 'conflict of interest' })).body.state).toBe('open');
    expectProblem(await call('POST', task('/assign'), tokens.bob, { userId: 'carol' }), 403, 'FORBIDDEN');
    expectProblem(await call('POST', task('/assign'), tokens.cmo, { userId: 'alice' }), 403, 'EXCLUDED_USER');
    expectProblem(await call('POST', task('/assign'), tokens.cmo, {}), 400, 'VALIDATION_FAILED');
    expect((await call<Task>('POST', task('/assign'), tokens.cmo, { userId: 'carol', reason: 'knows the market' })).body).toMatchObject({ state: 'claimed', assignee: 'carol' });

    expectProblem(await call('PATCH', task(), tokens.carol, { priority: 90 }), 403, 'FORBIDDEN');
    expectProblem(await call('PATCH', task(), tokens.cmo, { priority: 900 }), 400, 'VALIDATION_FAILED');
    expect((await call<{ priority: number }>('PATCH', task(), tokens.cmo, { priority: 90, reason: 'board next week' })).body.priority).toBe(90);

    expect((await call<Task>('POST', task('/delegate'), tokens.carol, { userId: 'ana', reason: 'needs the segment sizes checked' })).body.assignee).toBe('ana');
    const delegated = await waitFor('the delegated task in the analyst inbox', async () => (await inbox(tokens.analyst)).find((t) => t.taskId === review.taskId));
    expect(delegated.assignee).toBe('ana');
    const resolved = await call<Task & { delegation: Json }>('POST', task('/complete'), tokens.analyst, { outcome: 'approve', data: { comments: 'sizes are right' } });
    expect(resolved.body).toMatchObject({ state: 'claimed', assignee: 'carol', delegation: { state: 'resolved', owner: 'carol' } });
    expect((await call<Task>('POST', task('/complete'), tokens.carol, { outcome: 'approve' })).body.state).toBe('completed');

    const history = await waitFor('the completion in the history', async () => {
      const res = await call<{ action: string; actor: string; details?: { reason?: string } }[]>('GET', `/api/processes/${processId}/history`, tokens.alice);
      return res.body.some((e) => e.action === 'task.completed') ? res.body : undefined;
    });
    expect(history.filter((e) => e.action.startsWith('task.')).map((e) => [e.action, e.actor, e.details?.reason])).toEqual([
      ['task.created', 'system', undefined],
      ['task.claimed', 'bob', undefined],
      ['task.unclaimed', 'bob', 'conflict of interest'],
      ['task.assigned', 'claire', 'knows the market'],
      ['task.updated', 'claire', 'board next week'],
      ['task.delegated', 'carol', 'needs the segment sizes checked'],
      ['task.resolved', 'ana', undefined],
      ['task.completed', 'carol', undefined],
    ]);
  });
});

describe('product catalog', () => {
  test('catalog managers create and change offerings; segment links are not theirs to set', async () => {
    const created = await call<{ id: string; href: string; lifecycleStatus: string }>('POST', '/api/product-offerings', tokens.cat, {
      id: 'mobile-1gb', name: 'Mobile 1 GB', productOfferingPrice: [{ name: 'Monthly fee', priceType: 'recurring', recurringChargePeriod: 'month', price: { unit: 'EUR', value: 4.9 } }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'mobile-1gb', href: '/api/product-offerings/mobile-1gb', lifecycleStatus: 'inStudy' });
    expectProblem(await call('POST', '/api/product-offerings', tokens.cat, { id: 'mobile-1gb', name: 'Again' }), 409, 'ALREADY_EXISTS');
    expect((await call<{ name: string }>('GET', '/api/product-offerings/mobile-1gb', tokens.alice)).body.name).toBe('Mobile 1 GB');
    const patched = await call<{ lifecycleStatus: string; name: string }>('PATCH', '/api/product-offerings/mobile-1gb', tokens.cat, { lifecycleStatus: 'active' });
    expect(patched.body).toMatchObject({ lifecycleStatus: 'active', name: 'Mobile 1 GB' });
    expectProblem(await call('PATCH', '/api/product-offerings/mobile-1gb', tokens.cat, { marketSegment: [{ id: 'x' }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await call('PATCH', '/api/product-offerings/nope', tokens.cat, { name: 'x' }), 404, 'NOT_FOUND');
    const active = await call<{ items: { id: string }[]; total: number }>('GET', '/api/product-offerings?lifecycleStatus=active&limit=100', tokens.alice);
    expect(active.body.items.map((o) => o.id)).toContain('mobile-1gb');
  });
});
