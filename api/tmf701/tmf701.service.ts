import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../domain/errors';
import { TASK_STATES } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import type { JsonSchema } from '../../domain/json-schema';
import { findProcessDefinition, processDefinitions } from '../../domain/process-definitions';
import {
  characteristicValues,
  executionStatusFor,
  isProcessFlowState,
  PROCESS_FLOW_STATES,
  taskBelongsToProcess,
  toProcessFlow,
  toTaskFlow,
  type ProcessFlow,
  type TaskFlow,
} from '../../domain/tmf701';
import { requireValid } from '../common/guards';
import { ProcessesService } from '../processes/processes.service';
import { TaskActionsService } from '../tasks/task-actions.service';
import { TasksService } from '../tasks/tasks.service';

const characteristicItem: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    value: {},
    valueType: { type: 'string', maxLength: 50 },
    '@type': { type: 'string', maxLength: 100 },
  },
};
const tmfMeta: Record<string, JsonSchema> = {
  '@type': { type: 'string', maxLength: 100 },
  '@baseType': { type: 'string', maxLength: 100 },
  '@schemaLocation': { type: 'string', maxLength: 500 },
};

/** POST processFlow: the specification is the process type, characteristic `input` its input. */
export const processFlowCreateSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['processFlowSpecification', 'characteristic'],
  properties: {
    processFlowSpecification: { type: 'string', minLength: 1, maxLength: 100 },
    characteristic: { type: 'array', minItems: 1, maxItems: 1, items: characteristicItem },
    ...tmfMeta,
  },
};

/** PATCH taskFlow: only `state: completed`, with characteristics `outcome` (required) and `data`. */
export const taskFlowPatchSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['state'],
  properties: {
    state: { type: 'string', enum: ['completed'] },
    characteristic: { type: 'array', maxItems: 2, items: characteristicItem },
    ...tmfMeta,
  },
};

export interface ProcessFlowQuery {
  processFlowSpecification?: string;
  state?: string;
  limit: number;
  cursor?: string;
}

function fieldError(path: string, message: string, what: string): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, what, [{ path, message }]);
}

/**
 * TMF701 over the engine's services: this class only translates. Starting, cancelling, reading and
 * completing go through ProcessesService, TasksService and TaskActionsService, which enforce the
 * access policy and the task rules (the problem filter maps their errors).
 */
@Injectable()
export class Tmf701Service {
  constructor(
    private readonly processes: ProcessesService,
    private readonly tasks: TasksService,
    private readonly actions: TaskActionsService,
  ) {}

  async listProcessFlows(actor: Actor, q: ProcessFlowQuery): Promise<{ items: ProcessFlow[]; nextCursor?: string }> {
    let status: string | undefined;
    if (q.state !== undefined) {
      if (!isProcessFlowState(q.state)) throw fieldError('/state', `must be one of ${PROCESS_FLOW_STATES.join(', ')}`, `unknown state ${q.state}`);
      const mapped = executionStatusFor(q.state);
      // No process is ever on hold: an empty page, after the same permission check as any list.
      if (mapped === null) {
        await this.processes.list(actor, { type: q.processFlowSpecification }, 1);
        return { items: [] };
      }
      status = mapped;
    }
    if (q.processFlowSpecification !== undefined && !findProcessDefinition(q.processFlowSpecification)) {
      throw fieldError('/processFlowSpecification', `must be one of ${processDefinitions.map((d) => d.type).join(', ')}`, `unknown processFlowSpecification ${q.processFlowSpecification}`);
    }
    const page = await this.processes.list(actor, { type: q.processFlowSpecification, status }, q.limit, q.cursor);
    return { items: page.items.map(toProcessFlow), nextCursor: page.nextCursor };
  }

  async getProcessFlow(actor: Actor, id: string): Promise<ProcessFlow> {
    return toProcessFlow(await this.processes.get(actor, id));
  }

  async createProcessFlow(actor: Actor, body: unknown, idempotencyKey?: string): Promise<{ created: boolean; flow: ProcessFlow }> {
    const { processFlowSpecification, characteristic } = requireValid<{ processFlowSpecification: string; characteristic: { name: string; value?: unknown }[] }>(processFlowCreateSchema, body);
    if (!findProcessDefinition(processFlowSpecification)) {
      throw fieldError('/processFlowSpecification', `must be one of ${processDefinitions.map((d) => d.type).join(', ')}`, `unknown processFlowSpecification ${processFlowSpecification}`);
    }
    const input = characteristic.find((c) => c.name === 'input');
    if (!input) throw fieldError('/characteristic/0/name', 'must be input: the process input is its value', 'characteristic input is required');
    const { created, process } = await this.processes.start(actor, processFlowSpecification, input.value, idempotencyKey);
    return { created, flow: toProcessFlow(process) };
  }

  async cancelProcessFlow(actor: Actor, id: string): Promise<void> {
    await this.processes.cancel(actor, id, 'cancelled through TMF701 DELETE processFlow');
  }

  /** The process's tasks the caller may see (as in their inbox: offered to them or theirs), newest first. */
  async listTaskFlows(actor: Actor, processFlowId: string, limit: number, cursor?: string): Promise<{ items: TaskFlow[]; nextCursor?: string }> {
    await this.processes.get(actor, processFlowId);
    const page = await this.tasks.list(actor, { states: [...TASK_STATES], processId: processFlowId, limit, cursor });
    return { items: page.items.map(toTaskFlow), nextCursor: page.nextCursor };
  }

  async getTaskFlow(actor: Actor, processFlowId: string, taskFlowId: string): Promise<TaskFlow> {
    this.requireTaskOf(processFlowId, taskFlowId);
    return toTaskFlow(await this.tasks.get(actor, taskFlowId));
  }

  /** state completed = complete the task (TaskActionsService, whose Update validators decide). */
  async patchTaskFlow(actor: Actor, processFlowId: string, taskFlowId: string, body: unknown, requestId?: string): Promise<TaskFlow> {
    const patch = requireValid<{ state: string; characteristic?: { name: string; value?: unknown }[] }>(taskFlowPatchSchema, body);
    this.requireTaskOf(processFlowId, taskFlowId);
    const { values, duplicates } = characteristicValues(patch.characteristic ?? []);
    const errors = [
      ...duplicates.map((name) => ({ path: '/characteristic', message: `${name} is given more than once` })),
      ...[...values.keys()].filter((name) => name !== 'outcome' && name !== 'data').map((name) => ({ path: '/characteristic', message: `${name} is not a characteristic of a completion (outcome, data)` })),
    ];
    const outcome = values.get('outcome');
    const data = values.get('data') ?? {};
    if (typeof outcome !== 'string' || outcome === '') errors.push({ path: '/characteristic', message: 'outcome is required: a string, one of the task outcomes' });
    if (typeof data !== 'object' || data === null || Array.isArray(data)) errors.push({ path: '/characteristic', message: 'data must be an object' });
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'request body is invalid', errors);
    const task = await this.actions.complete(actor, taskFlowId, { outcome: outcome as string, data: data as Record<string, unknown> }, requestId);
    return toTaskFlow(task);
  }

  private requireTaskOf(processFlowId: string, taskFlowId: string): void {
    if (!taskBelongsToProcess(taskFlowId, processFlowId)) throw new DomainError(ErrorCode.NotFound, `no taskFlow ${taskFlowId} in processFlow ${processFlowId}`);
  }
}
