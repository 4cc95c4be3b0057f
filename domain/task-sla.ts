import type { HumanTask } from './human-task';

/** The next SLA moment of a task: its due date (if it has escalation left to run) or its final deadline. */
export function nextDeadline(task: HumanTask): { kind: 'escalation' | 'expiry'; at: number } | undefined {
  const candidates: { kind: 'escalation' | 'expiry'; at: number }[] = [];
  if (task.dueAt && task.escalation?.length && !task.escalatedAt) candidates.push({ kind: 'escalation', at: Date.parse(task.dueAt) });
  if (task.expiresAt) candidates.push({ kind: 'expiry', at: Date.parse(task.expiresAt) });
  return candidates.sort((a, b) => a.at - b.at)[0];
}

/**
 * Applies the task's escalation: raise priority, widen the candidates, reassign. Returns who is
 * to be notified (users and groups), for the audit trail and the notification channel.
 */
export function escalate(task: HumanTask, at: string): string[] {
  const notified: string[] = [];
  for (const action of task.escalation ?? []) {
    switch (action.type) {
      case 'raisePriority':
        task.priority = Math.max(task.priority, action.to);
        break;
      case 'addCandidateGroups':
        task.candidateGroups = [...new Set([...task.candidateGroups, ...action.groups])];
        notified.push(...action.groups.map((g) => `group:${g}`));
        break;
      case 'reassign':
        task.assignee = action.to;
        task.state = 'claimed';
        task.delegation = undefined;
        notified.push(`user:${action.to}`);
        break;
      case 'notify':
        notified.push(...(action.users ?? []).map((u) => `user:${u}`), ...(action.groups ?? []).map((g) => `group:${g}`));
        break;
    }
  }
  task.escalatedAt = at;
  return [...new Set(notified)];
}
