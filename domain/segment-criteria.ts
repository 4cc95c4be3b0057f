import type { FieldError } from './errors';

/**
 * Segment criteria: a small whitelisted expression over customer attributes. Clients never send a
 * database filter; they send this, it is validated here, and `criteriaToFilter` builds the query.
 */
export const CUSTOMER_ATTRIBUTES = {
  customerType: { type: 'string', values: ['residential', 'business'] },
  partyRole: { type: 'string', values: ['customer', 'prospect'] },
  region: { type: 'string' },
  age: { type: 'number' },
  tenureMonths: { type: 'number' },
  monthlyArpu: { type: 'number' },
  mobileLines: { type: 'number' },
  hasFibre: { type: 'boolean' },
  hasTv: { type: 'boolean' },
  preferredChannel: { type: 'string', values: ['email', 'sms', 'push', 'phone', 'post'] },
} as const satisfies Record<string, { type: 'string' | 'number' | 'boolean'; values?: readonly string[] }>;
export type CustomerAttribute = keyof typeof CUSTOMER_ATTRIBUTES;

export const CRITERION_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'] as const;
export type CriterionOperator = (typeof CRITERION_OPERATORS)[number];

type Scalar = string | number | boolean;
export interface Criterion {
  attribute: CustomerAttribute;
  operator: CriterionOperator;
  value: Scalar | Scalar[];
}
export type SegmentCriteria = Criterion | { and: SegmentCriteria[] } | { or: SegmentCriteria[] };

const MAX_DEPTH = 4;
const MAX_CRITERIA = 25;
const ORDERED: readonly CriterionOperator[] = ['gt', 'gte', 'lt', 'lte'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateScalar(attribute: CustomerAttribute, value: unknown, path: string): FieldError[] {
  const spec: { type: string; values?: readonly string[] } = CUSTOMER_ATTRIBUTES[attribute];
  if (typeof value !== spec.type) return [{ path, message: `must be a ${spec.type} for ${attribute}` }];
  if (spec.values && !spec.values.includes(value as string)) {
    return [{ path, message: `must be one of ${spec.values.join(', ')}` }];
  }
  return [];
}

function validateCriterion(node: Record<string, unknown>, path: string): FieldError[] {
  const { attribute, operator, value } = node;
  const extra = Object.keys(node).filter((k) => !['attribute', 'operator', 'value'].includes(k));
  if (extra.length > 0) return [{ path, message: `unknown keys: ${extra.join(', ')}` }];
  if (typeof attribute !== 'string' || !Object.hasOwn(CUSTOMER_ATTRIBUTES, attribute)) {
    return [{ path: `${path}/attribute`, message: `must be one of ${Object.keys(CUSTOMER_ATTRIBUTES).join(', ')}` }];
  }
  if (typeof operator !== 'string' || !CRITERION_OPERATORS.includes(operator as CriterionOperator)) {
    return [{ path: `${path}/operator`, message: `must be one of ${CRITERION_OPERATORS.join(', ')}` }];
  }
  const attr = attribute as CustomerAttribute;
  if (ORDERED.includes(operator as CriterionOperator) && CUSTOMER_ATTRIBUTES[attr].type !== 'number') {
    return [{ path: `${path}/operator`, message: `${operator} applies to numeric attributes only` }];
  }
  if (operator === 'in' || operator === 'nin') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
      return [{ path: `${path}/value`, message: 'must be a list of 1 to 50 values' }];
    }
    return value.flatMap((v, i) => validateScalar(attr, v, `${path}/value/${i}`));
  }
  return validateScalar(attr, value, `${path}/value`);
}

/** Validates an expression of unknown origin; an empty list means it is a valid SegmentCriteria. */
export function validateSegmentCriteria(expr: unknown, path = ''): FieldError[] {
  let count = 0;
  const walk = (node: unknown, at: string, depth: number): FieldError[] => {
    if (depth > MAX_DEPTH) return [{ path: at, message: `nesting deeper than ${MAX_DEPTH} levels` }];
    if (!isRecord(node)) return [{ path: at, message: 'must be a criterion or an and/or group' }];
    const group = 'and' in node ? 'and' : 'or' in node ? 'or' : undefined;
    if (group) {
      const members = node[group];
      if (Object.keys(node).length !== 1 || !Array.isArray(members) || members.length === 0) {
        return [{ path: at, message: `${group} must be the only key and hold a non-empty list` }];
      }
      return members.flatMap((m, i) => walk(m, `${at}/${group}/${i}`, depth + 1));
    }
    count += 1;
    if (count > MAX_CRITERIA) return [{ path: at, message: `more than ${MAX_CRITERIA} criteria` }];
    return validateCriterion(node, at);
  };
  return walk(expr, path || '', 1);
}

const MONGO_OPERATOR: Record<CriterionOperator, string> = {
  eq: '$eq', ne: '$ne', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', in: '$in', nin: '$nin',
};

/**
 * Builds the customer query for a validated expression. Field names come from the whitelist and
 * operators from a fixed map, so no client text ever becomes a query key.
 */
export function criteriaToFilter(expr: SegmentCriteria): Record<string, unknown> {
  if ('and' in expr) return { $and: expr.and.map(criteriaToFilter) };
  if ('or' in expr) return { $or: expr.or.map(criteriaToFilter) };
  return { [`attributes.${expr.attribute}`]: { [MONGO_OPERATOR[expr.operator]]: expr.value } };
}

/** Evaluates an expression against one customer's attributes (tests, previews). */
export function matchesCriteria(expr: SegmentCriteria, attributes: Partial<Record<CustomerAttribute, Scalar>>): boolean {
  if ('and' in expr) return expr.and.every((e) => matchesCriteria(e, attributes));
  if ('or' in expr) return expr.or.some((e) => matchesCriteria(e, attributes));
  const actual = attributes[expr.attribute];
  const v = expr.value;
  switch (expr.operator) {
    case 'eq': return actual === v;
    case 'ne': return actual !== v;
    case 'gt': return typeof actual === 'number' && actual > (v as number);
    case 'gte': return typeof actual === 'number' && actual >= (v as number);
    case 'lt': return typeof actual === 'number' && actual < (v as number);
    case 'lte': return typeof actual === 'number' && actual <= (v as number);
    case 'in': return (v as Scalar[]).includes(actual as Scalar);
    case 'nin': return !(v as Scalar[]).includes(actual as Scalar);
  }
}
