import type { HumanTask, TaskState } from './human-task';
import type { OpenTaskRef } from './process';

/**
 * TM Forum TMF701 Process Flow Management v4 over the engine's own processes and tasks: the
 * state mappings and resource shapes, as pure functions. The API module (api/tmf701/) only
 * calls the engine's services and these.
 *
 * ProcessFlow.state, from the Temporal execution status:
 *   running (and continuedAsNew) -> active
 *   completed                    -> completed (approved and rejected strategies alike: the flow
 *                                   closed normally; the business result is characteristic `status`)
 *   cancelled, terminated, failed, timedOut -> cancelled (closed without finishing; the exact one
 *                                   is characteristic `executionStatus`)
 *   hold                         -> never: the engine has no suspended processes today.
 *
 * TaskFlow.state, from the task state:
 *   open -> new; claimed -> active (also while delegated: the delegate works on it, and their
 *   completion hands it back to the assignee); completed -> completed;
 *   cancelled, expired -> cancelled (characteristic `taskState` keeps which); hold -> never.
 */

export const TMF701_BASE_PATH = '/tmf-api/processFlowManagement/v4';

export type ProcessFlowState = 'active' | 'hold' | 'completed' | 'cancelled';
export type TaskFlowState = 'new' | 'active' | 'hold' | 'completed' | 'cancelled';
export const PROCESS_FLOW_STATES: readonly ProcessFlowState[] = ['active', 'hold', 'completed', 'cancelled'];
export const TASK_FLOW_STATES: readonly TaskFlowState[] = ['new', 'active', 'hold', 'completed', 'cancelled'];

/** Execution statuses as the engine's API names them (see api/processes/process-visibility.ts). */
export function processFlowState(executionStatus: string): ProcessFlowState {
  switch (executionStatus) {
    case 'running':
    case 'continuedAsNew':
      return 'active';
    case 'completed':
      return 'completed';
    default:
      return 'cancelled';
  }
}

/**
 * The execution status to filter on for a ProcessFlow state; `null` when no process can be in it
 * (hold). `cancelled` selects Temporal-cancelled processes only: the visibility filter takes one
 * status, so terminated, failed and timed-out ones (also shown as cancelled) are not listed by it.
 */
export function executionStatusFor(state: ProcessFlowState): string | null {
  switch (state) {
    case 'active':
      return 'running';
    case 'completed':
      return 'completed';
    case 'cancelled':
      return 'cancelled';
    case 'hold':
      return null;
  }
}

export function isProcessFlowState(value: string): value is ProcessFlowState {
  return (PROCESS_FLOW_STATES as readonly string[]).includes(value);
}

export function taskFlowState(state: TaskState): TaskFlowState {
  switch (state) {
    case 'open':
      return 'new';
    case 'claimed':
      return 'active';
    case 'completed':
      return 'completed';
    case 'cancelled':
    case 'expired':
      return 'cancelled';
  }
}

/** Task ids are `<processId>.task-<step>`: a task flow belongs to the process flow it names. */
export function taskBelongsToProcess(taskFlowId: string, processFlowId: string): boolean {
  return taskFlowId.startsWith(`${processFlowId}.task-`) && taskFlowId.length > processFlowId.length + 6;
}

export interface Characteristic {
  name: string;
  value: unknown;
  valueType: string;
  '@type': 'Characteristic';
}

export interface RelatedParty {
  id: string;
  role: string;
  '@type': 'RelatedParty';
  '@referredType': 'Individual' | 'PartyRole';
}

export interface TaskFlowRef {
  id: string;
  href: string;
  name?: string;
  '@type': 'TaskFlowRef';
  '@referredType': 'TaskFlow';
}

export interface ProcessFlow {
  id: string;
  href: string;
  processFlowSpecification: string;
  processFlowDate: string;
  state: ProcessFlowState;
  relatedParty: RelatedParty[];
  characteristic: Characteristic[];
  taskFlow?: TaskFlowRef[];
  '@type': 'ProcessFlow';
}

export interface TaskFlow {
  id: string;
  href: string;
  taskFlowSpecification: string;
  state: TaskFlowState;
  priority: number;
  isMandatory: true;
  completionMethod: 'manual';
  characteristic: Characteristic[];
  relatedParty: RelatedParty[];
  processFlow: { id: string; href: string; '@type': 'ProcessFlowRef'; '@referredType': 'ProcessFlow' };
  '@type': 'TaskFlow';
}

