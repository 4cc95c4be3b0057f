import { Inject, Injectable } from '@nestjs/common';
import type { Models } from '../../db/models';
import type { FieldError } from '../../domain/errors';
import type { MarketStrategyDraft } from '../../domain/market-strategy';
import { MODELS } from '../common/tokens';

/** How long an offering seen in the catalog counts as existing without asking MongoDB again. */
const KNOWN_TTL_MS = 30_000;

/**
 * References a start input makes to business records, checked before a process starts so that a
 * typo is a 400 now rather than a surprise weeks later at activation.
 */
@Injectable()
export class ProcessReferences {
  /**
   * Offerings are never deleted through the API, so "it existed a moment ago" is safe to reuse:
   * this saves a MongoDB round trip on most starts (see README, Benchmarks).
   */
  private readonly knownOfferings = new Map<string, number>();

  constructor(@Inject(MODELS) private readonly models: Models) {}

  check(type: string, input: unknown): Promise<FieldError[]> {
    if (type === 'market-strategy') return this.checkMarketStrategy(input as MarketStrategyDraft);
    return Promise.resolve([]);
  }

  private async checkMarketStrategy(draft: MarketStrategyDraft): Promise<FieldError[]> {
    const known = await this.existingOfferings(draft.offeringTargets.map((t) => t.productOfferingId));
    return draft.offeringTargets.flatMap((t, i) =>
      known.has(t.productOfferingId) ? [] : [{ path: `/offeringTargets/${i}/productOfferingId`, message: `no product offering ${t.productOfferingId}` }],
    );
  }

  private async existingOfferings(ids: string[]): Promise<Set<string>> {
    const now = Date.now();
    const known = new Set(ids.filter((id) => (this.knownOfferings.get(id) ?? 0) > now));
    const unknown = [...new Set(ids.filter((id) => !known.has(id)))];
    if (unknown.length > 0) {
      const found = await this.models.productOfferings.find({ _id: { $in: unknown } }, { _id: 1 }).lean().exec();
      for (const { _id } of found) {
        known.add(_id);
        this.knownOfferings.set(_id, now + KNOWN_TTL_MS);
      }
    }
    return known;
  }
}
