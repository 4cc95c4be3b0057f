import type { Models } from '../../db/models';
import type { ProcessEvent } from '../../domain/process';

/** The id of an audit entry, unique per process and event: a retried write lands once. */
export function auditEntryId(event: ProcessEvent): string {
  return `${event.processId}:${event.eventId}`;
}

export async function writeAuditEntry(models: Models, event: ProcessEvent): Promise<void> {
  await models.auditEntries.updateOne({ _id: auditEntryId(event) }, { $setOnInsert: event }, { upsert: true }).exec();
}
