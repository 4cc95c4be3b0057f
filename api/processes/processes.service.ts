import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type WorkflowExecutionDescription, type WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import type { Models } from '../../db/models';
import { mayCancelProcess, mayStartProcess, mayViewProcesses } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Actor } from '../../domain/identity';
import type { ProcessStartArgs, ProcessView } from '../../domain/process';
import { findProcessDefinition, processDefinitions, type ProcessDefinition } from '../../domain/process-definitions';
import { BusinessKeyKey, ProcessOwnerKey, ProcessStageKey, ProcessTypeKey } from '../../domain/search-attributes';
import type { Config } from '../../platform/config';
import { getProcessQuery, processCancelRequestSignal } from '../../workflows/shared/process.contract';
import { requireAllowed } from '../common/guards';
import { CONFIG, MODELS } from '../common/tokens';
import { executionStatusName, processListQuery, type ProcessListFilter } from './process-visibility';
import { ProcessReferences } from './process-references';
import { processStartOptions } from './process-start-options';

export interface ProcessSummary {
  processId: string;
  processType: string;
  businessKey?: string;
  owner?: string;
  stage?: string;
  executionStatus: string;
  startTime: string;
  closeTime?: string;
}

/** A process as the API shows it; `unavailable` says why only the recorded part could be given. */
export type ProcessDetails = Omit<ProcessView, 'status'> & {
  status: ProcessView['status'] | 'unknown';
  executionStatus: string;
  startTime: string;
  closeTime?: string;
  unavailable?: string;
};

/** How long GET /api/processes/{id} waits for the process to answer its query. */
const QUERY_DEADLINE_MS = 5_000;

const dataConverter = loadDataConverter();

/** A process as Temporal visibility knows it: search attributes and execution status. */
function summarize(info: Omit<WorkflowExecutionInfo, 'raw'>): ProcessSummary {
  const sa = info.typedSearchAttributes;
  return {
    processId: info.workflowId,
    processType: sa.get(ProcessTypeKey) ?? info.type,
    businessKey: sa.get(BusinessKeyKey),
    owner: sa.get(ProcessOwnerKey),
    stage: sa.get(ProcessStageKey),
    executionStatus: executionStatusName(info.status.name),
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString(),
  };
}

@Injectable()
export class ProcessesService {
  constructor(
    private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(MODELS) private readonly models: Models,
    private readonly references: ProcessReferences,
  ) {}

  listDefinitions(actor: Actor) {
    requireAllowed(mayViewProcesses(actor), 'view process definitions');
    return processDefinitions.map(({ type, name, description, etom, inputSchema, startGroups }) => ({
      type, name, description, etom, inputSchema, startGroups, mayStart: mayStartProcess(actor, type),
    }));
  }

  /**
   * Starts a process. With an idempotency key the workflow id is derived from (caller, type, key):
   * a retried request finds the same instance (200) instead of starting a second one (201).
   */
  async start(actor: Actor, type: string, input: unknown, idempotencyKey?: string): Promise<{ created: boolean; process: ProcessSummary }> {
    const definition = this.definition(type);
    requireAllowed(mayStartProcess(actor, type), `start ${type}`);
    if (idempotencyKey !== undefined && !/^[\w.:-]{1,128}$/.test(idempotencyKey)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Idempotency-Key must be 1-128 letters, digits, _ . : -');
    }
    const errors = definition.validateInput(input);
    if (errors.length === 0) errors.push(...(await this.references.check(type, input)));
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, `input for ${type} is invalid`, errors);

