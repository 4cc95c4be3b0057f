import { Schema, type Connection, type Model } from 'mongoose';
import type { ProcessEvent } from '../../domain/process';

/** Business audit trail; `_id` is `<processId>:<eventId>` so a retried write lands once. */
export type AuditEntryRecord = ProcessEvent & { _id: string };

const auditEntrySchema = new Schema<AuditEntryRecord>(
  {
    _id: { type: String, required: true },
    processId: { type: String, required: true },
    eventId: { type: String, required: true },
    at: { type: String, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    details: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_entries', versionKey: false },
);
auditEntrySchema.index({ processId: 1, at: 1 });

export function auditEntryModel(connection: Connection): Model<AuditEntryRecord> {
  return (connection.models.AuditEntry as Model<AuditEntryRecord> | undefined) ?? connection.model<AuditEntryRecord>('AuditEntry', auditEntrySchema);
}
