import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { hubDeliveryId } from '../../domain/tmf701-hub';
import type { HubEventDeliveryResult } from '../../workflows/tmf701-hub/hub-event-delivery.contract';
import { useSeededStack } from '../support/seeded-stack';
import { expectProblem } from '../support/problem';
import { sampleStrategyDraft } from '../support/sample-drafts';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

type Characteristic = { name: string; value: unknown };
interface HubEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  correlationId: string;
  event: {
    processFlow?: { id: string; state: string; processFlowSpecification: string; relatedParty: { id: string; role: string }[]; characteristic: Characteristic[] };
    taskFlow?: { id: string; state: string; taskFlowSpecification: string; relatedParty: { id: string; role: string }[]; processFlow: { id: string } };
  };
}
interface Received {
  headers: IncomingHttpHeaders;
  event: HubEvent;
  answered: number;
}

const BASE = '/tmf-api/processFlowManagement/v4';

/** A real HTTP listener on loopback: records every POST, and refuses the first `failFirst` with 503. */
class CallbackServer {
  readonly received: Received[] = [];
  private server?: Server;
  constructor(private failFirst = 0) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/events`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answered = this.received.length < this.failFirst ? 503 : 204;
        this.received.push({ headers: req.headers, event: JSON.parse(Buffer.concat(chunks).toString()) as HubEvent, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  accepted(processId: string): HubEvent[] {
    return this.received.filter((r) => r.answered === 204 && r.event.correlationId === processId).map((r) => r.event);
  }
}

const { stack, tokens } = useSeededStack({ name: 'hub' }, {
  alice: ['alice', ['marketing-manager']],
  bob: ['bob', ['marketing-director']],
  sys: ['crm-system', ['integration']],
  ops: ['olga', ['ops']],
  cmo: ['claire', ['cmo']],
});
const servers: CallbackServer[] = [];

async function callbackServer(failFirst = 0): Promise<CallbackServer> {
  const server = new CallbackServer(failFirst);
  await server.start();
  servers.push(server);
  return server;
}

async function register(callback: string, query?: string) {
  const res = await stack.call<{ id: string; href: string; callback: string; query: string }>('POST', `${BASE}/hub`, tokens.sys, { callback, ...(query !== undefined && { query }) });
  expect(res.status).toBe(201);
  return res.body;
}

async function startStrategy(name: string): Promise<string> {
  const res = await stack.call<{ processId: string }>('POST', '/api/processes/market-strategy', tokens.alice, sampleStrategyDraft(name));
  expect(res.status).toBe(201);
  return res.body.processId;
}

afterAll(() => Promise.all(servers.map((s) => s.stop())));

test('a listener receives the process and task flow events of a market strategy, each once, as TMF701 resources', async () => {
  const listener = await callbackServer();
  const hub = await register(listener.url, 'processFlowSpecification=market-strategy');
  expect(hub).toMatchObject({ callback: listener.url, query: 'processFlowSpecification=market-strategy', href: `${BASE}/hub/${hub.id}` });

  const processId = await startStrategy('Hub events');
  const reviewId = `${processId}.task-review-1`;
  await waitFor('the review task created event', () => Promise.resolve(listener.accepted(processId).some((e) => e.eventType === 'TaskFlowCreateEvent')));
  const completed = await stack.call('POST', `/api/tasks/${reviewId}/complete`, tokens.bob, { outcome: 'approve', data: {} });
  expect(completed.status).toBe(200);
  const events = await waitFor('the process flow to be reported completed', () => {
    const all = listener.accepted(processId);
    return Promise.resolve(all.some((e) => e.eventType === 'ProcessFlowStateChangeEvent') ? all : undefined);
  });

  const created = events.find((e) => e.eventType === 'ProcessFlowCreateEvent');
  expect(created?.event.processFlow).toMatchObject({ id: processId, state: 'active', processFlowSpecification: 'market-strategy' });
  expect(created?.event.processFlow?.relatedParty).toContainEqual(expect.objectContaining({ id: 'alice', role: 'owner' }));
  const taskCreated = events.find((e) => e.eventType === 'TaskFlowCreateEvent');
  expect(taskCreated?.event.taskFlow).toMatchObject({ id: reviewId, state: 'new', taskFlowSpecification: 'review-market-strategy', processFlow: { id: processId } });
  const taskDone = events.find((e) => e.eventType === 'TaskFlowStateChangeEvent');
  expect(taskDone?.event.taskFlow).toMatchObject({ id: reviewId, state: 'completed' });
  expect(taskDone?.event.taskFlow?.relatedParty).toContainEqual(expect.objectContaining({ id: 'bob', role: 'performer' }));
  const ended = events.find((e) => e.eventType === 'ProcessFlowStateChangeEvent');
  expect(ended?.event.processFlow).toMatchObject({ id: processId, state: 'completed' });
  expect(ended?.event.processFlow?.characteristic).toContainEqual(expect.objectContaining({ name: 'status', value: 'completed' }));
  // Stages (review, activation, published) are attribute changes of the flow.
  expect(events.filter((e) => e.eventType === 'ProcessFlowAttributeValueChangeEvent').map((e) => e.event.processFlow?.characteristic.find((c) => c.name === 'stage')?.value)).toEqual(
    expect.arrayContaining(['review', 'activation', 'published']),
  );

  const ids = events.map((e) => e.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  const delivery = listener.received.find((r) => r.event.eventId === created?.eventId);
  expect(delivery?.headers).toMatchObject({ 'content-type': 'application/json', 'x-event-id': created?.eventId, 'x-event-type': 'ProcessFlowCreateEvent' });
});

test('a listener that refuses events gets each one again until it accepts it', async () => {
  const listener = await callbackServer(2);
  await register(listener.url, 'eventType=ProcessFlowCreateEvent');
  const processId = await startStrategy('Hub retries');
  const [event] = await waitFor('the create event to be accepted', () => {
    const accepted = listener.accepted(processId);
    return Promise.resolve(accepted.length > 0 ? accepted : undefined);
  });
  const attempts = listener.received.filter((r) => r.event.eventId === event?.eventId);
  expect(attempts.map((a) => a.answered)).toEqual([503, 503, 204]);
  // Only the event type asked for.
  expect(new Set(listener.received.map((r) => r.event.eventType))).toEqual(new Set(['ProcessFlowCreateEvent']));
});

test('a removed listener receives nothing more; the others still do', async () => {
  const removed = await callbackServer();
  const kept = await callbackServer();
  const gone = await register(removed.url, 'eventType=ProcessFlowCreateEvent');
  await register(kept.url, 'eventType=ProcessFlowCreateEvent');
  expect((await stack.call('DELETE', `${BASE}/hub/${gone.id}`, tokens.sys)).status).toBe(204);
  expectProblem(await stack.call('GET', `${BASE}/hub/${gone.id}`, tokens.sys), 404, 'NOT_FOUND');

  const processId = await startStrategy('Hub removal');
  // Both listeners' deliveries would start in the same activity: once the kept one has it, the removed one would too.
  await waitFor('the kept listener to get the event', () => Promise.resolve(kept.accepted(processId).length === 1));
  expect(removed.received).toEqual([]);
});

test('an event still refused when its listener is removed is dropped at its next attempt', async () => {
  const listener = await callbackServer(Number.MAX_SAFE_INTEGER);
  const hub = await register(listener.url, 'eventType=ProcessFlowCreateEvent');
  const processId = await startStrategy('Hub dropped');
  const refused = await waitFor('a refused attempt', () => Promise.resolve(listener.received.find((r) => r.event.correlationId === processId)));
  expect((await stack.call('DELETE', `${BASE}/hub/${hub.id}`, tokens.sys)).status).toBe(204);
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  try {
    const delivery = new Client({ connection, namespace: testEnv.namespace }).workflow.getHandle(hubDeliveryId(hub.id, refused.event.eventId));
    expect(await delivery.result() as HubEventDeliveryResult).toEqual({ outcome: 'unsubscribed' });
  } finally {
    await connection.close();
  }
  expect(listener.received.every((r) => r.answered === 503)).toBe(true);
});

test('registering: who may, and bad input is a 400 that stores nothing', async () => {
  const url = 'http://127.0.0.1:9/never';
  expectProblem(await stack.call('POST', `${BASE}/hub`, undefined, { callback: url }), 401, 'UNAUTHENTICATED');
  for (const token of [tokens.alice, tokens.bob, tokens.cmo]) expectProblem(await stack.call('POST', `${BASE}/hub`, token, { callback: url }), 403, 'FORBIDDEN');
  const byOps = await stack.call<{ id: string }>('POST', `${BASE}/hub`, tokens.ops, { callback: url, query: 'eventType=TaskFlowStateChangeEvent,TaskFlowCreateEvent' });
  expect(byOps.status).toBe(201);
  expect(byOps.headers.get('location')).toBe(`${BASE}/hub/${byOps.body.id}`);
  expect((await stack.call('GET', `${BASE}/hub/${byOps.body.id}`, tokens.sys)).body).toMatchObject({ id: byOps.body.id, callback: url });
  expectProblem(await stack.call('GET', `${BASE}/hub/${byOps.body.id}`, tokens.bob), 403, 'FORBIDDEN');
  expect((await stack.call('DELETE', `${BASE}/hub/${byOps.body.id}`, tokens.ops)).status).toBe(204);

  const bad: [unknown, string][] = [
    [{}, '/callback'],
    [{ callback: 'ftp://example.test/x' }, '/callback'],
    [{ callback: 'http://user:secret@127.0.0.1/x' }, '/callback'],
    [{ callback: 'not a url' }, '/callback'],
    [{ callback: url, query: 'state=completed' }, '/query'],
    [{ callback: url, query: 'eventType=OrderCreateEvent' }, '/query'],
    [{ callback: url, query: 'processFlowSpecification=order-handling' }, '/query'],
    [{ callback: url, extra: true }, '/extra'],
  ];
  for (const [body, path] of bad) {
    const problem = expectProblem(await stack.call('POST', `${BASE}/hub`, tokens.sys, body), 400, 'VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.path).join(' ')).toContain(path);
  }
  expectProblem(await stack.call('DELETE', `${BASE}/hub/nope`, tokens.sys), 404, 'NOT_FOUND');
});
