import { Inject, Injectable } from '@nestjs/common';
import type { QueryFilter } from 'mongoose';
import type { Models } from '../../db/models';
import type { TaskRecord } from '../../db/models/task.model';
import { accessPolicy, inAnyGroup } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import { isCandidate, TASK_STATES, type HumanTask, type TaskState } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import { isHumanTaskId } from '../../workflows/human-task/human-task.contract';
import { requireAllowed } from '../common/guards';
import { MODELS } from '../common/tokens';
import { decodeTaskCursor, encodeTaskCursor } from './task-cursor';

export interface TaskListFilter {
  states: TaskState[];
  processId?: string;
  limit: number;
  cursor?: string;
}

const toTask = ({ _id, ...rest }: TaskRecord): HumanTask => ({ taskId: _id, ...rest });

/** Inbox reads come from the MongoDB projection (changes: TaskActionsService, as workflow Updates). */
@Injectable()
export class TasksService {
  constructor(@Inject(MODELS) private readonly models: Models) {}

  parseStates(raw: string | undefined): TaskState[] {
    if (raw === undefined || raw === '') return ['open', 'claimed'];
    const states = raw.split(',');
    const unknown = states.filter((s) => !TASK_STATES.includes(s as TaskState));
    if (unknown.length > 0) {
      throw new DomainError(ErrorCode.ValidationFailed, `unknown task state ${unknown.join(', ')}`, [{ path: '/state', message: `must be among ${TASK_STATES.join(', ')}` }]);
    }
    return states as TaskState[];
  }

  /** The caller's tasks: assigned to them, or offered to one of their groups (four-eyes excluded). */
  async list(actor: Actor, filter: TaskListFilter) {
    const visible: QueryFilter<TaskRecord> = {
      state: { $in: filter.states },
      excludedUsers: { $ne: actor.userId },
      $or: [{ assignee: actor.userId }, { candidateGroups: { $in: actor.groups } }],
    };
    const clauses: QueryFilter<TaskRecord>[] = [visible];
    if (filter.processId) clauses.push({ processId: String(filter.processId) });
    if (filter.cursor) {
      const { createdAt, id } = decodeTaskCursor(filter.cursor);
      clauses.push({ $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] });
    }
    const records = await this.models.tasks
      .find({ $and: clauses }, { formSchema: 0 })
      .sort({ createdAt: -1, _id: -1 })
      .limit(filter.limit + 1)
      .lean()
      .exec();
    const page = records.slice(0, filter.limit).map(({ _id, ...rest }) => ({ taskId: _id, ...rest }));
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: records.length > filter.limit && last ? encodeTaskCursor({ createdAt: last.createdAt, id: last.taskId }) : undefined,
    };
  }

  async get(actor: Actor, taskId: string): Promise<HumanTask> {
    const task = await this.find(taskId);
    const involved = isCandidate(task, actor) || task.completedBy === actor.userId || inAnyGroup(actor, accessPolicy.operations);
    requireAllowed(involved, 'see this task');
    return task;
  }

  private async find(taskId: string): Promise<HumanTask> {
    const record = isHumanTaskId(taskId) ? await this.models.tasks.findById(taskId).lean().exec() : null;
    if (!record) throw new DomainError(ErrorCode.NotFound, `no task ${taskId}`);
    return toTask(record);
  }
}
