import { DomainError, ErrorCode } from '../../domain/errors';
import { validateJson, type JsonSchema } from '../../domain/json-schema';

/** Throws 403 FORBIDDEN unless the policy said yes. */
export function requireAllowed(allowed: boolean, what: string): void {
  if (!allowed) throw new DomainError(ErrorCode.Forbidden, `not allowed to ${what}`);
}

/** Throws 400 VALIDATION_FAILED with every field error unless `value` matches `schema`. */
export function requireValid<T>(schema: JsonSchema, value: unknown, what = 'request body'): T {
  const errors = validateJson(schema, value, '');
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, `${what} is invalid`, errors);
  return value as T;
}

/** Parses a positive page size with a default and a cap. */
export function pageSize(raw: unknown, fallback = 20, max = 100): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new DomainError(ErrorCode.ValidationFailed, `limit must be an integer from 1 to ${max}`, [{ path: '/limit', message: `must be 1..${max}` }]);
  }
  return n;
}

/** Parses a non-negative offset. */
export function pageOffset(raw: unknown): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
    throw new DomainError(ErrorCode.ValidationFailed, 'offset must be a non-negative integer', [{ path: '/offset', message: 'must be >= 0' }]);
  }
  return n;
}
