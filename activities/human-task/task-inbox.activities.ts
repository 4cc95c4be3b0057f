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
      // Applies only a newer revision, so a retried or late activity never rolls the inbox back;
      // the workflow sends one revision at a time. Read and write by id alone: FerretDB pushes
      // no other filter down, and `{_id, revision: {$lt}}` would scan every task on each write.
      // A whole-document replace, so fields the transition cleared (an unclaimed assignee) go too.
      const stored = await models.tasks.findById(taskId, { revision: 1 }).lean().exec();
      if (!stored) await models.tasks.updateOne({ _id: taskId }, { $setOnInsert: fields }, { upsert: true }).exec();
      else if (stored.revision < task.revision) await models.tasks.replaceOne({ _id: taskId }, fields).exec();
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
