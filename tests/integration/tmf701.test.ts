import { useSeededStack } from '../support/seeded-stack';
import { expectProblem } from '../support/problem';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { uniqueName } from '../support/test-env';
import { waitFor } from '../support/wait-for';

type Json = Record<string, unknown>;
type Characteristic = { name: string; value: unknown };
type ProcessFlow = { id: string; href: string; '@type': string; processFlowSpecification: string; state: string; relatedParty: { id: string; role: string }[]; characteristic: Characteristic[]; taskFlow?: { id: string }[] };
type TaskFlow = { id: string; href: string; '@type': string; taskFlowSpecification: string; state: string; characteristic: Characteristic[]; relatedParty: { id: string; role: string }[] };

const BASE = '/tmf-api/processFlowManagement/v4';
const { stack, tokens } = useSeededStack({ name: 'tmf701' }, {
  alice: ['alice', ['marketing-manager']],
  bob: ['bob', ['marketing-director']],
  nobody: ['eve', ['sales-agent']],
});

const call = <T = Json>(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) => stack.call<T>(method, path, token, body, headers);

const value = (list: Characteristic[], name: string) => list.find((c) => c.name === name)?.value;

function createFlow(name: string, key?: string) {
  return call<ProcessFlow>('POST', `${BASE}/processFlow`, tokens.alice, {
    '@type': 'ProcessFlow',
    processFlowSpecification: 'market-strategy',
    characteristic: [{ name: 'input', value: sampleStrategyDraft(name) }],
  }, key ? { 'idempotency-key': key } : undefined);
}

