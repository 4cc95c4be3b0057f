import { Inject, Injectable } from '@nestjs/common';
import type { Models } from '../../db/models';
import type { TaskRecord } from '../../db/models/task.model';
import { accessPolicy, inAnyGroup } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import { isCandidate, type HumanTask } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import { isHumanTaskId } from '../../workflows/human-task/human-task.contract';
import { requireAllowed } from '../common/guards';
import type { Config } from '../../platform/config';
import { CONFIG, MODELS } from '../common/tokens';
import type { InboxQuery } from './task-inbox.query';
import { findInboxPage, type InboxPage } from './task-inbox.service';

const toTask = ({ _id, ...rest }: TaskRecord): HumanTask => ({ taskId: _id, ...rest });

/** Inbox reads come from the MongoDB projection (changes: TaskActionsService, as workflow Updates). */
@Injectable()
export class TasksService {
  constructor(
    @Inject(MODELS) private readonly models: Models,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The caller's inbox: see task-inbox.query.ts (filters, visibility, keyset) and task-inbox.service.ts. */
  list(actor: Actor, query: InboxQuery): Promise<InboxPage> {
    return findInboxPage(this.models.tasks, actor, query, this.config.inboxQueryTimeoutMs);
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
