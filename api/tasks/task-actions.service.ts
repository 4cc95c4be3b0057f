import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Models } from '../../db/models';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { HumanTask, TaskAttributesChange, TaskCompletion } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import {
  assignTaskUpdate,
  changeTaskAttributesUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  delegateTaskUpdate,
  isHumanTaskId,
  unclaimTaskUpdate,
} from '../../workflows/human-task/human-task.contract';
import { MODELS } from '../common/tokens';

/**
 * Every change to a task is an Update of its workflow: the workflow's validators decide (one
 * rule set for the API and any direct Temporal client), the update id is the request's
 * Idempotency-Key, and the answer is the task as it now is.
 */
@Injectable()
export class TaskActionsService {
  constructor(
    private readonly temporal: Client,
    @Inject(MODELS) private readonly models: Models,
  ) {}

  claim(actor: Actor, taskId: string, requestId?: string): Promise<HumanTask> {
    return this.send(taskId, (h) => h.executeUpdate(claimTaskUpdate, { args: [{ actor }], updateId: requestId }));
  }

  unclaim(actor: Actor, taskId: string, reason?: string, requestId?: string): Promise<HumanTask> {
    return this.send(taskId, (h) => h.executeUpdate(unclaimTaskUpdate, { args: [{ actor, reason }], updateId: requestId }));
  }

  assign(actor: Actor, taskId: string, userId: string, reason?: string, requestId?: string): Promise<HumanTask> {
    return this.send(taskId, (h) => h.executeUpdate(assignTaskUpdate, { args: [{ actor, userId, reason }], updateId: requestId }));
  }

  delegate(actor: Actor, taskId: string, userId: string, reason?: string, requestId?: string): Promise<HumanTask> {
    return this.send(taskId, (h) => h.executeUpdate(delegateTaskUpdate, { args: [{ actor, userId, reason }], updateId: requestId }));
  }

  changeAttributes(actor: Actor, taskId: string, change: TaskAttributesChange & { reason?: string }, requestId?: string): Promise<HumanTask> {
    return this.send(taskId, (h) => h.executeUpdate(changeTaskAttributesUpdate, { args: [{ actor, ...change }], updateId: requestId }));
  }

  complete(actor: Actor, taskId: string, completion: TaskCompletion, requestId?: string): Promise<HumanTask> {
    return this.send(taskId, (h) => h.executeUpdate(completeTaskUpdate, { args: [{ actor, ...completion }], updateId: requestId }));
  }

  /** Runs an Update; a task whose workflow has closed is a 409 (completed, cancelled or expired). */
  private async send(taskId: string, update: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<HumanTask>): Promise<HumanTask> {
    if (!isHumanTaskId(taskId)) throw new DomainError(ErrorCode.NotFound, `no task ${taskId}`);
    try {
      return await update(this.temporal.workflow.getHandle(taskId));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const record = await this.models.tasks.findById(taskId, { state: 1 }).lean().exec();
      if (!record) throw new DomainError(ErrorCode.NotFound, `no task ${taskId}`);
      throw new DomainError(ErrorCode.TaskNotOpen, `task ${taskId} is ${record.state}`);
    }
  }
}
