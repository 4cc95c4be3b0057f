import { accessPolicy, inAnyGroup } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import { TASK_STATES, type TaskState } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import type { JsonSchema } from '../../domain/json-schema';
import { processDefinitions } from '../../domain/process-definitions';
import type { TaskRecord } from '../../db/models/task.model';
import { pageSize, requireValid } from '../common/guards';
import { requireOneOf } from '../common/resource-page';
import { decodeTaskCursor, INBOX_SORTS, type InboxSort, type InboxSortField, type TaskCursor } from './task-cursor';

/**
 * GET /api/tasks: query parameters -> a checked InboxQuery -> MongoDB filters and sorts. Pure: the
 * queries run in task-inbox.service.ts. The indexes that serve them are in db/models/task.model.ts.
 */
export interface InboxQuery {
  states: TaskState[];
  assignee?: string;
  candidateGroup?: string;
  processId?: string;
  processType?: string;
  taskType?: string;
  priorityMin?: number;
  priorityMax?: number;
  /** Normalised ISO-8601 UTC (toISOString): due strictly before. */
  dueBefore?: string;
  /** Normalised ISO-8601 UTC: due at or after. */
  dueAfter?: string;
  /** overdue=true: the request's "now", normalised; overdue means open or claimed and due before it. */
  overdueAt?: string;
  /** Default -createdAt (newest first). */
  sort?: InboxSort;
  limit: number;
  /** As the client sent it: decoded against `sort` when the query is planned. */
  cursor?: string;
}

export type TaskFilter = Record<string, unknown>;
export type TaskSort = Record<string, 1 | -1>;

/** One query of a page; a page is made of the segments in order until it is full. */
export interface InboxSegment {
  filter: TaskFilter;
  sort: TaskSort;
}

export const DEFAULT_STATES: readonly TaskState[] = ['open', 'claimed'];
const ACTIVE_STATES: readonly TaskState[] = ['open', 'claimed'];
export const DEFAULT_SORT: InboxSort = '-createdAt';
const PRIORITY = { min: 0, max: 100 };

const text: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
/** Shape of the query string: every value one string (a repeated parameter is an error), nothing unknown. */
const querySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', maxLength: 200 },
    assignee: text,
    candidateGroup: text,
    processId: text,
    processType: text,
    taskType: text,
    priorityMin: { type: 'string', maxLength: 10 },
    priorityMax: { type: 'string', maxLength: 10 },
    dueBefore: { type: 'string', maxLength: 40, format: 'date-time' },
    dueAfter: { type: 'string', maxLength: 40, format: 'date-time' },
    overdue: { type: 'string', maxLength: 10 },
    sort: { type: 'string', maxLength: 20 },
    limit: { type: 'string', maxLength: 10 },
    cursor: { type: 'string', maxLength: 2000 },
  },
};
export const INBOX_QUERY_PARAMS = Object.keys(querySchema.properties ?? {});

function fail(param: string, message: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, `${param} ${message}`, [{ path: `/${param}`, message }]);
}

function priorityParam(raw: string | undefined, param: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < PRIORITY.min || n > PRIORITY.max) fail(param, `must be an integer from ${PRIORITY.min} to ${PRIORITY.max}`);
  return n;
}

/** Parses and checks every parameter: a bad one is a 400 VALIDATION_FAILED naming it (`/<param>`). */
export function parseInboxQuery(raw: Record<string, unknown>, actor: Actor, now = new Date()): InboxQuery {
  // An empty value is a parameter not given, as for limit and offset everywhere (pageSize).
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const q = requireValid<Record<string, string | undefined>>(querySchema, given, 'query');

  const states = q.state === undefined ? [...DEFAULT_STATES] : [...new Set(q.state.split(','))].map((s) => requireOneOf(s, TASK_STATES, 'state') as TaskState);
  const sort = requireOneOf(q.sort ?? DEFAULT_SORT, INBOX_SORTS, 'sort') as InboxSort;
  if (q.cursor !== undefined) decodeTaskCursor(q.cursor, sort);
  if (q.overdue !== undefined) requireOneOf(q.overdue, ['true'], 'overdue');
  if (q.processType !== undefined) requireOneOf(q.processType, processDefinitions.map((d) => d.type), 'processType');
  const priorityMin = priorityParam(q.priorityMin, 'priorityMin');
  const priorityMax = priorityParam(q.priorityMax, 'priorityMax');
  if (priorityMin !== undefined && priorityMax !== undefined && priorityMin > priorityMax) fail('priorityMax', 'must not be below priorityMin');
  // Stored due dates are toISOString() strings; the bounds take the same form so strings compare as instants.
  const dueBefore = q.dueBefore === undefined ? undefined : new Date(q.dueBefore).toISOString();
  const dueAfter = q.dueAfter === undefined ? undefined : new Date(q.dueAfter).toISOString();
  if (dueBefore !== undefined && dueAfter !== undefined && dueAfter >= dueBefore) fail('dueBefore', 'must be later than dueAfter');

  return {
    states,
    assignee: q.assignee === 'me' ? actor.userId : q.assignee,
    candidateGroup: q.candidateGroup,
    processId: q.processId,
    processType: q.processType,
    taskType: q.taskType,
    priorityMin,
    priorityMax,
    dueBefore,
    dueAfter,
    overdueAt: q.overdue === 'true' ? now.toISOString() : undefined,
    sort,
    limit: pageSize(q.limit),
    cursor: q.cursor,
  };
}