/** What the engine knows of a process: its summary from visibility, or its details. */
export interface ProcessFlowSource {
  processId: string;
  processType: string;
  businessKey?: string;
  owner?: string;
  stage?: string;
  /** Business status from the process itself (details only). */
  status?: string;
  executionStatus: string;
  startTime: string;
  closeTime?: string;
  openTasks?: OpenTaskRef[];
  data?: Record<string, unknown>;
}

export const processFlowHref = (id: string) => `${TMF701_BASE_PATH}/processFlow/${encodeURIComponent(id)}`;
export const taskFlowHref = (processFlowId: string, taskFlowId: string) => `${processFlowHref(processFlowId)}/taskFlow/${encodeURIComponent(taskFlowId)}`;

function valueType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Characteristics of the defined values only, in the order given. */
export function characteristics(values: Record<string, unknown>): Characteristic[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ({ name, value, valueType: valueType(value), '@type': 'Characteristic' as const }));
}

const party = (id: string, role: string, referredType: RelatedParty['@referredType'] = 'Individual'): RelatedParty => ({
  id, role, '@type': 'RelatedParty', '@referredType': referredType,
});

export function toProcessFlow(p: ProcessFlowSource): ProcessFlow {
  const flow: ProcessFlow = {
    id: p.processId,
    href: processFlowHref(p.processId),
    processFlowSpecification: p.processType,
    processFlowDate: p.startTime,
    state: processFlowState(p.executionStatus),
    relatedParty: p.owner ? [party(p.owner, 'owner')] : [],
    characteristic: characteristics({
      businessKey: p.businessKey,
      stage: p.stage,
      status: p.status,
      executionStatus: p.executionStatus,
      closeTime: p.closeTime,
      data: p.data,
    }),
    '@type': 'ProcessFlow',
  };
  if (p.openTasks) {
    flow.taskFlow = p.openTasks.map((t) => ({ id: t.taskId, href: taskFlowHref(p.processId, t.taskId), name: t.title, '@type': 'TaskFlowRef', '@referredType': 'TaskFlow' }));
  }
  return flow;
}

export function toTaskFlow(t: Omit<HumanTask, 'formSchema'> & { formSchema?: unknown }): TaskFlow {
  const parties = [
    ...(t.assignee ? [party(t.assignee, 'assignee')] : []),
    ...(t.candidateUsers ?? []).map((u) => party(u, 'candidate')),
    ...t.candidateGroups.map((g) => party(g, 'candidateGroup', 'PartyRole')),
    ...(t.completedBy ? [party(t.completedBy, 'performer')] : []),
  ];
  return {
    id: t.taskId,
    href: taskFlowHref(t.processId, t.taskId),
    taskFlowSpecification: t.taskType,
    state: taskFlowState(t.state),
    priority: t.priority,
    isMandatory: true,
    completionMethod: 'manual',
    characteristic: characteristics({
      title: t.title,
      description: t.description,
      taskState: t.state,
      outcomes: t.outcomes,
      outcome: t.outcome,
      data: t.data,
      formSchema: t.formSchema,
      context: t.context,
      createdAt: t.createdAt,
      dueAt: t.dueAt,
      completedAt: t.completedAt,
      cancelReason: t.cancelReason,
      expiredAt: t.expiredAt,
      delegation: t.delegation,
    }),
    relatedParty: parties,
    processFlow: { id: t.processId, href: processFlowHref(t.processId), '@type': 'ProcessFlowRef', '@referredType': 'ProcessFlow' },
    '@type': 'TaskFlow',
  };
}

/**
 * TMF attribute selection (`fields=state,characteristic`): the named top-level fields plus id,
 * href and @type, which every answer keeps. No `fields` (or `fields=`) returns everything.
 */
export function selectFields<T extends object>(resource: T, fields: string | undefined): Partial<T> {
  if (fields === undefined || fields.trim() === '') return resource;
  const wanted = new Set(['id', 'href', '@type', ...fields.split(',').map((f) => f.trim()).filter(Boolean)]);
  return Object.fromEntries(Object.entries(resource).filter(([key]) => wanted.has(key))) as Partial<T>;
}

/** A characteristic list as a name -> value map; repeated names are reported, not merged. */
export function characteristicValues(list: readonly { name: string; value?: unknown }[]): { values: Map<string, unknown>; duplicates: string[] } {
  const values = new Map<string, unknown>();
  const duplicates: string[] = [];
  for (const c of list) {
    if (values.has(c.name)) duplicates.push(c.name);
    values.set(c.name, c.value);
  }
  return { values, duplicates };
}
