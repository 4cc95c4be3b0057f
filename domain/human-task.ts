import type { Actor } from './identity';
import { DomainError, ErrorCode } from './errors';
import { validateJson, type JsonSchema } from './json-schema';
import { validateTaskFormRule } from './task-forms';

/** created -> (claimed) -> completed | cancelled. `open` is a created, unclaimed task. */
export type TaskState = 'open' | 'claimed' | 'completed' | 'cancelled';
export const TASK_STATES: readonly TaskState[] = ['open', 'claimed', 'completed', 'cancelled'];

/** What a process declares when it needs a person. */
export interface HumanTaskSpec {
  taskType: string;
  title: string;
  description?: string;
  candidateGroups: string[];
  assignee?: string;
  /** Four-eyes: these users never act on the task, even when in a candidate group. */
  excludedUsers?: string[];
  priority?: number;
  /** ISO date-time. */
  dueAt?: string;
  outcomes: string[];
  /** Schema of `data` on completion. */
  formSchema: JsonSchema;
  /** Business data the performer needs to see. */
  context?: Record<string, unknown>;
}

export interface HumanTaskInput extends HumanTaskSpec {
  taskId: string;
  processId: string;
  processType: string;
  businessKey: string;
}

export interface HumanTask extends HumanTaskInput {
  state: TaskState;
  priority: number;
  createdAt: string;
  claimedAt?: string;
  completedBy?: string;
  completedAt?: string;
  outcome?: string;
  data?: Record<string, unknown>;
  cancelReason?: string;
  /** Increases with each transition; projections apply a transition only once and in order. */
  revision: number;
}

export interface TaskCompletion {
  outcome: string;
  data: Record<string, unknown>;
}

export interface TaskResult extends TaskCompletion {
  completedBy: string;
  completedAt: string;
}

export function isCandidate(task: HumanTask, actor: Actor): boolean {
  return task.assignee === actor.userId || actor.groups.some((g) => task.candidateGroups.includes(g));
}

function assertMayAct(task: HumanTask, actor: Actor): void {
  if (task.state !== 'open' && task.state !== 'claimed') {
    throw new DomainError(ErrorCode.TaskNotOpen, `task ${task.taskId} is ${task.state}`);
  }
  if (task.excludedUsers?.includes(actor.userId)) {
    throw new DomainError(ErrorCode.ExcludedUser, `${actor.userId} may not act on task ${task.taskId} (four-eyes rule)`);
  }
  if (!isCandidate(task, actor)) {
    throw new DomainError(ErrorCode.NotACandidate, `${actor.userId} is not a candidate for task ${task.taskId}`);
  }
}

/** Claiming is allowed for a candidate while nobody else holds the task. Re-claiming is a no-op. */
export function checkClaim(task: HumanTask, actor: Actor): void {
  assertMayAct(task, actor);
  if (task.state === 'claimed' && task.assignee !== actor.userId) {
    throw new DomainError(ErrorCode.TaskClaimedByOther, `task ${task.taskId} is claimed by ${task.assignee}`);
  }
}

/** Completion needs a candidate, not someone else's claim, an allowed outcome and valid form data. */
export function checkCompletion(task: HumanTask, actor: Actor, completion: TaskCompletion): void {
  checkClaim(task, actor);
  if (!task.outcomes.includes(completion.outcome)) {
    throw new DomainError(ErrorCode.OutcomeNotAllowed, `outcome must be one of ${task.outcomes.join(', ')}`, [
      { path: '/outcome', message: `must be one of ${task.outcomes.join(', ')}` },
    ]);
  }
  const errors = validateTaskForm(task.formSchema, completion);
  if (errors.length > 0) throw new DomainError(ErrorCode.FormInvalid, 'form data invalid', errors);
}

/** The schema, then the named domain rule the schema points at (if any). */
export function validateTaskForm(schema: JsonSchema, completion: TaskCompletion) {
  const errors = validateJson(schema, completion.data ?? {}, '/data');
  if (errors.length > 0 || !schema['x-rule']) return errors;
  return validateTaskFormRule(schema['x-rule'], completion);
}
