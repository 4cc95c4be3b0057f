import { executeChild, ParentClosePolicy, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { taskManagerGroups } from '../../domain/access-policy';
import type { HumanTaskSpec, TaskResult } from '../../domain/human-task';
import type { ProcessStartArgs, ProcessStatus, ProcessView } from '../../domain/process';
import { ProcessStageKey } from '../../domain/search-attributes';
import { humanTaskId } from '../human-task/human-task.contract';
import { humanTaskWorkflow } from '../human-task/human-task.workflow';
import { getProcessQuery, processCancelRequestSignal } from './process.contract';

const { recordProcessEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});

/**
 * What every process workflow shares: its view (answered by getProcessQuery), stage changes that
 * reach the Temporal UI and the audit trail, and human tasks run as child workflows.
 */
export function createProcessRuntime<TData extends Record<string, unknown>>(args: ProcessStartArgs<unknown>, data: TData) {
  let eventSeq = 0;
  const view: ProcessView<TData> = {
    processId: args.processId,
    processType: args.processType,
    businessKey: args.businessKey,
    owner: args.owner,
    status: 'running',
    stage: 'started',
    openTasks: [],
    data,
  };
  let cancelRequest: { by: string; reason: string } | undefined;
  setHandler(getProcessQuery, () => view);
  setHandler(processCancelRequestSignal, (request) => {
    cancelRequest = request;
  });

  async function record(action: string, actor: string, details?: Record<string, unknown>): Promise<void> {
    eventSeq += 1;
    await recordProcessEvent({
      processId: args.processId,
      eventId: `process#${eventSeq}`,
      at: new Date().toISOString(),
      actor,
      action,
      details,
    });
  }

  return {
    view,
    record,
    async enterStage(stage: string, actor = 'system'): Promise<void> {
      view.stage = stage;
      upsertSearchAttributes([{ key: ProcessStageKey, value: stage }]);
      await record(`stage.${stage}`, actor);
    },
    async finish(status: Exclude<ProcessStatus, 'running'>, actor = 'system'): Promise<void> {
      view.status = status;
      await record(`process.${status}`, actor);
    },
    /** The cancellation path of every process: stage, status and audit entry with who and why. */
    async finishCancelled(): Promise<void> {
      view.stage = 'cancelled';
      view.status = 'cancelled';
      upsertSearchAttributes([{ key: ProcessStageKey, value: 'cancelled' }]);
      await record('process.cancelled', cancelRequest?.by ?? 'system', { reason: cancelRequest?.reason ?? 'cancelled' });
    },
    /**
     * Starts the task as a child workflow and waits for its completion. `step` must be unique per
     * process. A cancelled process cancels the task, and this throws the cancellation.
     */
    async runHumanTask(step: string, spec: HumanTaskSpec): Promise<TaskResult> {
      const taskId = humanTaskId(args.processId, step);
      view.openTasks.push({ taskId, taskType: spec.taskType, title: spec.title, state: spec.assignee ? 'claimed' : 'open' });
      try {
        return await executeChild(humanTaskWorkflow, {
          workflowId: taskId,
          args: [{ managerGroups: taskManagerGroups(spec.taskType), ...spec, taskId, processId: args.processId, processType: args.processType, businessKey: args.businessKey }],
          // A cancelled process asks its tasks to cancel, so they leave the inbox saying why.
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        });
      } finally {
        view.openTasks = view.openTasks.filter((t) => t.taskId !== taskId);
      }
    },
  };
}