describe('TMF701 processFlow and taskFlow', () => {
  test('create, list, get, complete the review by PATCH, and the flow completes', async () => {
    const key = uniqueName('tmf');
    const created = await createFlow('TMF fibre', key);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ '@type': 'ProcessFlow', href: `${BASE}/processFlow/${id}`, processFlowSpecification: 'market-strategy', state: 'active', relatedParty: [{ id: 'alice', role: 'owner' }] });
    expect(created.headers.get('location')).toBe(`${BASE}/processFlow/${id}`);
    const again = await createFlow('TMF fibre', key);
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id });

    const listed = await waitFor('the process flow in the list', async () => {
      const res = await call<ProcessFlow[]>('GET', `${BASE}/processFlow?processFlowSpecification=market-strategy&state=active&limit=100`, tokens.alice);
      return res.body.find((p) => p.id === id) ? res : undefined;
    });
    expect(Number(listed.headers.get('x-result-count'))).toBe(listed.body.length);
    const slim = await call<Json[]>('GET', `${BASE}/processFlow?state=active&fields=state`, tokens.alice);
    expect(Object.keys(slim.body[0] ?? {}).sort()).toEqual(['@type', 'href', 'id', 'state']);

    const reviewId = `${id}.task-review-1`;
    const running = await waitFor('the review task flow on the process flow', async () => {
      const res = await call<ProcessFlow>('GET', `${BASE}/processFlow/${id}`, tokens.alice);
      return res.body.taskFlow?.some((t) => t.id === reviewId) ? res.body : undefined;
    });
    expect(running).toMatchObject({ state: 'active', id });
    expect(value(running.characteristic, 'stage')).toBe('review');

    const tasks = await waitFor('the review in the taskFlow list', async () => {
      const res = await call<TaskFlow[]>('GET', `${BASE}/processFlow/${id}/taskFlow`, tokens.bob);
      return res.body.some((t) => t.id === reviewId) ? res.body : undefined;
    });
    expect(tasks.find((t) => t.id === reviewId)).toMatchObject({ '@type': 'TaskFlow', state: 'new', taskFlowSpecification: 'review-market-strategy' });
    const one = await call<TaskFlow>('GET', `${BASE}/processFlow/${id}/taskFlow/${reviewId}`, tokens.bob);
    expect(one.body).toMatchObject({ id: reviewId, href: `${BASE}/processFlow/${id}/taskFlow/${reviewId}`, state: 'new' });
    expect(value(one.body.characteristic, 'outcomes')).toEqual(['approve', 'requestChanges', 'reject']);

    const path = `${BASE}/processFlow/${id}/taskFlow/${reviewId}`;
    const approve = { state: 'completed', characteristic: [{ name: 'outcome', value: 'approve' }, { name: 'data', value: { comments: 'fine' } }] };
    expectProblem(await call('PATCH', path, tokens.bob, { state: 'active' }), 400, 'VALIDATION_FAILED');
    expectProblem(await call('PATCH', path, tokens.bob, { state: 'completed', characteristic: [{ name: 'outcome', value: 'maybe' }] }), 400, 'OUTCOME_NOT_ALLOWED');
    expectProblem(await call('PATCH', path, tokens.alice, approve), 403, 'EXCLUDED_USER');
    expectProblem(await call('PATCH', `${BASE}/processFlow/market-strategy-other/taskFlow/${reviewId}`, tokens.bob, approve), 404, 'NOT_FOUND');
    const completed = await call<TaskFlow>('PATCH', path, tokens.bob, approve);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ state: 'completed' });
    expect(value(completed.body.characteristic, 'outcome')).toBe('approve');
    expect(completed.body.relatedParty).toContainEqual(expect.objectContaining({ id: 'bob', role: 'performer' }));
    expectProblem(await call('PATCH', path, tokens.bob, approve), 409, 'TASK_NOT_OPEN');

    const done = await waitFor('the process flow to complete', async () => {
      const res = await call<ProcessFlow>('GET', `${BASE}/processFlow/${id}`, tokens.alice);
      return res.body.state === 'completed' ? res.body : undefined;
    });
    expect(value(done.characteristic, 'stage')).toBe('published');
  });

  test('DELETE cancels a process flow (204); it reads as cancelled', async () => {
    const created = await createFlow('TMF to cancel');
    const id = created.body.id;
    expectProblem(await call('DELETE', `${BASE}/processFlow/${id}`, tokens.bob), 403, 'FORBIDDEN');
    const deleted = await call('DELETE', `${BASE}/processFlow/${id}`, tokens.alice);
    expect(deleted.status).toBe(204);
    const cancelled = await waitFor('the process flow to read as cancelled', async () => {
      const res = await call<ProcessFlow>('GET', `${BASE}/processFlow/${id}`, tokens.alice);
      return res.body.state === 'cancelled' ? res.body : undefined;
    });
    expect(value(cancelled.characteristic, 'executionStatus')).toBe('cancelled');
    expectProblem(await call('DELETE', `${BASE}/processFlow/${id}`, tokens.alice), 409, 'PROCESS_NOT_RUNNING');
  });

  test('errors: token, permissions, validation, unknown ids, OpenAPI', async () => {
    expectProblem(await call('GET', `${BASE}/processFlow`), 401, 'UNAUTHENTICATED');
    expectProblem(await call('POST', `${BASE}/processFlow`, undefined, {}), 401, 'UNAUTHENTICATED');
    expectProblem(await call('GET', `${BASE}/processFlow`, tokens.nobody), 403, 'FORBIDDEN');
    expectProblem(await call('GET', `${BASE}/processFlow/market-strategy-nope`, tokens.alice), 404, 'NOT_FOUND');
    expectProblem(await call('GET', `${BASE}/processFlow/market-strategy-nope/taskFlow`, tokens.alice), 404, 'NOT_FOUND');
    expectProblem(await call('GET', `${BASE}/processFlow/market-strategy-nope/taskFlow/market-strategy-nope.task-review-1`, tokens.bob), 404, 'NOT_FOUND');
    expectProblem(await call('DELETE', `${BASE}/processFlow/market-strategy-nope`, tokens.alice), 404, 'NOT_FOUND');
    expectProblem(await call('GET', `${BASE}/processFlow?state=running`, tokens.alice), 400, 'VALIDATION_FAILED');
    expectProblem(await call('GET', `${BASE}/processFlow?offset=20`, tokens.alice), 400, 'VALIDATION_FAILED');
    expect((await call<unknown[]>('GET', `${BASE}/processFlow?state=hold`, tokens.alice)).body).toEqual([]);
    expectProblem(await call('POST', `${BASE}/processFlow`, tokens.alice, { processFlowSpecification: 'nope', characteristic: [{ name: 'input', value: {} }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await call('POST', `${BASE}/processFlow`, tokens.alice, { processFlowSpecification: 'market-strategy', characteristic: [{ name: 'draft', value: {} }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await call('POST', `${BASE}/processFlow`, tokens.alice, { processFlowSpecification: 'market-strategy', characteristic: [{ name: 'input', value: { name: 'x' } }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await call('POST', `${BASE}/processFlow`, tokens.bob, { processFlowSpecification: 'market-strategy', characteristic: [{ name: 'input', value: sampleStrategyDraft('Bob') }] }), 403, 'FORBIDDEN');
    const openapi = await call<{ paths: Json }>('GET', '/docs-json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining([`${BASE}/processFlow`, `${BASE}/processFlow/{id}/taskFlow/{taskFlowId}`]));
  });
});
