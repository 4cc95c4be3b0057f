import { marketSegmentId, validateMarketStrategyDraft, type MarketStrategyDraft } from '../../domain/market-strategy';
import { CUSTOMER_ATTRIBUTES } from '../../domain/segment-criteria';

function draft(overrides: Partial<MarketStrategyDraft> = {}): MarketStrategyDraft {
  return {
    name: 'Fibre push 2026',
    markets: ['ES-residential'],
    objectives: [{ name: 'Grow fibre base', indicator: 'net-adds', target: 1000 }],
    validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-12-31T23:59:59Z' },
    segments: [
      { key: 'young', name: 'Young', criteria: { and: [{ attribute: 'age', operator: 'lt', value: 30 }, { attribute: 'hasFibre', operator: 'eq', value: false }] } },
      { key: 'families', name: 'Families', category: 'residential', criteria: { attribute: 'mobileLines', operator: 'gte', value: 3 } },
    ],
    offeringTargets: [{ productOfferingId: 'fibre-1g', segmentKeys: ['young', 'families'] }],
    ...overrides,
  };
}

describe('validateMarketStrategyDraft', () => {
  it('accepts a complete draft and a minimal one', () => {
    expect(validateMarketStrategyDraft(draft())).toEqual([]);
    const minimal: Partial<MarketStrategyDraft> = draft({ objectives: [], offeringTargets: [] });
    delete minimal.validFor;
    expect(validateMarketStrategyDraft(minimal)).toEqual([]);
  });

  it('rejects a non-object draft at the base path', () => {
    expect(validateMarketStrategyDraft(null)).toEqual([{ path: '/', message: 'must be object' }]);
    expect(validateMarketStrategyDraft([], '/data/draft')).toEqual([{ path: '/data/draft', message: 'must be object' }]);
  });

  it('reports every missing required field', () => {
    expect(validateMarketStrategyDraft({}).map((e) => e.path)).toEqual(['/name', '/markets', '/objectives', '/segments', '/offeringTargets']);
  });

  it('reports shape problems with their paths', () => {
    const bad = { ...draft(), markets: [], extra: true, objectives: [{ name: '', target: 'high' }] };
    expect(validateMarketStrategyDraft(bad)).toEqual([
      { path: '/markets', message: 'must have at least 1 items' },
      { path: '/objectives/0/name', message: 'must have at least 1 characters' },
      { path: '/objectives/0/target', message: 'must be number' },
      { path: '/extra', message: 'is not allowed' },
    ]);
  });

  it('requires at least one segment and a criteria object', () => {
    expect(validateMarketStrategyDraft(draft({ segments: [] }))).toContainEqual({ path: '/segments', message: 'must have at least 1 items' });
    const s = { ...draft(), segments: [{ key: 'k', name: 'K', criteria: [] }], offeringTargets: [] };
    expect(validateMarketStrategyDraft(s)).toEqual([{ path: '/segments/0/criteria', message: 'must be object' }]);
  });

  it('does not check criteria or references while the shape is wrong', () => {
    const bad = draft({ name: '', offeringTargets: [{ productOfferingId: 'x', segmentKeys: ['ghost'] }] });
    bad.segments[0] = { key: 'young', name: 'Young', criteria: { attribute: 'age', operator: 'eq', value: 'old' as unknown as number } };
    expect(validateMarketStrategyDraft(bad)).toEqual([{ path: '/name', message: 'must have at least 1 characters' }]);
  });

  it('validates each segment criteria under its own path', () => {
    const d = draft();
    d.segments[0] = { key: 'young', name: 'Young', criteria: { and: [{ attribute: 'age', operator: 'lt', value: 30 }, { attribute: 'hasFibre', operator: 'eq', value: 'no' as unknown as boolean }] } };
    d.segments[1] = { key: 'families', name: 'Families', criteria: { attribute: '$where' as unknown as 'age', operator: 'eq', value: 1 } };
    expect(validateMarketStrategyDraft(d)).toEqual([
      { path: '/segments/0/criteria/and/1/value', message: 'must be a boolean for hasFibre' },
      { path: '/segments/1/criteria/attribute', message: `must be one of ${Object.keys(CUSTOMER_ATTRIBUTES).join(', ')}` },
    ]);
  });

  it('rejects duplicate segment keys', () => {
    const d = draft();
    d.segments.push({ key: 'young', name: 'Young again', criteria: { attribute: 'age', operator: 'lt', value: 25 } });
    expect(validateMarketStrategyDraft(d)).toEqual([{ path: '/segments/2/key', message: 'duplicate segment key young' }]);
  });

  it('rejects offering targets that name unknown segments', () => {
    const d = draft({ offeringTargets: [{ productOfferingId: 'a', segmentKeys: ['young'] }, { productOfferingId: 'b', segmentKeys: ['families', 'seniors', 'smb'] }] });
    expect(validateMarketStrategyDraft(d)).toEqual([
      { path: '/offeringTargets/1/segmentKeys/1', message: 'no segment with key seniors' },
      { path: '/offeringTargets/1/segmentKeys/2', message: 'no segment with key smb' },
    ]);
    expect(validateMarketStrategyDraft(draft({ offeringTargets: [{ productOfferingId: 'a', segmentKeys: [] }] }))).toEqual([
      { path: '/offeringTargets/0/segmentKeys', message: 'must have at least 1 items' },
    ]);
  });

  it('requires endDateTime after startDateTime', () => {
    const at = (startDateTime: string, endDateTime?: string) =>
      validateMarketStrategyDraft(draft({ validFor: endDateTime ? { startDateTime, endDateTime } : { startDateTime } }));
    expect(at('2026-01-01T00:00:00Z')).toEqual([]);
    expect(at('2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z')).toEqual([]);
    expect(at('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual([{ path: '/validFor/endDateTime', message: 'must be after startDateTime' }]);
    expect(at('2026-06-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual([{ path: '/validFor/endDateTime', message: 'must be after startDateTime' }]);
    expect(at('2026-01-01', undefined)).toEqual([{ path: '/validFor/startDateTime', message: 'must be an ISO 8601 date-time' }]);
  });

  it('prefixes every path with the base path', () => {
    const d = draft();
    d.segments.push({ key: 'young', name: 'Dup', criteria: { attribute: 'age', operator: 'lt', value: 25 } });
    expect(validateMarketStrategyDraft(d, '/data/draft')).toEqual([{ path: '/data/draft/segments/2/key', message: 'duplicate segment key young' }]);
    expect(validateMarketStrategyDraft({ ...draft(), name: 5 }, '/data/draft')).toEqual([{ path: '/data/draft/name', message: 'must be string' }]);
  });
});

describe('marketSegmentId', () => {
  it('derives a stable id from strategy and segment key', () => {
    expect(marketSegmentId('market-strategy-abc', 'young')).toBe('market-strategy-abc.young');
    expect(marketSegmentId('s1', 'young')).toBe(marketSegmentId('s1', 'young'));
    expect(marketSegmentId('s1', 'young')).not.toBe(marketSegmentId('s2', 'young'));
    expect(marketSegmentId('s1', 'young')).not.toBe(marketSegmentId('s1', 'families'));
  });
});
