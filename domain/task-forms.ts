import type { FieldError } from './errors';
import { validateMarketStrategyDraft } from './market-strategy';

interface Completion {
  outcome: string;
  data: Record<string, unknown>;
}

/**
 * Domain rules a form schema can name in `x-rule`, for what JSON Schema cannot say (segment
 * criteria, cross references). Pure, so update validators run them inside the workflow too.
 */
const TASK_FORM_RULES: Record<string, (c: Completion) => FieldError[]> = {
  'market-strategy-revision': (c) => (c.outcome === 'resubmit' ? validateMarketStrategyDraft(c.data.draft, '/data/draft') : []),
  'review-comments': (c) =>
    c.outcome !== 'approve' && !(typeof c.data.comments === 'string' && c.data.comments.trim().length > 0)
      ? [{ path: '/data/comments', message: `comments are required when the outcome is ${c.outcome}` }]
      : [],
};

export function validateTaskFormRule(rule: string, completion: Completion): FieldError[] {
  const check = TASK_FORM_RULES[rule];
  if (!check) return [{ path: '/', message: `unknown form rule ${rule}` }];
  return check(completion);
}
