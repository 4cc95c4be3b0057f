import { DomainError, ErrorCode } from '../../domain/errors';

/** What the inbox sorts on; `-` in front means descending. The task id breaks ties, in the same direction. */
export type InboxSortField = 'createdAt' | 'dueAt' | 'priority';
export type InboxSort = InboxSortField | `-${InboxSortField}`;
export const INBOX_SORTS: readonly InboxSort[] = ['-createdAt', 'createdAt', 'dueAt', '-dueAt', 'priority', '-priority'];

/**
 * Keyset position after the last task of a page: that task's sort value and id, and the sort the
 * page was made for. `value` is null for a task without due date (they come after all dated ones).
 */
export interface TaskCursor {
  sort: InboxSort;
  value: string | number | null;
  id: string;
}

const VERSION = 1;

export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify([VERSION, cursor.sort, cursor.value, cursor.id])).toString('base64url');
}

function invalid(message: string): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, `cursor: ${message}`, [{ path: '/cursor', message }]);
}

function valueFits(sort: InboxSort, value: unknown): value is TaskCursor['value'] {
  switch (sort.replace(/^-/, '') as InboxSortField) {
    case 'createdAt':
      return typeof value === 'string';
    case 'dueAt':
      return typeof value === 'string' || value === null;
    case 'priority':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

/** Reads a cursor this API returned for `sort`; anything else (tampered, from another sort) is a 400. */
export function decodeTaskCursor(raw: string, sort: InboxSort): TaskCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this API returned');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== VERSION) throw invalid('is not a cursor this API returned');
  const [, cursorSort, value, id] = parsed as unknown[];
  if (typeof cursorSort !== 'string' || !INBOX_SORTS.includes(cursorSort as InboxSort) || typeof id !== 'string' || !valueFits(cursorSort as InboxSort, value)) {
    throw invalid('is not a cursor this API returned');
  }
  if (cursorSort !== sort) throw invalid(`was made for sort=${cursorSort}, not sort=${sort}: start again without a cursor`);
  return { sort, value, id };
}
