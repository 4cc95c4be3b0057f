import type { Model } from 'mongoose';
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
async function findRecords(tasks: Model<TaskRecord>, actor: Actor, query: InboxQuery): Promise<TaskRecord[]> {
  const records: TaskRecord[] = [];
  for (const segment of inboxSegments(query, actor)) {
    const wanted = query.limit + 1 - records.length;
    if (wanted <= 0) break;
    records.push(...(await tasks.find(segment.filter, { formSchema: 0 }).sort(segment.sort).limit(wanted).lean<TaskRecord[]>().exec()));
  }
  return records;
}

/** One $group over the filtered tasks (FerretDB runs it; a count per state would read them four times). */
async function countByState(tasks: Model<TaskRecord>, actor: Actor, query: InboxQuery): Promise<Record<TaskState, number>> {
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  const groups = await tasks.aggregate<{ _id: string; n: number }>([{ $match: inboxCountFilter(query, actor) }, { $group: { _id: '$state', n: { $sum: 1 } } }]).exec();
  for (const { _id, n } of groups) if (Object.hasOwn(counts, _id)) counts[_id as TaskState] = n;
  return counts;
}

/** GET /api/tasks: one page of the caller's inbox and the counts per state beside it. */
export async function findInboxPage(tasks: Model<TaskRecord>, actor: Actor, query: InboxQuery): Promise<InboxPage> {
  const [records, counts] = await Promise.all([findRecords(tasks, actor, query), countByState(tasks, actor, query)]);
  const page = records.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ _id, ...rest }) => ({ taskId: _id, ...rest })),
    counts,
    nextCursor: records.length > query.limit && last ? encodeTaskCursor(cursorAfter(query.sort ?? DEFAULT_SORT, last)) : undefined,
  };
}
