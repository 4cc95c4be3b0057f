import { Schema, type Connection, type Model } from 'mongoose';
import type { CustomerAttribute } from '../../domain/segment-criteria';

/** TMF632 party (individual or organization) as customer or prospect, with what segments read. */
export interface ContactMedium {
  mediumType: 'email' | 'phone' | 'sms' | 'push' | 'postal';
  preferred: boolean;
  characteristic: Record<string, string>;
}

export interface CustomerRecord {
  _id: string;
  name: string;
  partyType: 'individual' | 'organization';
  contactMedium: ContactMedium[];
  /** Party privacy: which media the person agreed to be contacted on for marketing. */
  consent: Record<string, boolean>;
  attributes: Partial<Record<CustomerAttribute, string | number | boolean>>;
}

const customerSchema = new Schema<CustomerRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    partyType: { type: String, required: true },
    contactMedium: { type: Schema.Types.Mixed, default: [] },
    consent: { type: Schema.Types.Mixed, default: {} },
    attributes: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'customers', versionKey: false, minimize: false },
);

export function customerModel(connection: Connection): Model<CustomerRecord> {
  return (connection.models.Customer as Model<CustomerRecord> | undefined) ?? connection.model<CustomerRecord>('Customer', customerSchema);
}
