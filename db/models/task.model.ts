import { Schema, type Connection, type Model } from 'mongoose';
import type { HumanTask } from '../../domain/human-task';

/** Inbox projection of the human-task workflows: the workflow is the truth, this is for lists. */
export type TaskRecord = Omit<HumanTask, 'taskId'> & { _id: string };

const taskSchema = new Schema<TaskRecord>(
  {
    _id: { type: String, required: true },
    taskType: { type: String, required: true },
    title: { type: String, required: true },
    description: String,
    processId: { type: String, required: true },
    processType: { type: String, required: true },
    businessKey: { type: String, required: true },
    candidateGroups: { type: [String], default: [] },
    assignee: String,
    excludedUsers: { type: [String], default: [] },
    priority: { type: Number, default: 50 },
    dueAt: String,
    outcomes: { type: [String], default: [] },
    formSchema: { type: Schema.Types.Mixed },
    context: { type: Schema.Types.Mixed },
    state: { type: String, required: true },
    createdAt: { type: String, required: true },
    claimedAt: String,
    completedBy: String,
    completedAt: String,
    outcome: String,
    data: { type: Schema.Types.Mixed },
    cancelReason: String,
    revision: { type: Number, required: true },
  },
  { collection: 'tasks', versionKey: false, minimize: false },
);
// The inbox (api/tasks/task-inbox.query.ts): state IN (...) AND (assignee = me OR candidateGroups IN
// mine OR candidateUsers = me), sorted by (key, _id) with a keyset range on the key. One index per
// visibility branch and sort key, equality fields first, then the key and _id, so each branch is
// read in order and merged (no in-memory sort); ops (all tasks) has its own. A direction serves
// both (an index is read backwards for the other). Counts per state use the same indexes.
const sortKeys: Record<string, 1 | -1>[] = [{ createdAt: -1, _id: -1 }, { dueAt: 1, _id: 1 }, { priority: -1, _id: -1 }];
for (const key of sortKeys) {
  taskSchema.index({ state: 1, candidateGroups: 1, ...key });
  taskSchema.index({ state: 1, assignee: 1, ...key });
  taskSchema.index({ state: 1, ...key });
}
taskSchema.index({ state: 1, candidateUsers: 1, createdAt: -1, _id: -1 });
taskSchema.index({ processId: 1, createdAt: -1, _id: -1 });

export function taskModel(connection: Connection): Model<TaskRecord> {
  return (connection.models.Task as Model<TaskRecord> | undefined) ?? connection.model<TaskRecord>('Task', taskSchema);
}
