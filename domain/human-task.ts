import type { Actor } from './identity';
import { DomainError, ErrorCode } from './errors';
import { validateJson, type JsonSchema } from './json-schema';
import { validateTaskFormRule } from './task-forms';

/** created -> (claimed) -> completed | cancelled | expired. `open` is a created, unclaimed task. */
export type TaskState = 'open' | 'claimed' | 'completed' | 'cancelled' | 'expired';
export const TASK_STATES: readonly TaskState[] = ['open', 'claimed', 'completed', 'cancelled', 'expired'];

/** What happens when a task passes its due date without being completed. */
export type EscalationAction =
  | { type: 'notify'; users?: string[]; groups?: string[] }
  | { type: 'raisePriority'; to: number }
  | { type: 'addCandidateGroups'; groups: string[] }
  | { type: 'reassign'; to: string };

/** What a process declares when it needs a person. */
export interface HumanTaskSpec {
  taskType: string;
  title: string;
  description?: string;
  candidateGroups: string[];
  candidateUsers?: string[];
  assignee?: string;
  /** Four-eyes: these users never act on the task, even when in a candidate group. */
  excludedUsers?: string[];
  /** May assign the task and change its priority and dates (ops always may). */
  managerGroups?: string[];
  /** 0 (lowest) to 100 (highest); 50 when not given. */
  priority?: number;
  /** ISO date-time: the SLA. Passing it runs `escalation`. */
  dueAt?: string;
  /** ISO date-time: when to look at it again (shown in inboxes, no automatic effect). */
  followUpAt?: string;
  escalation?: EscalationAction[];
  /** ISO date-time: the final deadline. Passing it expires the task; its process decides what that means. */
  expiresAt?: string;
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
  escalatedAt?: string;
  expiredAt?: string;
  /** Delegation: the assignee handed the work to someone else and gets it back to approve. */
  delegation?: { owner: string; state: 'pending' | 'resolved'; resolvedData?: Record<string, unknown>; resolvedOutcome?: string };
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
  /** Set when the task reached its final deadline: no one completed it, `outcome` is 'expired'. */
  expired?: boolean;
}

export const EXPIRED_OUTCOME = 'expired';
export const OPS_GROUP = 'ops';

export function isCandidate(task: HumanTask, actor: Actor): boolean {
  return (
    task.assignee === actor.userId ||
    (task.candidateUsers ?? []).includes(actor.userId) ||
    actor.groups.some((g) => task.candidateGroups.includes(g))
  );
}

export function isTaskManager(task: HumanTask, actor: Actor): boolean {
  return actor.groups.includes(OPS_GROUP) || actor.groups.some((g) => (task.managerGroups ?? []).includes(g));
}

function assertActive(task: HumanTask): void {
  if (task.state !== 'open' && task.state !== 'claimed') {
    throw new DomainError(ErrorCode.TaskNotOpen, `task ${task.taskId} is ${task.state}`);
  }
}

function assertNotExcluded(task: HumanTask, userId: string): void {
  if (task.excludedUsers?.includes(userId)) {
    throw new DomainError(ErrorCode.ExcludedUser, `${userId} may not act on task ${task.taskId} (four-eyes rule)`);
  }
}

function assertManager(task: HumanTask, actor: Actor, what: string): void {
  if (!isTaskManager(task, actor)) throw new DomainError(ErrorCode.Forbidden, `${actor.userId} may not ${what} task ${task.taskId}`);
}

/** The assignee gives the task back to its candidates; a manager may take it from them. */
export function checkUnclaim(task: HumanTask, actor: Actor): void {
  assertActive(task);
  if (task.state !== 'claimed') throw new DomainError(ErrorCode.TaskNotOpen, `task ${task.taskId} is not claimed`);
  if (task.delegation?.state === 'pending') throw new DomainError(ErrorCode.TaskDelegated, `task ${task.taskId} is delegated to ${task.assignee}`);
  if (task.assignee !== actor.userId) assertManager(task, actor, 'unclaim');
}

/** A manager (or ops) names who does the task. */
export function checkAssign(task: HumanTask, actor: Actor, userId: string): void {
  assertActive(task);
  assertManager(task, actor, 'assign');
  assertNotExcluded(task, userId);
}

/** The assignee hands the work to someone else and gets it back to approve. */
export function checkDelegate(task: HumanTask, actor: Actor, userId: string): void {
  assertActive(task);
  if (task.assignee !== actor.userId) throw new DomainError(ErrorCode.NotAssignee, `only the assignee of task ${task.taskId} may delegate it`);
  if (task.delegation?.state === 'pending') throw new DomainError(ErrorCode.TaskDelegated, `task ${task.taskId} is already delegated`);
  if (userId === actor.userId) throw new DomainError(ErrorCode.ValidationFailed, 'a task cannot be delegated to its assignee', [{ path: '/userId', message: 'must be someone else' }]);
  assertNotExcluded(task, userId);
}

export interface TaskAttributesChange {
  priority?: number;
  dueAt?: string | null;
  followUpAt?: string | null;
}

/** Managers change priority and dates; the values are checked here so the workflow never holds a bad one. */
export function checkAttributesChange(task: HumanTask, actor: Actor, change: TaskAttributesChange): void {
  assertActive(task);
  assertManager(task, actor, 'change');
  const errors: { path: string; message: string }[] = [];
  if (change.priority !== undefined && !(Number.isInteger(change.priority) && change.priority >= 0 && change.priority <= 100)) {
    errors.push({ path: '/priority', message: 'must be an integer from 0 to 100' });
  }
  for (const field of ['dueAt', 'followUpAt'] as const) {
    const value = change[field];
    if (value !== undefined && value !== null && Number.isNaN(Date.parse(value))) errors.push({ path: `/${field}`, message: 'must be an ISO 8601 date-time or null' });
  }
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'invalid task attributes', errors);
}

function assertMayAct(task: HumanTask, actor: Actor): void {
  assertActive(task);
  assertNotExcluded(task, actor.userId);
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
