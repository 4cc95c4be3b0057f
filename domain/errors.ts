/**
 * Business failures carry a stable code. The API maps codes to HTTP statuses (one filter);
 * workflows turn them into non-retryable ApplicationFailures whose `type` is the code.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  FormInvalid: 'FORM_INVALID',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  UnknownProcessType: 'UNKNOWN_PROCESS_TYPE',
  TaskNotOpen: 'TASK_NOT_OPEN',
  TaskClaimedByOther: 'TASK_CLAIMED_BY_OTHER',
  NotACandidate: 'NOT_A_CANDIDATE',
  ExcludedUser: 'EXCLUDED_USER',
  OutcomeNotAllowed: 'OUTCOME_NOT_ALLOWED',
  ProcessNotRunning: 'PROCESS_NOT_RUNNING',
  IdempotencyConflict: 'IDEMPOTENCY_CONFLICT',
  AlreadyExists: 'ALREADY_EXISTS',
  TaskDelegated: 'TASK_DELEGATED',
  NotAssignee: 'NOT_ASSIGNEE',
  /** A read took longer than its limit (the store is too slow for the filters asked). */
  QueryTimeout: 'QUERY_TIMEOUT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  /** JSON pointer-like path of the offending field, e.g. `/segments/0/criteria`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
