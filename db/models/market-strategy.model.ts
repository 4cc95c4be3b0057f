import { Schema, type Connection, type Model } from 'mongoose';
import type { MarketStrategyDraft } from '../../domain/market-strategy';

export type MarketStrategyStatus = 'inStudy' | 'inReview' | 'active' | 'rejected' | 'cancelled';

export interface MarketStrategyRecord {
  _id: string;
  name: string;
  owner: string;
  status: MarketStrategyStatus;
  draft: MarketStrategyDraft;
  revision: number;
  lastUpdate: string;
}

const marketStrategySchema = new Schema<MarketStrategyRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    owner: { type: String, required: true },
    status: { type: String, required: true },
    draft: { type: Schema.Types.Mixed, required: true },
    revision: { type: Number, required: true },
    lastUpdate: { type: String, required: true },
  },
  { collection: 'market_strategies', versionKey: false, minimize: false },
);

export function marketStrategyModel(connection: Connection): Model<MarketStrategyRecord> {
  return (connection.models.MarketStrategy as Model<MarketStrategyRecord> | undefined) ?? connection.model<MarketStrategyRecord>('MarketStrategy', marketStrategySchema);
}
