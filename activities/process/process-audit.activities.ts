import type { ProcessEvent } from '../../domain/process';
import type { Models } from '../../db/models';

/** The business audit trail of a process (GET /api/processes/{id}/history). */
export function createProcessAuditActivities({ models }: { models: Models }) {
  return {
    async recordProcessEvent(event: ProcessEvent): Promise<void> {
      await models.auditEntries
        .updateOne({ _id: `${event.processId}:${event.eventId}` }, { $setOnInsert: event }, { upsert: true })
        .exec();
    },
  };
}
