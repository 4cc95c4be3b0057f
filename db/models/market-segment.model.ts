import { Schema, type Connection, type Model } from 'mongoose';
import type { SegmentCriteria } from '../../domain/segment-criteria';
import type { EntityRef } from './product-offering.model';

/** SID MarketSegment: inStudy -> approved -> active -> retired. */
export type MarketSegmentStatus = 'inStudy' | 'approved' | 'active' | 'retired';

export interface MarketSegmentRecord {
  _id: string;
  name: string;
  description?: string;
  category?: string;
  characteristic: SegmentCriteria;
  lifecycleStatus: MarketSegmentStatus;
  validFor?: { startDateTime: string; endDateTime?: string };
  marketStrategy: EntityRef;
  productOffering: EntityRef[];
  /** Customers and prospects matching the criteria when the segment was activated. */
  size?: number;
  sizeComputedAt?: string;
  lastUpdate: string;
}

const marketSegmentSchema = new Schema<MarketSegmentRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    description: String,
    category: String,
    characteristic: { type: Schema.Types.Mixed, required: true },
    lifecycleStatus: { type: String, required: true },
    validFor: { type: Schema.Types.Mixed },
    marketStrategy: { type: Schema.Types.Mixed, required: true },
    productOffering: { type: Schema.Types.Mixed, default: [] },
    size: Number,
    sizeComputedAt: String,
    lastUpdate: { type: String, required: true },
  },
  { collection: 'market_segments', versionKey: false, minimize: false },
);
marketSegmentSchema.index({ lifecycleStatus: 1 });

export function marketSegmentModel(connection: Connection): Model<MarketSegmentRecord> {
  return (connection.models.MarketSegment as Model<MarketSegmentRecord> | undefined) ?? connection.model<MarketSegmentRecord>('MarketSegment', marketSegmentSchema);
}
