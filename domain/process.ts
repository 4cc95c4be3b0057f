import type { TaskState } from './human-task';

/** Every process workflow is started with this envelope; `input` is the type's own payload. */
export interface ProcessStartArgs<TInput> {
  processId: string;
  processType: string;
  owner: string;
  businessKey: string;
  input: TInput;
}

export type ProcessStatus = 'running' | 'completed' | 'rejected' | 'cancelled';

export interface OpenTaskRef {
  taskId: string;
  taskType: string;
  title: string;
  state: TaskState;
}

/** What the API shows of a running process (from a Query) and of a closed one (its result). */
export interface ProcessView<TData = Record<string, unknown>> {
  processId: string;
  processType: string;
  businessKey: string;
  owner: string;
  status: ProcessStatus;
  stage: string;
  openTasks: OpenTaskRef[];
  data: TData;
}

/** An entry of the business audit trail: who did what, when. */
export interface ProcessEvent {
  processId: string;
  /** Unique per process; makes the write idempotent across activity retries. */
  eventId: string;
  at: string;
  actor: string;
  action: string;
  details?: Record<string, unknown>;
}
