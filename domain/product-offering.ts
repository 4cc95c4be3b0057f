import type { JsonSchema } from './json-schema';

/** TMF620 ProductOffering fields a catalog manager sets directly; marketSegment links come from market strategies. */
const REF: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, href: { type: 'string', maxLength: 300 }, name: { type: 'string', maxLength: 200 } },
};

const PRICE: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['name', 'priceType', 'price'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    priceType: { type: 'string', enum: ['recurring', 'oneTime', 'usage'] },
    recurringChargePeriod: { type: 'string', enum: ['month', 'year'] },
    price: {
      type: 'object', additionalProperties: false, required: ['unit', 'value'],
      properties: { unit: { type: 'string', minLength: 3, maxLength: 3 }, value: { type: 'number', minimum: 0 } },
    },
  },
};

export const PRODUCT_OFFERING_STATUSES = ['inStudy', 'inDesign', 'inTest', 'active', 'launched', 'retired', 'obsolete'] as const;

const fields: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: 'string', maxLength: 4000 },
  lifecycleStatus: { type: 'string', enum: PRODUCT_OFFERING_STATUSES },
  isBundle: { type: 'boolean' },
  isSellable: { type: 'boolean' },
  validFor: {
    type: 'object', additionalProperties: false, required: ['startDateTime'],
    properties: { startDateTime: { type: 'string', format: 'date-time' }, endDateTime: { type: 'string', format: 'date-time' } },
  },
  category: { type: 'array', maxItems: 20, items: REF },
  channel: { type: 'array', maxItems: 20, items: REF },
  productOfferingPrice: { type: 'array', maxItems: 20, items: PRICE },
};

export const productOfferingCreateSchema: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['name'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, ...fields },
};

export const productOfferingPatchSchema: JsonSchema = { type: 'object', additionalProperties: false, properties: fields };

/** Offering ids are URL-safe slugs. */
export const PRODUCT_OFFERING_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
