import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** The domain code with which a workflow Update was rejected, or 'accepted'. Other errors propagate. */
export async function rejectionCode(update: Promise<unknown>): Promise<string | undefined> {
  try {
    await update;
    return 'accepted';
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
    throw err;
  }
}
