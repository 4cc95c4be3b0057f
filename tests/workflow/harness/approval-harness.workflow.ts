import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { ApprovalDecision, ApprovalPolicy } from '../../../domain/approval';
import type { ProcessStartArgs } from '../../../domain/process';
import { requestApproval, type ApprovalRequest } from '../../../workflows/shared/approvals';
import { createProcessRuntime } from '../../../workflows/shared/process-runtime';

export interface ApprovalHarnessInput {
  policy: ApprovalPolicy;
  request: ApprovalRequest;
}

/**
 * Test-only process (not in the production bundle): asks one approval under the given policy and
 * returns the decision; a cancelled process closes the way real processes do.
 */
export async function approvalHarnessWorkflow(args: ProcessStartArgs<ApprovalHarnessInput>): Promise<ApprovalDecision> {
  const process = createProcessRuntime(args, {});
  try {
    await process.enterStage('approval');
    const decision = await requestApproval(process, args.input.policy, args.input.request);
    await process.finish(decision.decision === 'approved' ? 'completed' : 'rejected');
    return decision;
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => process.finishCancelled());
    throw err;
  }
}
