import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, type FieldError } from '../../domain/errors';
import type { Problem } from './problem';
import type { Logger } from '../../platform/logger';

/** Domain error codes -> HTTP status. Anything unknown is a 500 and is logged. */
const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.FormInvalid]: 400,
  [ErrorCode.OutcomeNotAllowed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotACandidate]: 403,
  [ErrorCode.ExcludedUser]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.UnknownProcessType]: 404,
  [ErrorCode.TaskNotOpen]: 409,
  [ErrorCode.TaskClaimedByOther]: 409,
  [ErrorCode.ProcessNotRunning]: 409,
  [ErrorCode.IdempotencyConflict]: 409,
  [ErrorCode.AlreadyExists]: 409,
  [ErrorCode.TaskDelegated]: 409,
  [ErrorCode.NotAssignee]: 403,
  [ErrorCode.QueryTimeout]: 503,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

interface Mapped {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
}

/** A rejected Update carries the validator's ApplicationFailure: its type is our domain code. */
function fromUpdateFailure(err: WorkflowUpdateFailedError): Mapped | undefined {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type && STATUS_BY_CODE[cause.type]) {
    const errors = (cause.details?.[0] as FieldError[] | undefined) ?? undefined;
    return { status: STATUS_BY_CODE[cause.type], code: cause.type, detail: cause.message, errors: errors?.length ? errors : undefined };
  }
  return undefined;
}

function map(err: unknown): Mapped | undefined {
  if (err instanceof DomainError) {
    return { status: STATUS_BY_CODE[err.code] ?? 500, code: err.code, detail: err.message, errors: err.errors.length ? err.errors : undefined };
  }
  if (err instanceof WorkflowUpdateFailedError) return fromUpdateFailure(err);
  if (err instanceof WorkflowNotFoundError) return { status: 404, code: ErrorCode.NotFound, detail: 'no such process or task' };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message?.toString() ?? err.message);
    return { status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, detail };
  }
  // Body parser errors carry an HTTP status and a `type` such as entity.parse.failed.
  const parserError = err as { status?: number; type?: string };
  if (parserError.type === 'entity.parse.failed') return { status: 400, code: 'MALFORMED_JSON', detail: 'request body is not valid JSON' };
  if (parserError.type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'request body is larger than 1 MB' };
  return undefined;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const mapped = map(err) ?? { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', detail: 'internal error' };
    if (mapped.status >= 500) this.log.error({ err, requestId: req.id, path: req.url }, 'request failed');
    const problem: Problem = {
      type: `https://etom-flow.dev/problems/${mapped.code.toLowerCase().replace(/_/g, '-')}`,
      title: mapped.code.replace(/_/g, ' ').toLowerCase(),
      status: mapped.status,
      code: mapped.code,
      detail: mapped.detail,
      instance: req.originalUrl,
      requestId: req.id,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    res.status(mapped.status).type('application/problem+json').json(problem);
  }
}
