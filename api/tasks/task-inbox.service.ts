import { mongo, type Model } from 'mongoose';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { TaskRecord } from '../../db/models/task.model';
import { TASK_STATES, type HumanTask, type TaskState } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import { encodeTaskCursor } from './task-cursor';
import { cursorAfter, DEFAULT_SORT, inboxCountFilter, inboxSegments, type InboxQuery } from './task-inbox.query';

export interface InboxPage {
  items: Omit<HumanTask, 'formSchema'>[];
  /** Tasks per state for the same filters, any state (the tabs of an inbox). */
  counts: Record<TaskState, number>;
  nextCursor?: string;
}

/** The page's records in sort order, one more than the limit when there is a next page. */
async function findRecords(tasks: Model<TaskRecord>, actor: Actor, query: InboxQuery, maxTimeMs: number): Promise<TaskRecord[]> {
  const records: TaskRecord[] = [];
  for (const segment of inboxSegments(query, actor)) {
    const wanted = query.limit + 1 - records.length;
    if (wanted <= 0) break;
    records.push(...(await tasks.find(segment.filter, { formSchema: 0 }).sort(segment.sort).limit(wanted).maxTimeMS(maxTimeMs).lean<TaskRecord[]>().exec()));
  }
  return records;
}

/** One $group over the filtered tasks (FerretDB runs it; a count per state would read them four times). */
async function countByState(tasks: Model<TaskRecord>, actor: Actor, query: InboxQuery, maxTimeMs: number): Promise<Record<TaskState, number>> {
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  const groups = await tasks
    .aggregate<{ _id: string; n: number }>([{ $match: inboxCountFilter(query, actor) }, { $group: { _id: '$state', n: { $sum: 1 } } }])
    .option({ maxTimeMS: maxTimeMs })
    .exec();
  for (const { _id, n } of groups) if (Object.hasOwn(counts, _id)) counts[_id as TaskState] = n;
  return counts;
}

/** MongoDB's (and FerretDB's) MaxTimeMSExpired. */
const MAX_TIME_EXPIRED = 50;

/**
 * GET /api/tasks: one page of the caller's inbox and the counts per state beside it. Each read is
 * bounded by `maxTimeMs`: a store that cannot use the indexes (FerretDB reads every task) answers
 * 503 QUERY_TIMEOUT in bounded time instead of holding the request for minutes.
 */
export async function findInboxPage(tasks: Model<TaskRecord>, actor: Actor, query: InboxQuery, maxTimeMs: number): Promise<InboxPage> {
  const [records, counts] = await Promise.all([findRecords(tasks, actor, query, maxTimeMs), countByState(tasks, actor, query, maxTimeMs)]).catch((err: unknown) => {
    if (err instanceof mongo.MongoServerError && err.code === MAX_TIME_EXPIRED) {
      throw new DomainError(ErrorCode.QueryTimeout, `the inbox query took longer than ${maxTimeMs} ms: narrow it (processId, taskType, candidateGroup) or try again later`);
    }
    throw err;
  });
  const page = records.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ _id, ...rest }) => ({ taskId: _id, ...rest })),
    counts,
    nextCursor: records.length > query.limit && last ? encodeTaskCursor(cursorAfter(query.sort ?? DEFAULT_SORT, last)) : undefined,
  };
}
