import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/identity';
import type { HumanTask, TaskCompletion } from '../../domain/human-task';

/** Messages of the human-task workflow, shared by processes, the worker and the API. */
export interface ClaimTaskInput {
  actor: Actor;
}
export interface CompleteTaskInput extends TaskCompletion {
  actor: Actor;
}

export const claimTaskUpdate = defineUpdate<HumanTask, [ClaimTaskInput]>('claimTask');
export const completeTaskUpdate = defineUpdate<HumanTask, [CompleteTaskInput]>('completeTask');
export const getTaskQuery = defineQuery<HumanTask>('getTask');

/** The task id is the workflow id: unique per process and step, readable in the Temporal UI, URL-safe. */
export function humanTaskId(processId: string, step: string): string {
  return `${processId}.task-${step}`;
}

export function isHumanTaskId(id: string): boolean {
  return /^[\w-]+\.task-[\w-]+$/.test(id);
}
