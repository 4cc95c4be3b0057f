import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../../domain/errors';

/**
 * Runs a domain rule and returns its result; a DomainError becomes a non-retryable
 * ApplicationFailure whose `type` is the error code and whose details carry the field errors, so
 * clients get a stable reason.
 */
export function enforce<T>(rule: () => T): T {
  try {
    return rule();
  } catch (err) {
    if (err instanceof DomainError) {
      throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true, details: [err.errors] });
    }
    throw err;
  }
}
