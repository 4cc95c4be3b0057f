import type { FieldError } from './errors';
import type { JsonSchema } from './json-schema';
import { validateJson } from './json-schema';
import { validateSegmentCriteria, type SegmentCriteria } from './segment-criteria';

/** A market segment as drafted in a strategy; `key` is unique within the strategy. */
export interface SegmentDraft {
  key: string;
  name: string;
  description?: string;
  category?: string;
  criteria: SegmentCriteria;
}

/** Which product offerings (TMF620 ids) target which segments of the strategy. */
export interface OfferingTarget {
  productOfferingId: string;
  segmentKeys: string[];
}

export interface StrategyObjective {
  name: string;
  indicator?: string;
  target?: number;
}

export interface MarketStrategyDraft {
  name: string;
  description?: string;
  markets: string[];
  objectives: StrategyObjective[];
  validFor?: { startDateTime: string; endDateTime?: string };
  segments: SegmentDraft[];
  offeringTargets: OfferingTarget[];
}

const KEY = { type: 'string', minLength: 1, maxLength: 60 } as const;
const TEXT = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const marketStrategyDraftSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'markets', 'objectives', 'segments', 'offeringTargets'],
  properties: {
    name: TEXT,
    description: { type: 'string', maxLength: 2000 },
    markets: { type: 'array', minItems: 1, maxItems: 20, items: TEXT },
    objectives: {
      type: 'array', maxItems: 20,
      items: {
        type: 'object', additionalProperties: false, required: ['name'],
        properties: { name: TEXT, indicator: TEXT, target: { type: 'number' } },
      },
    },
    validFor: {
      type: 'object', additionalProperties: false, required: ['startDateTime'],
      properties: { startDateTime: { type: 'string', format: 'date-time' }, endDateTime: { type: 'string', format: 'date-time' } },
    },
    segments: {
      type: 'array', minItems: 1, maxItems: 30,
      items: {
        type: 'object', additionalProperties: false, required: ['key', 'name', 'criteria'],
        properties: {
          key: KEY, name: TEXT, description: { type: 'string', maxLength: 2000 }, category: TEXT,
          criteria: { type: 'object', description: 'attribute/operator/value, combined with {and:[...]} or {or:[...]}' },
        },
      },
    },
    offeringTargets: {
      type: 'array', maxItems: 200,
      items: {
        type: 'object', additionalProperties: false, required: ['productOfferingId', 'segmentKeys'],
        properties: { productOfferingId: KEY, segmentKeys: { type: 'array', minItems: 1, items: KEY } },
      },
    },
  },
};

/** Shape, criteria and cross-references of a draft; an empty list means it can be reviewed. */
export function validateMarketStrategyDraft(draft: unknown, path = ''): FieldError[] {
  const shape = validateJson(marketStrategyDraftSchema, draft, path);
  if (shape.length > 0) return shape;
  const d = draft as MarketStrategyDraft;
  const errors: FieldError[] = [];
  const keys = new Set<string>();
  d.segments.forEach((s, i) => {
    if (keys.has(s.key)) errors.push({ path: `${path}/segments/${i}/key`, message: `duplicate segment key ${s.key}` });
    keys.add(s.key);
    errors.push(...validateSegmentCriteria(s.criteria, `${path}/segments/${i}/criteria`));
  });
  d.offeringTargets.forEach((t, i) =>
    t.segmentKeys.forEach((k, j) => {
      if (!keys.has(k)) errors.push({ path: `${path}/offeringTargets/${i}/segmentKeys/${j}`, message: `no segment with key ${k}` });
    }),
  );
  if (d.validFor?.endDateTime && Date.parse(d.validFor.endDateTime) <= Date.parse(d.validFor.startDateTime)) {
    errors.push({ path: `${path}/validFor/endDateTime`, message: 'must be after startDateTime' });
  }
  return errors;
}

/** Segment ids are derived from the strategy so that re-running an activation writes the same records. */
export function marketSegmentId(strategyId: string, segmentKey: string): string {
  return `${strategyId}.${segmentKey}`;
}

/**
 * Service levels of the strategy's human tasks, in one place: a review is due in 3 days, then
 * escalates to the CMO's office with a higher priority; undecided after 14 days it expires and
 * the strategy is rejected as "review expired". A revision is due in 7 days.
 */
export const marketStrategySla = {
  reviewDueInMs: 3 * 24 * 3600_000,
  reviewExpiresInMs: 14 * 24 * 3600_000,
  reviewEscalationPriority: 80,
  revisionDueInMs: 7 * 24 * 3600_000,
};
