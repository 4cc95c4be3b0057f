import type { FieldError } from '../../domain/errors';

/** RFC 9457 problem details, with our stable `code` and the request id for support. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}
