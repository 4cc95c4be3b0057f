import type { JsonSchema } from '../../domain/json-schema';
import type { MarketStrategyDraft } from '../../domain/market-strategy';
import { marketStrategyDraftSchema } from '../../domain/market-strategy';
import type { ProcessStartArgs } from '../../domain/process';
import type { ActivationResult } from '../../activities/market/market-strategy.activities';

export type MarketStrategyArgs = ProcessStartArgs<MarketStrategyDraft>;

/** What GET /api/processes/{id} shows under `data` for a market strategy. */
export interface MarketStrategyData extends Record<string, unknown> {
  draft: MarketStrategyDraft;
  revision: number;
  reviewComments: { round: number; by: string; outcome: string; comments?: string }[];
  activation?: ActivationResult;
}

export const REVIEW_TASK = 'review-market-strategy';
export const REVISION_TASK = 'revise-market-strategy';
export const REVIEW_OUTCOMES = ['approve', 'requestChanges', 'reject'] as const;

export const reviewFormSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  'x-rule': 'review-comments',
  properties: { comments: { type: 'string', maxLength: 4000, title: 'Comments (required unless approving)' } },
};

export const revisionFormSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  'x-rule': 'market-strategy-revision',
  properties: {
    draft: { ...marketStrategyDraftSchema, title: 'Revised strategy (required to resubmit)' },
    comments: { type: 'string', maxLength: 4000 },
  },
};
