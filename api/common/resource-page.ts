import type { Model } from 'mongoose';
import { DomainError, ErrorCode } from '../../domain/errors';

export interface PageRequest {
  limit: number;
  offset: number;
}

/** Throws 400 unless a query parameter is one of the allowed values. */
export function requireOneOf(value: string, allowed: readonly string[], field: string): string {
  if (!allowed.includes(value)) {
    throw new DomainError(ErrorCode.ValidationFailed, `unknown ${field} ${value}`, [{ path: `/${field}`, message: `must be one of ${allowed.join(', ')}` }]);
  }
  return value;
}

/** One page of a collection in id order, with the total, mapped to its API representation. */
export async function findPage<TRecord, TResource>(
  model: Model<TRecord>,
  query: Record<string, unknown>,
  page: PageRequest,
  toResource: (record: TRecord) => TResource,
) {
  const [records, total] = await Promise.all([
    model.find(query).sort({ _id: 1 }).skip(page.offset).limit(page.limit).lean<TRecord[]>().exec(),
    model.countDocuments(query).exec(),
  ]);
  return { items: records.map(toResource), total, offset: page.offset, limit: page.limit };
}
