import { Schema, type Connection, type Model } from 'mongoose';
import type { HubFilter } from '../../domain/tmf701-hub';

/** A TMF701 hub listener: where to POST which events. */
export interface HubSubscriptionRecord {
  _id: string;
  callback: string;
  query: string;
  filter: HubFilter;
  createdBy: string;
  createdAt: string;
}

const hubSubscriptionSchema = new Schema<HubSubscriptionRecord>(
  {
    _id: { type: String, required: true },
    callback: { type: String, required: true },
    query: { type: String, default: '' },
    filter: {
      eventTypes: { type: [String], default: [] },
      processFlowSpecifications: { type: [String], default: [] },
    },
    createdBy: { type: String, required: true },
    createdAt: { type: String, required: true },
  },
  { collection: 'hub_subscriptions', versionKey: false },
);

export function hubSubscriptionModel(connection: Connection): Model<HubSubscriptionRecord> {
  return (
    (connection.models.HubSubscription as Model<HubSubscriptionRecord> | undefined) ??
    connection.model<HubSubscriptionRecord>('HubSubscription', hubSubscriptionSchema)
  );
}
