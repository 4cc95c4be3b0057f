import { demoCustomers, demoProductOfferings, demoSegments } from '../../demo/demo-data';
import { matchesCriteria, validateSegmentCriteria } from '../../domain/segment-criteria';

describe('demoCustomers', () => {
  it('is deterministic: two calls give equal, independent data', () => {
    const a = demoCustomers();
    const b = demoCustomers();
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
  });

  it('returns the requested count, 300 by default', () => {
    expect(demoCustomers()).toHaveLength(300);
    expect(demoCustomers(7)).toHaveLength(7);
    expect(demoCustomers(0)).toEqual([]);
  });

  it('a smaller count yields a prefix of a larger one', () => {
    expect(demoCustomers(300).slice(0, 20)).toEqual(demoCustomers(20));
  });

  it('has unique ids and email addresses', () => {
    const customers = demoCustomers(1000);
    expect(new Set(customers.map((c) => c._id)).size).toBe(1000);
    const emails = customers.map((c) => c.contactMedium.find((m) => m.mediumType === 'email')?.characteristic.emailAddress);
    expect(emails.every((e) => typeof e === 'string' && /^[a-z.]+\.\d+@example\.com$/.test(e))).toBe(true);
    expect(new Set(emails).size).toBe(1000);
  });

  it('gives every customer only whitelisted attributes of the right type and value', () => {
    for (const customer of demoCustomers()) {
      const entries = Object.entries(customer.attributes);
      expect(entries.length).toBe(10);
      for (const [attribute, value] of entries) {
        expect({ id: customer._id, attribute, errors: validateSegmentCriteria({ attribute, operator: 'eq', value }) }).toEqual({
          id: customer._id, attribute, errors: [],
        });
      }
    }
  });

  it('marks exactly the preferred channel as preferred contact medium', () => {
    for (const c of demoCustomers(100)) {
      const channel = c.attributes.preferredChannel;
      expect(c.contactMedium.find((m) => m.mediumType === 'email')?.preferred).toBe(channel === 'email');
      expect(c.contactMedium.find((m) => m.mediumType === 'phone')?.preferred).toBe(channel === 'phone' || channel === 'sms');
    }
  });
});

describe('demoSegments', () => {
  it.each(demoSegments.map((s) => [s.key, s] as const))('%s has valid criteria', (_key, segment) => {
    expect(validateSegmentCriteria(segment.criteria)).toEqual([]);
  });

  it('has unique keys and targets existing offerings', () => {
    expect(new Set(demoSegments.map((s) => s.key)).size).toBe(demoSegments.length);
    const offerings = new Set(demoProductOfferings.map((o) => o._id));
    for (const s of demoSegments) for (const o of s.offerings) expect(offerings).toContain(o);
  });

  it('each segment matches some, but not all, demo customers', () => {
    const customers = demoCustomers();
    for (const s of demoSegments) {
      const n = customers.filter((c) => matchesCriteria(s.criteria, c.attributes)).length;
      expect({ key: s.key, some: n > 0, notAll: n < customers.length }).toEqual({ key: s.key, some: true, notAll: true });
    }
  });
});
