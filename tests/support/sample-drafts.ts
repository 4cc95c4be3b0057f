import type { MarketStrategyDraft } from '../../domain/market-strategy';

/** A valid market-strategy draft over the demo catalog; tests change what they need. */
export function sampleStrategyDraft(name = 'Fibre growth 2027'): MarketStrategyDraft {
  return {
    name,
    description: 'Win fibre households among young mobile-only customers and families',
    markets: ['Spain residential'],
    objectives: [{ name: 'Fibre net adds', indicator: 'netAdds', target: 5000 }],
    validFor: { startDateTime: '2027-01-01T00:00:00Z', endDateTime: '2027-12-31T23:59:59Z' },
    segments: [
      {
        key: 'young-no-fibre',
        name: 'Young without fibre',
        criteria: { and: [{ attribute: 'age', operator: 'lt', value: 30 }, { attribute: 'hasFibre', operator: 'eq', value: false }] },
      },
      {
        key: 'big-families',
        name: 'Big families',
        criteria: { or: [{ attribute: 'mobileLines', operator: 'gte', value: 4 }, { attribute: 'monthlyArpu', operator: 'gt', value: 100 }] },
      },
    ],
    offeringTargets: [
      { productOfferingId: 'fibre-300', segmentKeys: ['young-no-fibre'] },
      { productOfferingId: 'bundle-family', segmentKeys: ['big-families'] },
    ],
  };
}
