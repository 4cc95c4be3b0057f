import type { HumanTask } from '../../domain/human-task';
import type { ProcessEvent } from '../../domain/process';
import type { Models } from '../../db/models';
import { createProcessAuditActivities } from '../process/process-audit.activities';

export interface TaskTransition {
  action: 'created' | 'claimed' | 'unclaimed' | 'assigned' | 'delegated' | 'resolved' | 'updated' | 'escalated' | 'expired' | 'completed' | 'cancelled';
  /** Why, when the person gave a reason. */
  reason?: string;
  actor: string;
  at: string;
  details?: Record<string, unknown>;
}

/** Keeps the inbox projection and the audit trail in step with each task workflow transition. */
export function createTaskInboxActivities({ models }: { models: Models }) {
  const audit = createProcessAuditActivities({ models });
  return {
    async recordTaskTransition(task: HumanTask, transition: TaskTransition): Promise<void> {
      const { taskId, ...fields } = task;
      // Applies only a newer revision: a retried or late activity never rolls the inbox back.
      // A whole-document replace, so fields the transition cleared (an unclaimed assignee) go too.
      await models.tasks.replaceOne({ _id: taskId, revision: { $lt: task.revision } }, fields).exec();
      await models.tasks.updateOne({ _id: taskId }, { $setOnInsert: fields }, { upsert: true }).exec();
      const event: ProcessEvent = {
        processId: task.processId,
        eventId: `${taskId}#${task.revision}`,
        at: transition.at,
        actor: transition.actor,
        action: `task.${transition.action}`,
        details: { taskId, taskType: task.taskType, title: task.title, ...(transition.reason ? { reason: transition.reason } : {}), ...transition.details },
      };
      await audit.recordProcessEvent(event);
    },
  };
}
