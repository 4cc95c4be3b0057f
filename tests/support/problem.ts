import type { HttpResponse } from './http';

export interface Problem {
  code: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** Asserts a problem+json answer with this status and stable code, and returns it. */
export function expectProblem(res: HttpResponse<unknown>, status: number, code: string): Problem {
  expect({ status: res.status, code: (res.body as Problem).code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return res.body as Problem;
}
