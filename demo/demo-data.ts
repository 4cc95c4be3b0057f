import type { ContactMedium, CustomerRecord } from '../db/models/customer.model';
import type { ProductOfferingRecord } from '../db/models/product-offering.model';
import type { SegmentCriteria } from '../domain/segment-criteria';

/** Deterministic pseudo-random numbers, so every run seeds the same demo customers. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EPOCH = '2026-01-01T00:00:00.000Z';
const monthly = (value: number) => [{ name: 'Monthly fee', priceType: 'recurring' as const, recurringChargePeriod: 'month' as const, price: { unit: 'EUR', value } }];
const offering = (id: string, name: string, category: string, fee: number, extra: Partial<ProductOfferingRecord> = {}): ProductOfferingRecord => ({
  _id: id, name, lifecycleStatus: 'active', isBundle: false, isSellable: true, validFor: { startDateTime: EPOCH },
  category: [{ id: category, name: category }], marketSegment: [], channel: [{ id: 'online' }, { id: 'store' }, { id: 'phone' }],
  productOfferingPrice: monthly(fee), lastUpdate: EPOCH, ...extra,
});

/** A small telecom catalog: mobile plans, fibre, TV and bundles. */
export const demoProductOfferings: ProductOfferingRecord[] = [
  offering('mobile-5gb', 'Mobile 5 GB', 'mobile', 9.9),
  offering('mobile-30gb', 'Mobile 30 GB', 'mobile', 19.9),
  offering('mobile-unlimited', 'Mobile Unlimited 5G', 'mobile', 34.9),
  offering('fibre-300', 'Fibre 300 Mb', 'fixed', 29.9),
  offering('fibre-1g', 'Fibre 1 Gb', 'fixed', 44.9),
  offering('tv-essentials', 'TV Essentials', 'tv', 12),
  offering('tv-sports', 'TV Sports', 'tv', 25),
  offering('bundle-family', 'Family bundle: Fibre 1 Gb + 4 mobile lines + TV', 'bundle', 99, { isBundle: true }),
  offering('bundle-duo', 'Duo: Fibre 300 Mb + Mobile 30 GB', 'bundle', 44.9, { isBundle: true }),
  offering('business-pro', 'Business Pro: Fibre 1 Gb + 5 lines + static IP', 'business', 149, { channel: [{ id: 'phone' }, { id: 'field-sales' }] }),
];

export interface DemoSegment {
  key: string;
  name: string;
  description: string;
  criteria: SegmentCriteria;
  offerings: string[];
}

export const demoSegments: DemoSegment[] = [
  { key: 'young-mobile', name: 'Young mobile-first', description: 'Under 30, no fibre at home', criteria: { and: [{ attribute: 'age', operator: 'lt', value: 30 }, { attribute: 'hasFibre', operator: 'eq', value: false }] }, offerings: ['mobile-30gb', 'mobile-unlimited'] },
  { key: 'families', name: 'Families', description: 'Residential with three or more mobile lines', criteria: { and: [{ attribute: 'customerType', operator: 'eq', value: 'residential' }, { attribute: 'mobileLines', operator: 'gte', value: 3 }] }, offerings: ['bundle-family'] },
  { key: 'high-value', name: 'High value', description: 'Monthly ARPU of 80 EUR or more', criteria: { attribute: 'monthlyArpu', operator: 'gte', value: 80 }, offerings: ['bundle-family', 'tv-sports'] },
  { key: 'smb', name: 'Small business', description: 'Business customers and prospects', criteria: { attribute: 'customerType', operator: 'eq', value: 'business' }, offerings: ['business-pro'] },
];

const FIRST = ['Ana', 'Luis', 'Marta', 'Jorge', 'Lucía', 'Pablo', 'Elena', 'Diego', 'Carmen', 'Sergio', 'Laura', 'Javier', 'Sofía', 'Raúl', 'Irene'];
const LAST = ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno'];
const REGIONS = ['Madrid', 'Catalonia', 'Andalusia', 'Valencia', 'Basque Country', 'Galicia'];
const CHANNELS = ['email', 'sms', 'push', 'phone', 'post'] as const;

/** Synthetic customers and prospects with contact media, consent and channel preferences. */
export function demoCustomers(count = 300): CustomerRecord[] {
  const rnd = mulberry32(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const business = rnd() < 0.15;
    const prospect = rnd() < 0.3;
    const first = pick(FIRST);
    const last = pick(LAST);
    const name = business ? `${last} ${pick(['Consulting', 'Logistics', 'Foods', 'Studio'])} S.L.` : `${first} ${last}`;
    const email = `${first}.${last}.${i}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const preferredChannel = pick(CHANNELS);
    const contactMedium: ContactMedium[] = [
      { mediumType: 'email', preferred: preferredChannel === 'email', characteristic: { emailAddress: email } },
      { mediumType: 'phone', preferred: preferredChannel === 'phone' || preferredChannel === 'sms', characteristic: { phoneNumber: `+346${String(10_000_000 + i * 7919).slice(0, 8)}` } },
    ];
    return {
      _id: `party-${String(i + 1).padStart(4, '0')}`,
      name,
      partyType: business ? 'organization' : 'individual',
      contactMedium,
      consent: { email: rnd() < 0.8, sms: rnd() < 0.6, push: rnd() < 0.5, phone: rnd() < 0.4, post: rnd() < 0.9 },
      attributes: {
        customerType: business ? 'business' : 'residential',
        partyRole: prospect ? 'prospect' : 'customer',
        region: pick(REGIONS),
        age: business ? 40 : 18 + Math.floor(rnd() * 62),
        tenureMonths: prospect ? 0 : Math.floor(rnd() * 120),
        monthlyArpu: prospect ? 0 : Math.round((15 + rnd() * 120) * 100) / 100,
        mobileLines: prospect ? 0 : 1 + Math.floor(rnd() * (business ? 10 : 5)),
        hasFibre: !prospect && rnd() < 0.55,
        hasTv: !prospect && rnd() < 0.35,
        preferredChannel,
      },
    };
  });
}
