import type { WorkflowStartOptions } from '@temporalio/client';
import type { ProcessStartArgs } from '../../domain/process';
import { BusinessKeyKey, ProcessOwnerKey, ProcessStageKey, ProcessTypeKey } from '../../domain/search-attributes';

/**
 * How every process is started: its envelope as the only argument, the search attributes the
 * Temporal UI and GET /api/processes filter on, and the input's hash in the memo (idempotency).
 * The benchmark uses this too, so that "bare Temporal" does exactly what the API asks of Temporal.
 */
export function processStartOptions(args: ProcessStartArgs<unknown>, taskQueue: string, inputHash: string): WorkflowStartOptions {
  return {
    workflowId: args.processId,
    taskQueue,
    args: [args],
    // FAIL + REJECT_DUPLICATE: one RPC tells a new instance from an existing one, open or closed.
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    memo: { inputHash },
    typedSearchAttributes: [
      { key: ProcessTypeKey, value: args.processType },
      { key: BusinessKeyKey, value: args.businessKey },
      { key: ProcessOwnerKey, value: args.owner },
      { key: ProcessStageKey, value: 'started' },
    ],
  };
}
