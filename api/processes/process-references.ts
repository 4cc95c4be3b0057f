import type { Models } from '../../db/models';
import type { FieldError } from '../../domain/errors';
import type { MarketStrategyDraft } from '../../domain/market-strategy';

/**
 * References a start input makes to business records, checked before a process starts so that a
 * typo is a 400 now rather than a surprise weeks later at activation.
 */
const REFERENCE_CHECKS: Record<string, (models: Models, input: unknown) => Promise<FieldError[]>> = {
  'market-strategy': async (models, input) => {
    const targets = (input as MarketStrategyDraft).offeringTargets;
    const ids = [...new Set(targets.map((t) => t.productOfferingId))];
    const found = await models.productOfferings.find({ _id: { $in: ids } }, { _id: 1 }).lean().exec();
    const known = new Set(found.map((o) => o._id));
    return targets.flatMap((t, i) =>
      known.has(t.productOfferingId) ? [] : [{ path: `/offeringTargets/${i}/productOfferingId`, message: `no product offering ${t.productOfferingId}` }],
    );
  },
};

export function checkProcessReferences(models: Models, type: string, input: unknown): Promise<FieldError[]> {
  return REFERENCE_CHECKS[type]?.(models, input) ?? Promise.resolve([]);
}
