import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/identity';
import type { HumanTask, TaskAttributesChange, TaskCompletion } from '../../domain/human-task';

/** Messages of the human-task workflow, shared by processes, the worker and the API. */
export interface ClaimTaskInput {
  actor: Actor;
}
export interface CompleteTaskInput extends TaskCompletion {
  actor: Actor;
}
export interface UnclaimTaskInput {
  actor: Actor;
  reason?: string;
}
export interface AssignTaskInput {
  actor: Actor;
  userId: string;
  reason?: string;
}
export type DelegateTaskInput = AssignTaskInput;
export interface ChangeTaskAttributesInput extends TaskAttributesChange {
  actor: Actor;
  reason?: string;
}

export const claimTaskUpdate = defineUpdate<HumanTask, [ClaimTaskInput]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<HumanTask, [UnclaimTaskInput]>('unclaimTask');
export const assignTaskUpdate = defineUpdate<HumanTask, [AssignTaskInput]>('assignTask');
export const delegateTaskUpdate = defineUpdate<HumanTask, [DelegateTaskInput]>('delegateTask');
export const changeTaskAttributesUpdate = defineUpdate<HumanTask, [ChangeTaskAttributesInput]>('changeTaskAttributes');
/** Completes the task; while it is delegated, the delegate's completion resolves it back to its owner. */
export const completeTaskUpdate = defineUpdate<HumanTask, [CompleteTaskInput]>('completeTask');
export const getTaskQuery = defineQuery<HumanTask>('getTask');
/**
 * Sent by the process just before it cancels a task it no longer needs (e.g. an approval already
 * decided by others), so the task leaves the inbox with that reason instead of "process cancelled".
 */
export const withdrawTaskSignal = defineSignal<[{ reason: string }]>('withdrawTask');

/** The task id is the workflow id: unique per process and step, readable in the Temporal UI, URL-safe. */
export function humanTaskId(processId: string, step: string): string {
  return `${processId}.task-${step}`;
}

export function isHumanTaskId(id: string): boolean {
  return /^[\w-]+\.task-[\w-]+$/.test(id);
}
