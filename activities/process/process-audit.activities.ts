import type { ProcessEvent } from '../../domain/process';
import type { Models } from '../../db/models';
import { createHubPublisher } from '../tmf701-hub/hub-events.activities';
import { auditEntryId, writeAuditEntry } from './audit-trail';

/** The business audit trail of a process (GET /api/processes/{id}/history), and its TMF701 events. */
export function createProcessAuditActivities({ models }: { models: Models }) {
  const hub = createHubPublisher({ models });
  return {
    async recordProcessEvent(event: ProcessEvent): Promise<void> {
      await writeAuditEntry(models, event);
      await hub.publishProcessEvent(event, auditEntryId(event));
    },
  };
}