/** Who sees what: ops every task; anyone else what is assigned or offered to them, never a four-eyes exclusion. */
function visibility(actor: Actor): TaskFilter[] {
  if (inAnyGroup(actor, accessPolicy.operations)) return [];
  return [
    { excludedUsers: { $ne: actor.userId } },
    { $or: [{ assignee: actor.userId }, { candidateUsers: actor.userId }, { candidateGroups: { $in: actor.groups } }] },
  ];
}

/** Everything but state, cursor and sort: the scope of the counts per state. */
function scope(query: InboxQuery, actor: Actor): TaskFilter[] {
  const clauses = visibility(actor);
  if (query.assignee !== undefined) clauses.push({ assignee: query.assignee });
  if (query.candidateGroup !== undefined) clauses.push({ candidateGroups: query.candidateGroup });
  if (query.processId !== undefined) clauses.push({ processId: query.processId });
  if (query.processType !== undefined) clauses.push({ processType: query.processType });
  if (query.taskType !== undefined) clauses.push({ taskType: query.taskType });
  if (query.priorityMin !== undefined) clauses.push({ priority: { $gte: query.priorityMin } });
  if (query.priorityMax !== undefined) clauses.push({ priority: { $lte: query.priorityMax } });
  if (query.dueAfter !== undefined) clauses.push({ dueAt: { $gte: query.dueAfter } });
  if (query.dueBefore !== undefined) clauses.push({ dueAt: { $lt: query.dueBefore } });
  if (query.overdueAt !== undefined) clauses.push({ dueAt: { $lt: query.overdueAt } }, { state: { $in: ACTIVE_STATES } });
  return clauses;
}

const and = (clauses: TaskFilter[]): TaskFilter => (clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0] : { $and: clauses });

export function sortField(sort: InboxSort): InboxSortField {
  return sort.replace(/^-/, '') as InboxSortField;
}

export function sortDirection(sort: InboxSort): 1 | -1 {
  return sort.startsWith('-') ? -1 : 1;
}

/**
 * Strictly after (value, id) in the order (field dir, _id dir), written so an index on
 * (..., field, _id) gets a range on `field`: field >= value, minus the ties up to id.
 */
function after(field: string, dir: 1 | -1, value: string | number, id: string): TaskFilter[] {
  return dir === 1
    ? [{ [field]: { $gte: value } }, { $nor: [{ [field]: value, _id: { $lte: id } }] }]
    : [{ [field]: { $lte: value } }, { $nor: [{ [field]: value, _id: { $gte: id } }] }];
}

/**
 * The queries of one page, in order. createdAt and priority: one query. dueAt: tasks with a due
 * date in the asked direction, then those without one (by id, same direction) — undated tasks come
 * last whichever the direction, and not at all when a due-date filter is given.
 */
export function inboxSegments(query: InboxQuery, actor: Actor): InboxSegment[] {
  const sort = query.sort ?? DEFAULT_SORT;
  const field = sortField(sort);
  const dir = sortDirection(sort);
  const base = [...scope(query, actor), { state: { $in: query.states } }];
  const cursor: TaskCursor | undefined = query.cursor === undefined ? undefined : decodeTaskCursor(query.cursor, sort);
  if (field !== 'dueAt') {
    const keyset = cursor ? after(field, dir, cursor.value as string | number, cursor.id) : [];
    return [{ filter: and([...base, ...keyset]), sort: { [field]: dir, _id: dir } }];
  }
  const segments: InboxSegment[] = [];
  if (cursor?.value !== null) {
    const keyset = cursor ? after('dueAt', dir, cursor.value, cursor.id) : [];
    segments.push({ filter: and([...base, { dueAt: { $type: 'string' } }, ...keyset]), sort: { dueAt: dir, _id: dir } });
  }
  const dueFilter = query.dueBefore !== undefined || query.dueAfter !== undefined || query.overdueAt !== undefined;
  if (!dueFilter) {
    const keyset = cursor?.value === null ? [{ _id: dir === 1 ? { $gt: cursor.id } : { $lt: cursor.id } }] : [];
    segments.push({ filter: and([...base, { dueAt: null }, ...keyset]), sort: { _id: dir } });
  }
  return segments;
}

/** The filter the counts per state use: the same filters as the page, any state, no cursor. */
export function inboxCountFilter(query: InboxQuery, actor: Actor): TaskFilter {
  return and(scope(query, actor));
}

/** The cursor to the page after `last`. */
export function cursorAfter(sort: InboxSort, last: TaskRecord): TaskCursor {
  const field = sortField(sort);
  const value = field === 'dueAt' ? (typeof last.dueAt === 'string' ? last.dueAt : null) : last[field];
  return { sort, value, id: last._id };
}
