import { DomainError, ErrorCode, type FieldError } from './errors';
import { processDefinitions } from './process-definitions';
import type { ProcessFlow, TaskFlow } from './tmf701';

/**
 * TMF701 notifications (TMF630 hub pattern): a consumer registers `POST /hub {callback, query}`
 * and receives every matching event as an HTTP POST to its callback, retried until delivered.
 * This file holds the pure part: event types, the query a listener may give, and which engine
 * transition becomes which event.
 */
export const HUB_EVENT_TYPES = [
  'ProcessFlowCreateEvent',
  'ProcessFlowStateChangeEvent',
  'ProcessFlowAttributeValueChangeEvent',
  'TaskFlowCreateEvent',
  'TaskFlowStateChangeEvent',
  'TaskFlowAttributeValueChangeEvent',
] as const;
export type HubEventType = (typeof HUB_EVENT_TYPES)[number];

/** What a listener asked for; an empty list means "all". */
export interface HubFilter {
  eventTypes: HubEventType[];
  processFlowSpecifications: string[];
}

export interface HubSubscription {
  id: string;
  callback: string;
  query: string;
  filter: HubFilter;
}

/** The body POSTed to a callback (TMF630 event envelope). */
export interface HubEvent {
  eventId: string;
  eventTime: string;
  eventType: HubEventType;
  /** The process flow the event belongs to: listeners filter and correlate on it. */
  correlationId: string;
  event: { processFlow: ProcessFlow } | { taskFlow: TaskFlow };
}

const QUERY_KEYS = ['eventType', 'processFlowSpecification'] as const;
const MAX_CALLBACK_LENGTH = 2000;

function listOf(params: URLSearchParams, key: string): string[] {
  return params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * Parses a listener's query, e.g. `eventType=TaskFlowStateChangeEvent&processFlowSpecification=market-strategy`
 * (values comma-separated or repeated). Only these two keys, only known values: a query is never
 * passed on to a database or to Temporal.
 */
export function parseHubQuery(query: string | undefined): HubFilter {
  const params = new URLSearchParams((query ?? '').replace(/^\?/, ''));
  const errors: FieldError[] = [];
  for (const key of new Set(params.keys())) {
    if (!(QUERY_KEYS as readonly string[]).includes(key)) errors.push({ path: '/query', message: `unknown key ${key}: use ${QUERY_KEYS.join(' or ')}` });
  }
  const eventTypes = listOf(params, 'eventType');
  for (const t of eventTypes) {
    if (!(HUB_EVENT_TYPES as readonly string[]).includes(t)) errors.push({ path: '/query', message: `unknown eventType ${t}: one of ${HUB_EVENT_TYPES.join(', ')}` });
  }
  const types = processDefinitions.map((d) => d.type);
  const specifications = listOf(params, 'processFlowSpecification');
  for (const s of specifications) {
    if (!types.includes(s)) errors.push({ path: '/query', message: `unknown processFlowSpecification ${s}: one of ${types.join(', ')}` });
  }
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'hub query is invalid', errors);
  return { eventTypes: [...new Set(eventTypes)] as HubEventType[], processFlowSpecifications: [...new Set(specifications)] };
}

/**
 * The callback must be an absolute http(s) URL without credentials (they would end up in logs)
 * and, where the operator listed the origins callbacks may reach (HUB_CALLBACK_ORIGINS), on one
 * of them: the worker POSTs wherever a listener says, so production should not let it reach
 * internal services.
 */
export function validateCallback(callback: unknown, allowedOrigins?: readonly string[]): FieldError[] {
  if (typeof callback !== 'string' || callback.length === 0 || callback.length > MAX_CALLBACK_LENGTH) {
    return [{ path: '/callback', message: `must be an http(s) URL of at most ${MAX_CALLBACK_LENGTH} characters` }];
  }
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return [{ path: '/callback', message: 'must be an absolute URL' }];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [{ path: '/callback', message: 'must use http or https' }];
  if (url.username || url.password) return [{ path: '/callback', message: 'must not carry credentials' }];
  if (allowedOrigins && !allowedOrigins.some((o) => new URL(o).origin === url.origin)) {
    return [{ path: '/callback', message: `must be on one of the allowed origins: ${allowedOrigins.join(', ')}` }];
  }
  return [];
}

export function matchesSubscription(filter: HubFilter, eventType: HubEventType, processType: string): boolean {
  return (
    (filter.eventTypes.length === 0 || filter.eventTypes.includes(eventType)) &&
    (filter.processFlowSpecifications.length === 0 || filter.processFlowSpecifications.includes(processType))
  );
}

/**
 * Which task transition is which TMF event. A TaskFlow moves between new and active when it is
 * claimed, unclaimed or assigned, and ends when completed, cancelled or expired; delegation,
 * resolution, date or priority changes and escalation change its attributes. (`assigned` is
 * reported as a state change even when the task was already active: its performer changed.)
 */
export function taskFlowEventType(action: string): HubEventType {
  switch (action) {
    case 'created':
      return 'TaskFlowCreateEvent';
    case 'claimed':
    case 'unclaimed':
    case 'assigned':
    case 'completed':
    case 'cancelled':
    case 'expired':
      return 'TaskFlowStateChangeEvent';
    default:
      return 'TaskFlowAttributeValueChangeEvent';
  }
}

/**
 * Which process audit action is which TMF event: `process.started` creates the flow, its end
 * (`process.completed|rejected|cancelled`) changes its state, a new stage changes an attribute.
 * Other actions are not published.
 */
export function processFlowEventType(action: string): HubEventType | undefined {
  if (action === 'process.started') return 'ProcessFlowCreateEvent';
  if (/^process\.(completed|rejected|cancelled)$/.test(action)) return 'ProcessFlowStateChangeEvent';
  if (action.startsWith('stage.')) return 'ProcessFlowAttributeValueChangeEvent';
  return undefined;
}

/** The Temporal execution status a process audit action stands for, for the ProcessFlow state. */
export function executionStatusAfter(action: string): string {
  if (action === 'process.cancelled') return 'cancelled';
  if (action === 'process.completed' || action === 'process.rejected') return 'completed';
  return 'running';
}

/** One delivery per listener and event: its workflow id, so a retried publish starts nothing twice. */
export function hubDeliveryId(subscriptionId: string, eventId: string): string {
  return `tmf701-hub.${subscriptionId}.${eventId}`;
}
