import { Schema, type Connection, type Model } from 'mongoose';

/** TMF620 reference to another resource. */
export interface EntityRef {
  id: string;
  href?: string;
  name?: string;
}

export interface ProductOfferingPrice {
  name: string;
  priceType: 'recurring' | 'oneTime' | 'usage';
  recurringChargePeriod?: 'month' | 'year';
  price: { unit: string; value: number };
}

/** TMF620 ProductOffering, with the fields the Market/Sales processes use. */
export interface ProductOfferingRecord {
  _id: string;
  name: string;
  description?: string;
  lifecycleStatus: string;
  isBundle: boolean;
  isSellable: boolean;
  validFor?: { startDateTime: string; endDateTime?: string };
  category: EntityRef[];
  marketSegment: EntityRef[];
  channel: EntityRef[];
  productOfferingPrice: ProductOfferingPrice[];
  lastUpdate: string;
}

const refSchema = new Schema<EntityRef>({ id: { type: String, required: true }, href: String, name: String }, { _id: false });

const productOfferingSchema = new Schema<ProductOfferingRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    description: String,
    lifecycleStatus: { type: String, required: true },
    isBundle: { type: Boolean, default: false },
    isSellable: { type: Boolean, default: true },
    validFor: { type: Schema.Types.Mixed },
    category: { type: [refSchema], default: [] },
    marketSegment: { type: [refSchema], default: [] },
    channel: { type: [refSchema], default: [] },
    productOfferingPrice: { type: Schema.Types.Mixed, default: [] },
    lastUpdate: { type: String, required: true },
  },
  { collection: 'product_offerings', versionKey: false, minimize: false },
);

export function productOfferingModel(connection: Connection): Model<ProductOfferingRecord> {
  return (connection.models.ProductOffering as Model<ProductOfferingRecord> | undefined) ?? connection.model<ProductOfferingRecord>('ProductOffering', productOfferingSchema);
}
