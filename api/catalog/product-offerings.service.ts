import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Models } from '../../db/models';
import type { ProductOfferingRecord } from '../../db/models/product-offering.model';
import { accessPolicy, inAnyGroup, mayViewProcesses } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Actor } from '../../domain/identity';
import { PRODUCT_OFFERING_ID, PRODUCT_OFFERING_STATUSES, productOfferingCreateSchema, productOfferingPatchSchema } from '../../domain/product-offering';
import { requireAllowed, requireValid } from '../common/guards';
import { findPage, requireOneOf, type PageRequest } from '../common/resource-page';
import { MODELS } from '../common/tokens';

/** TMF620 representation: `id`, `href` and `@type` around the stored fields. */
export function toProductOffering({ _id, ...rest }: ProductOfferingRecord) {
  return { id: _id, href: `/api/product-offerings/${_id}`, '@type': 'ProductOffering', ...rest };
}

@Injectable()
export class ProductOfferingsService {
  constructor(@Inject(MODELS) private readonly models: Models) {}

  list(actor: Actor, filter: { lifecycleStatus?: string; marketSegmentId?: string }, page: PageRequest) {
    requireAllowed(mayViewProcesses(actor), 'view the catalog');
    const query: Record<string, unknown> = {};
    if (filter.lifecycleStatus !== undefined) query.lifecycleStatus = requireOneOf(filter.lifecycleStatus, PRODUCT_OFFERING_STATUSES, 'lifecycleStatus');
    if (filter.marketSegmentId !== undefined) query['marketSegment.id'] = String(filter.marketSegmentId);
    return findPage(this.models.productOfferings, query, page, toProductOffering);
  }

  async get(actor: Actor, id: string) {
    requireAllowed(mayViewProcesses(actor), 'view the catalog');
    const record = await this.models.productOfferings.findById(String(id)).lean().exec();
    if (!record) throw new DomainError(ErrorCode.NotFound, `no product offering ${id}`);
    return toProductOffering(record);
  }

  async create(actor: Actor, body: unknown) {
    requireAllowed(inAnyGroup(actor, accessPolicy.manageCatalog), 'change the product catalog');
    const input = requireValid<Partial<ProductOfferingRecord> & { id?: string; name: string }>(productOfferingCreateSchema, body);
    const id = input.id ?? `po-${randomUUID().slice(0, 8)}`;
    if (!PRODUCT_OFFERING_ID.test(id)) throw new DomainError(ErrorCode.ValidationFailed, 'invalid id', [{ path: '/id', message: 'lower-case letters, digits and dashes' }]);
    const { id: _ignored, ...fields } = input;
    const record: ProductOfferingRecord = {
      lifecycleStatus: 'inStudy', isBundle: false, isSellable: true, category: [], channel: [], productOfferingPrice: [],
      ...fields, _id: id, name: input.name, marketSegment: [], lastUpdate: new Date().toISOString(),
    };
    // Insert-if-absent in one keyed write: a duplicate id is a conflict, never an overwrite.
    const result = await this.models.productOfferings.updateOne({ _id: id }, { $setOnInsert: record }, { upsert: true }).exec();
    if (result.upsertedCount === 0) throw new DomainError(ErrorCode.AlreadyExists, `product offering ${id} already exists`);
    return toProductOffering(record);
  }

  async update(actor: Actor, id: string, body: unknown) {
    requireAllowed(inAnyGroup(actor, accessPolicy.manageCatalog), 'change the product catalog');
    const patch = requireValid<Partial<ProductOfferingRecord>>(productOfferingPatchSchema, body);
    const record = await this.models.productOfferings
      .findOneAndUpdate({ _id: String(id) }, { $set: { ...patch, lastUpdate: new Date().toISOString() } }, { new: true })
      .lean()
      .exec();
    if (!record) throw new DomainError(ErrorCode.NotFound, `no product offering ${id}`);
    return toProductOffering(record);
  }
}
