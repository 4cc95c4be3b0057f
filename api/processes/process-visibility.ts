import { DomainError, ErrorCode } from '../../domain/errors';
import { processDefinitions } from '../../domain/process-definitions';

/** Temporal execution statuses a client may filter on, by their API name. */
const EXECUTION_STATUS: Record<string, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timedOut: 'TimedOut',
};

export interface ProcessListFilter {
  type?: string;
  status?: string;
  businessKey?: string;
  owner?: string;
}

const SAFE_VALUE = /^[^'"\\\n\r]{1,200}$/;

function literal(value: string, field: string): string {
  if (!SAFE_VALUE.test(value)) {
    throw new DomainError(ErrorCode.ValidationFailed, `${field} has characters that are not allowed`, [{ path: `/${field}`, message: 'no quotes, backslashes or line breaks; 1-200 characters' }]);
  }
  return `'${value}'`;
}

/**
 * Builds the visibility query from known filters only: types and statuses from fixed lists, free
 * values quoted after a character check. No client text is pasted into the query.
 */
export function processListQuery(filter: ProcessListFilter): string {
  const types = processDefinitions.map((d) => d.type);
  if (filter.type !== undefined && !types.includes(filter.type)) {
    throw new DomainError(ErrorCode.ValidationFailed, `unknown process type ${filter.type}`, [{ path: '/type', message: `must be one of ${types.join(', ')}` }]);
  }
  const clauses = [filter.type ? `ProcessType = ${literal(filter.type, 'type')}` : `ProcessType IN (${types.map((t) => `'${t}'`).join(', ')})`];
  if (filter.status !== undefined) {
    const status = EXECUTION_STATUS[filter.status];
    if (!status) throw new DomainError(ErrorCode.ValidationFailed, `unknown status ${filter.status}`, [{ path: '/status', message: `must be one of ${Object.keys(EXECUTION_STATUS).join(', ')}` }]);
    clauses.push(`ExecutionStatus = '${status}'`);
  }
  if (filter.businessKey !== undefined) clauses.push(`BusinessKey = ${literal(filter.businessKey, 'businessKey')}`);
  if (filter.owner !== undefined) clauses.push(`ProcessOwner = ${literal(filter.owner, 'owner')}`);
  // No ORDER BY: SQL visibility stores reject it; every store already returns newest first.
  return clauses.join(' AND ');
}

/** Temporal's status names -> ours (lower camel case, as in the filter). */
export function executionStatusName(status: string | undefined): string {
  const entry = Object.entries(EXECUTION_STATUS).find(([, v]) => v === status);
  return entry?.[0] ?? (status ?? 'unknown').toLowerCase();
}
