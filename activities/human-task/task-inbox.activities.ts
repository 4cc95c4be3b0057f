import type { HumanTask } from '../../domain/human-task';
import type { ProcessEvent } from '../../domain/process';
import type { Models } from '../../db/models';
import { auditEntryId, writeAuditEntry } from '../process/audit-trail';
import { createHubPublisher } from '../tmf701-hub/hub-events.activities';

export interface TaskTransition {
  action: 'created' | 'claimed' | 'unclaimed' | 'assigned' | 'delegated' | 'resolved' | 'updated' | 'escalated' | 'expired' | 'completed' | 'cancelled';
  /** Why, when the person gave a reason. */
  reason?: string;
  actor: string;
  at: string;
  details?: Record<string, unknown>;
}

/** Keeps the inbox projection, the audit trail and the TMF701 listeners in step with each task workflow transition. */
export function createTaskInboxActivities({ models }: { models: Models }) {
  const hub = createHubPublisher({ models });
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
      await writeAuditEntry(models, event);
      await hub.publishTaskTransition(task, transition.action, auditEntryId(event), transition.at);
    },
  };
}
