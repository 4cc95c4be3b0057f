import { DomainError } from '../../domain/errors';

/** The DomainError a rule throws, so tests can check its code and field errors; fails if it throws none. */
export function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}
