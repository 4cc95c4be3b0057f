import { marketSegmentId, type MarketStrategyDraft } from '../../domain/market-strategy';
import { criteriaToFilter } from '../../domain/segment-criteria';
import type { Models } from '../../db/models';
import type { MarketStrategyStatus } from '../../db/models/market-strategy.model';

export interface SaveMarketStrategyInput {
  strategyId: string;
  owner: string;
  draft: MarketStrategyDraft;
  revision: number;
  at: string;
}

export interface ActivationResult {
  segmentSizes: Record<string, number>;
  linkedOfferings: string[];
  /** Offerings named by the strategy that are not in the catalog (left unlinked). */
  unknownOfferings: string[];
}

const segmentHref = (id: string) => `/api/market-segments/${id}`;

/** Business records of market strategies and their segments (seed area 1). Every write is keyed. */
export function createMarketStrategyActivities({ models }: { models: Models }) {
  return {
    /** Stores the draft under review and its segments as inStudy; drops segments a revision removed. */
    async saveMarketStrategyDraft({ strategyId, owner, draft, revision, at }: SaveMarketStrategyInput): Promise<void> {
      await models.marketStrategies
        .updateOne(
          { _id: strategyId },
          { $set: { name: draft.name, owner, status: 'inReview', draft, revision, lastUpdate: at } },
          { upsert: true },
        )
        .exec();
      const ids = draft.segments.map((s) => marketSegmentId(strategyId, s.key));
      for (const segment of draft.segments) {
        await models.marketSegments
          .updateOne(
            { _id: marketSegmentId(strategyId, segment.key) },
            {
              $set: {
                name: segment.name,
                description: segment.description,
                category: segment.category,
                characteristic: segment.criteria,
                lifecycleStatus: 'inStudy',
                validFor: draft.validFor,
                marketStrategy: { id: strategyId, name: draft.name },
                lastUpdate: at,
              },
            },
            { upsert: true },
          )
          .exec();
      }
      await models.marketSegments
        .deleteMany({ 'marketStrategy.id': strategyId, lifecycleStatus: 'inStudy', _id: { $nin: ids } })
        .exec();
    },

    /** Approved: segments become active with their sizes, offerings carry TMF620 marketSegment refs. */
    async activateMarketStrategy({ strategyId, draft, at }: { strategyId: string; draft: MarketStrategyDraft; at: string }): Promise<ActivationResult> {
      const offeringIds = [...new Set(draft.offeringTargets.map((t) => t.productOfferingId))];
      const existing = await models.productOfferings.find({ _id: { $in: offeringIds } }, { _id: 1 }).lean().exec();
      const known = new Set(existing.map((o) => o._id));
      const segmentSizes: Record<string, number> = {};
      for (const segment of draft.segments) {
        const id = marketSegmentId(strategyId, segment.key);
        const size = await models.customers.countDocuments(criteriaToFilter(segment.criteria)).exec();
        segmentSizes[segment.key] = size;
        const offerings = draft.offeringTargets
          .filter((t) => t.segmentKeys.includes(segment.key) && known.has(t.productOfferingId))
          .map((t) => ({ id: t.productOfferingId, href: `/api/product-offerings/${t.productOfferingId}` }));
        await models.marketSegments
          .updateOne({ _id: id }, { $set: { lifecycleStatus: 'active', size, sizeComputedAt: at, productOffering: offerings, lastUpdate: at } })
          .exec();
      }
      for (const offeringId of offeringIds.filter((o) => known.has(o))) {
        const refs = draft.offeringTargets
          .filter((t) => t.productOfferingId === offeringId)
          .flatMap((t) => t.segmentKeys)
          .map((key) => {
            const id = marketSegmentId(strategyId, key);
            const segment = draft.segments.find((s) => s.key === key);
            return { id, href: segmentHref(id), name: segment?.name };
          });
        // Replace this strategy's refs, keep other strategies' ones: re-running gives the same result.
        const offering = await models.productOfferings.findById(offeringId).lean().exec();
        const others = (offering?.marketSegment ?? []).filter((r) => !r.id.startsWith(`${strategyId}.`));
        await models.productOfferings
          .updateOne({ _id: offeringId }, { $set: { marketSegment: [...others, ...refs], lastUpdate: at } })
          .exec();
      }
      await models.marketStrategies.updateOne({ _id: strategyId }, { $set: { status: 'active', lastUpdate: at } }).exec();
      return {
        segmentSizes,
        linkedOfferings: offeringIds.filter((o) => known.has(o)),
        unknownOfferings: offeringIds.filter((o) => !known.has(o)),
      };
    },

    /** Rejected or cancelled: the strategy closes and its segments in study are retired. */
    async closeMarketStrategy({ strategyId, status, at }: { strategyId: string; status: Extract<MarketStrategyStatus, 'rejected' | 'cancelled'>; at: string }): Promise<void> {
      await models.marketStrategies.updateOne({ _id: strategyId }, { $set: { status, lastUpdate: at } }).exec();
      await models.marketSegments
        .updateMany({ 'marketStrategy.id': strategyId, lifecycleStatus: 'inStudy' }, { $set: { lifecycleStatus: 'retired', lastUpdate: at } })
        .exec();
    },
  };
}
