import { Inject, Injectable } from '@nestjs/common';
import type { Models } from '../../db/models';
import type { MarketSegmentRecord } from '../../db/models/market-segment.model';
import { mayViewProcesses } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Actor } from '../../domain/identity';
import { requireAllowed } from '../common/guards';
import { findPage, requireOneOf, type PageRequest } from '../common/resource-page';
import { MODELS } from '../common/tokens';

const SEGMENT_STATUSES = ['inStudy', 'approved', 'active', 'retired'];

function toMarketSegment({ _id, ...rest }: MarketSegmentRecord) {
  return { id: _id, href: `/api/market-segments/${_id}`, '@type': 'MarketSegment', ...rest };
}

/** Segments are written by the market-strategy process only; this reads them. */
@Injectable()
export class MarketSegmentsService {
  constructor(@Inject(MODELS) private readonly models: Models) {}

  list(actor: Actor, filter: { lifecycleStatus?: string; marketStrategyId?: string }, page: PageRequest) {
    requireAllowed(mayViewProcesses(actor), 'view market segments');
    const query: Record<string, unknown> = {};
    if (filter.lifecycleStatus !== undefined) query.lifecycleStatus = requireOneOf(filter.lifecycleStatus, SEGMENT_STATUSES, 'lifecycleStatus');
    if (filter.marketStrategyId !== undefined) query['marketStrategy.id'] = String(filter.marketStrategyId);
    return findPage(this.models.marketSegments, query, page, toMarketSegment);
  }

  async get(actor: Actor, id: string) {
    requireAllowed(mayViewProcesses(actor), 'view market segments');
    const record = await this.models.marketSegments.findById(String(id)).lean().exec();
    if (!record) throw new DomainError(ErrorCode.NotFound, `no market segment ${id}`);
    return toMarketSegment(record);
  }
}
