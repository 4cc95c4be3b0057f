import type { Actor } from './identity';

/**
 * Who may do what, in one place. The API enforces it on every endpoint; task rules (candidates,
 * four-eyes) are enforced again by the task workflow's update validators.
 */
export const Groups = {
  marketingManager: 'marketing-manager',
  marketingDirector: 'marketing-director',
  catalogManager: 'catalog-manager',
  /** Chief marketing officer's office: reviews that pass their due date escalate here. */
  cmo: 'cmo',
  /** Finance: approves the largest budgets (domain/approval-policies.ts). */
  finance: 'finance',
  /** Other systems (TM Forum ODA components) that follow processes through TMF701 and its events. */
  integration: 'integration',
  ops: 'ops',
} as const;

export const accessPolicy = {
  /** Process type -> groups allowed to start it. */
  startProcess: {
    'market-strategy': [Groups.marketingManager],
  } as Record<string, readonly string[]>,
  /** Task type -> groups that manage its tasks (assign, change priority and dates); ops always may. */
  manageTasks: {
    'review-market-strategy': [Groups.cmo],
    'revise-market-strategy': [Groups.marketingDirector],
    'approve-campaign-budget': [Groups.cmo],
    'approve-mass-communication': [Groups.cmo],
  } as Record<string, readonly string[]>,
  /** Groups that may change the product catalog directly. */
  manageCatalog: [Groups.catalogManager],
  /**
   * Groups that may see and cancel any process and manage any task (assign, unclaim, change its
   * dates and priority). Retrying needs nobody: activities and hub deliveries retry by themselves
   * with capped backoff; a stuck instance is reset in the Temporal UI, under Temporal's own access.
   */
  operations: [Groups.ops],
  /** Groups that may register and remove TMF701 hub listeners (event callbacks). */
  manageEventListeners: [Groups.integration, Groups.ops],
};

export function inAnyGroup(actor: Actor, groups: readonly string[]): boolean {
  return actor.groups.some((g) => groups.includes(g));
}

export function mayStartProcess(actor: Actor, processType: string): boolean {
  const groups = Object.hasOwn(accessPolicy.startProcess, processType) ? accessPolicy.startProcess[processType] : undefined;
  return inAnyGroup(actor, groups ?? []);
}

export function mayCancelProcess(actor: Actor, owner: string): boolean {
  return actor.userId === owner || inAnyGroup(actor, accessPolicy.operations);
}

export function mayManageEventListeners(actor: Actor): boolean {
  return inAnyGroup(actor, accessPolicy.manageEventListeners);
}

/** Staff groups known to the engine: members may read processes, segments and the catalog. */
export const STAFF_GROUPS: readonly string[] = Object.values(Groups);

export function mayViewProcesses(actor: Actor): boolean {
  return inAnyGroup(actor, STAFF_GROUPS);
}

/** The groups that manage tasks of this type, as the process runtime gives them to each task. */
export function taskManagerGroups(taskType: string): string[] {
  return [...(Object.hasOwn(accessPolicy.manageTasks, taskType) ? (accessPolicy.manageTasks[taskType] ?? []) : [])];
}
