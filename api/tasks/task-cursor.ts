import { DomainError, ErrorCode } from '../../domain/errors';

/** Opaque keyset cursor over (createdAt desc, id desc): stable when new tasks arrive. */
export interface TaskCursor {
  createdAt: string;
  id: string;
}

export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeTaskCursor(raw: string): TaskCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // falls through to the error below
  }
  throw new DomainError(ErrorCode.ValidationFailed, 'cursor is not one this API returned', [{ path: '/cursor', message: 'invalid cursor' }]);
}