    const inputHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const processId = idempotencyKey
      ? `${type}-${createHash('sha256').update(`${actor.userId}\n${type}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`
      : `${type}-${randomUUID()}`;
    const businessKey = definition.businessKey(input);
    const args: ProcessStartArgs<unknown> = { processId, processType: type, owner: actor.userId, businessKey, input };
    try {
      await this.temporal.workflow.start(definition.workflowType, processStartOptions(args, this.config.temporal.taskQueue, inputHash));
      const process: ProcessSummary = {
        processId, processType: type, businessKey, owner: actor.userId, stage: 'started', executionStatus: 'running', startTime: new Date().toISOString(),
      };
      return { created: true, process };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    // The key was used before: the same input gets the same instance, another input is a conflict.
    const description = await this.temporal.workflow.getHandle(processId).describe();
    if (description.memo?.inputHash !== inputHash) {
      throw new DomainError(ErrorCode.IdempotencyConflict, 'this Idempotency-Key was already used with a different input');
    }
    return { created: false, process: summarize(description) };
  }

  async list(actor: Actor, filter: ProcessListFilter, limit: number, cursor?: string) {
    requireAllowed(mayViewProcesses(actor), 'view processes');
    const response = await this.temporal.workflowService.listWorkflowExecutions({
      namespace: this.config.temporal.namespace,
      query: processListQuery(filter),
      pageSize: limit,
      nextPageToken: cursor ? Buffer.from(cursor, 'base64url') : undefined,
    });
    const items: ProcessSummary[] = [];
    for (const raw of response.executions) {
      items.push(summarize(await executionInfoFromRaw(raw, dataConverter, raw, this.config.temporal.namespace)));
    }
    const token = response.nextPageToken;
    return { items, nextCursor: token && token.length > 0 ? Buffer.from(token).toString('base64url') : undefined };
  }

  async get(actor: Actor, processId: string): Promise<ProcessDetails> {
    requireAllowed(mayViewProcesses(actor), 'view processes');
    return this.details(await this.describe(processId));
  }

  async history(actor: Actor, processId: string) {
    requireAllowed(mayViewProcesses(actor), 'view processes');
    await this.describe(processId);
    const entries = await this.models.auditEntries.find({ processId }).sort({ at: 1, _id: 1 }).lean().exec();
    return entries.map(({ _id, ...entry }) => entry);
  }

  async cancel(actor: Actor, processId: string, reason: string): Promise<ProcessDetails> {
    const description = await this.describe(processId);
    requireAllowed(mayCancelProcess(actor, description.typedSearchAttributes.get(ProcessOwnerKey) ?? ''), 'cancel this process');
    if (description.status.name !== 'RUNNING') {
      throw new DomainError(ErrorCode.ProcessNotRunning, `process ${processId} is ${executionStatusName(description.status.name)}`);
    }
    const handle = this.temporal.workflow.getHandle(processId);
    // Who and why go in first, so the workflow's cancellation path can put them in the audit trail.
    await handle.signal(processCancelRequestSignal, { by: actor.userId, reason });
    await handle.cancel();
    // Cancellation is a request: give the process a moment to close its records and its tasks.
    await Promise.race([handle.result().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    return this.details(await handle.describe());
  }

  private definition(type: string): ProcessDefinition {
    const definition = findProcessDefinition(type);
    if (!definition) throw new DomainError(ErrorCode.UnknownProcessType, `no process type ${type}`);
    return definition;
  }

  /** Describes a process instance; task workflows and unknown ids are 404. */
  private async describe(processId: string): Promise<WorkflowExecutionDescription> {
    try {
      const description = await this.temporal.workflow.getHandle(processId).describe();
      if (!description.typedSearchAttributes.get(ProcessTypeKey)) throw new WorkflowNotFoundError('not a process', processId, undefined);
      return description;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new DomainError(ErrorCode.NotFound, `no process ${processId}`);
      throw err;
    }
  }

  /**
   * The live view from the process's query, with task states from the inbox. If the process does
   * not answer in time (no worker running), the answer says so and still gives what is known.
   */
  private async details(description: WorkflowExecutionDescription): Promise<ProcessDetails> {
    const summary = summarize(description);
    const tasks = await this.models.tasks
      .find({ processId: description.workflowId, state: { $in: ['open', 'claimed'] } }, { _id: 1, taskType: 1, title: 1, state: 1, assignee: 1 })
      .lean()
      .exec();
    const projected = new Map(tasks.map((t) => [t._id, { taskId: t._id, taskType: t.taskType, title: t.title, state: t.state, assignee: t.assignee }]));
    const times = { executionStatus: summary.executionStatus, startTime: summary.startTime, closeTime: summary.closeTime };
    try {
      const handle = this.temporal.workflow.getHandle(description.workflowId);
      const view = await this.temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(getProcessQuery));
      return { ...view, openTasks: view.openTasks.map((t) => projected.get(t.taskId) ?? t), ...times };
    } catch (err) {
      return {
        processId: summary.processId,
        processType: summary.processType,
        businessKey: summary.businessKey ?? '',
        owner: summary.owner ?? '',
        status: 'unknown',
        stage: summary.stage ?? 'unknown',
        openTasks: [...projected.values()],
        data: {},
        ...times,
        unavailable: `the process did not answer its query: ${(err as Error).message}`,
      };
    }
  }
}
