import { validateJson } from '../../domain/json-schema';
import { validateMarketStrategyDraft } from '../../domain/market-strategy';
import { validateSegmentCriteria } from '../../domain/segment-criteria';
import { mayStartProcess } from '../../domain/access-policy';
import { loadConfig } from '../../platform/config';
import { sampleStrategyDraft } from '../support/sample-drafts';

/** Cases found by review; each failed before its fix. */
describe('names of Object.prototype members are not declared fields', () => {
  const schema = { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } } as const;

  it.each(['constructor', 'toString', '__proto__'])('%s is refused by additionalProperties: false', (name) => {
    const value: unknown = JSON.parse(`{"${name}": 5}`);
    expect(validateJson(schema, value)).toEqual([{ path: `/${name}`, message: 'is not allowed' }]);
  });

  it.each(['constructor', '__proto__', 'toString'])('criteria attribute %s is reported at /attribute', (attribute) => {
    const errors = validateSegmentCriteria({ attribute, operator: 'eq', value: 'x' });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('/attribute');
  });

  it.each(['constructor', '__proto__'])('process type %s may not be started and does not throw', (type) => {
    expect(mayStartProcess({ userId: 'u', groups: ['ops', 'marketing-manager'] }, type)).toBe(false);
  });
});

describe('date-time values', () => {
  it('refuses impossible dates', () => {
    expect(validateJson({ type: 'string', format: 'date-time' }, '2026-13-45T99:99Z')).toHaveLength(1);
    expect(validateJson({ type: 'string', format: 'date-time' }, '2026-12-31T23:59:59Z')).toEqual([]);
  });

  it('compares validFor by instant, not by text', () => {
    const laterInUtc = { ...sampleStrategyDraft(), validFor: { startDateTime: '2026-01-01T10:00:00+02:00', endDateTime: '2026-01-01T09:00:00Z' } };
    expect(validateMarketStrategyDraft(laterInUtc)).toEqual([]);
    const earlier = { ...sampleStrategyDraft(), validFor: { startDateTime: '2026-01-01T00:00:00.500Z', endDateTime: '2026-01-01T00:00:00Z' } };
    expect(validateMarketStrategyDraft(earlier)).toEqual([{ path: '/validFor/endDateTime', message: 'must be after startDateTime' }]);
  });
});

it('PORT must be written in decimal digits', () => {
  for (const port of ['0x50', '1e3', '80.0']) {
    expect(() => loadConfig({ PORT: port, AUTH_DEV_SECRET: 'x'.repeat(32) })).toThrow(/PORT must be a TCP port/);
  }
});
