import {
  executionStatusAfter,
  HUB_EVENT_TYPES,
  matchesSubscription,
  parseHubQuery,
  processFlowEventType,
  taskFlowEventType,
  validateCallback,
} from '../../domain/tmf701-hub';
import { domainError } from '../support/domain-error';

const queryErrors = (query: string) => domainError(() => parseHubQuery(query)).errors.map((e) => e.message);

describe('TMF701 hub query', () => {
  it('takes event types and process types, comma-separated or repeated, and no other keys', () => {
    expect(parseHubQuery('')).toEqual({ eventTypes: [], processFlowSpecifications: [] });
    expect(parseHubQuery(undefined)).toEqual({ eventTypes: [], processFlowSpecifications: [] });
    expect(parseHubQuery('?eventType=TaskFlowCreateEvent, TaskFlowStateChangeEvent&eventType=TaskFlowCreateEvent&processFlowSpecification=market-strategy')).toEqual({
      eventTypes: ['TaskFlowCreateEvent', 'TaskFlowStateChangeEvent'],
      processFlowSpecifications: ['market-strategy'],
    });
    expect(queryErrors('state=completed')).toEqual([expect.stringContaining('unknown key state')]);
    expect(queryErrors('eventType=ProductOrderCreateEvent')).toEqual([expect.stringContaining('unknown eventType ProductOrderCreateEvent')]);
    expect(queryErrors('processFlowSpecification=order-handling&x=1')).toHaveLength(2);
  });

  it('an empty list matches everything; otherwise both lists must match', () => {
    const all = parseHubQuery('');
    for (const t of HUB_EVENT_TYPES) expect(matchesSubscription(all, t, 'market-strategy')).toBe(true);
    const some = parseHubQuery('eventType=TaskFlowStateChangeEvent&processFlowSpecification=market-strategy');
    expect(matchesSubscription(some, 'TaskFlowStateChangeEvent', 'market-strategy')).toBe(true);
    expect(matchesSubscription(some, 'TaskFlowCreateEvent', 'market-strategy')).toBe(false);
    expect(matchesSubscription(some, 'TaskFlowStateChangeEvent', 'campaign')).toBe(false);
  });
});

describe('TMF701 hub callback', () => {
  it('is an absolute http(s) URL without credentials', () => {
    expect(validateCallback('https://crm.example.test/tmf701/listener')).toEqual([]);
    expect(validateCallback('http://127.0.0.1:8080/events?source=etom')).toEqual([]);
    for (const bad of ['', 'crm.example.test/x', 'ftp://crm.example.test/x', 'javascript:alert(1)', 'https://u:p@crm.example.test/', 42, undefined, `https://x.test/${'a'.repeat(2000)}`]) {
      expect(validateCallback(bad)).toEqual([expect.objectContaining({ path: '/callback' })]);
    }
  });

  it('stays on the allowed origins when the operator lists them', () => {
    const allowed = ['https://crm.example.test', 'http://10.1.2.3:8080'];
    expect(validateCallback('https://crm.example.test/tmf701/events', allowed)).toEqual([]);
    expect(validateCallback('http://10.1.2.3:8080/x', allowed)).toEqual([]);
    for (const other of ['http://crm.example.test/x', 'https://crm.example.test:8443/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data']) {
      const errors = validateCallback(other, allowed);
      expect(errors.map((e) => e.path)).toEqual(['/callback']);
      expect(errors[0]?.message).toContain('allowed origins');
    }
  });
});

describe('which engine transition is which TMF event', () => {
  it('task transitions: creation, moves between new/active and endings, other changes', () => {
    expect(taskFlowEventType('created')).toBe('TaskFlowCreateEvent');
    for (const a of ['claimed', 'unclaimed', 'assigned', 'completed', 'cancelled', 'expired']) expect(taskFlowEventType(a)).toBe('TaskFlowStateChangeEvent');
    for (const a of ['delegated', 'resolved', 'updated', 'escalated']) expect(taskFlowEventType(a)).toBe('TaskFlowAttributeValueChangeEvent');
  });

  it('process audit actions: start, end, stages; nothing else', () => {
    expect(processFlowEventType('process.started')).toBe('ProcessFlowCreateEvent');
    for (const a of ['process.completed', 'process.rejected', 'process.cancelled']) expect(processFlowEventType(a)).toBe('ProcessFlowStateChangeEvent');
    expect(processFlowEventType('stage.review')).toBe('ProcessFlowAttributeValueChangeEvent');
    expect(processFlowEventType('task.completed')).toBeUndefined();
    expect(processFlowEventType('process.startedish')).toBeUndefined();
    expect([executionStatusAfter('process.started'), executionStatusAfter('process.rejected'), executionStatusAfter('process.cancelled')]).toEqual(['running', 'completed', 'cancelled']);
  });
});
