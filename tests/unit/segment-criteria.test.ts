import {
  CRITERION_OPERATORS,
  CUSTOMER_ATTRIBUTES,
  criteriaToFilter,
  matchesCriteria,
  validateSegmentCriteria,
  type CustomerAttribute,
  type SegmentCriteria,
} from '../../domain/segment-criteria';

type Scalar = string | number | boolean;
type Attributes = Partial<Record<CustomerAttribute, Scalar>>;

const crit = (attribute: string, operator: string, value: unknown) => ({ attribute, operator, value });

/** Nests a single criterion in `levels - 1` and-groups: levels 1 is the bare criterion. */
function nested(levels: number): unknown {
  let node: unknown = crit('age', 'gt', 18);
  for (let i = 1; i < levels; i += 1) node = { and: [node] };
  return node;
}

/** Every key of a filter, at every depth. */
function allKeys(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(allKeys);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [k, ...allKeys(v)]);
}

describe('validateSegmentCriteria', () => {
  it('accepts a criterion for every attribute and a nested and/or expression', () => {
    expect(validateSegmentCriteria(crit('region', 'eq', 'Madrid'))).toEqual([]);
    expect(validateSegmentCriteria(crit('hasTv', 'ne', true))).toEqual([]);
    expect(validateSegmentCriteria(crit('preferredChannel', 'in', ['sms', 'push']))).toEqual([]);
    expect(
      validateSegmentCriteria({
        or: [{ and: [crit('age', 'gte', 18), crit('age', 'lt', 30)] }, crit('customerType', 'nin', ['business'])],
      }),
    ).toEqual([]);
  });

  it('accepts nesting of exactly 4 levels and rejects 5', () => {
    expect(validateSegmentCriteria(nested(4))).toEqual([]);
    expect(validateSegmentCriteria(nested(5))).toEqual([{ path: '/and/0/and/0/and/0/and/0', message: 'nesting deeper than 4 levels' }]);
  });

  it('accepts 25 criteria and rejects the 26th, also across groups', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => crit('age', 'gt', i));
    expect(validateSegmentCriteria({ and: many(25) })).toEqual([]);
    expect(validateSegmentCriteria({ and: many(26) })).toEqual([{ path: '/and/25', message: 'more than 25 criteria' }]);
    expect(validateSegmentCriteria({ or: [{ and: many(13) }, { and: many(13) }] })).toEqual([
      { path: '/or/1/and/12', message: 'more than 25 criteria' },
    ]);
  });

  it('reports the path of the offending value inside groups, under the given base path', () => {
    const expr = { and: [crit('age', 'gt', 18), crit('age', 'lt', 'thirty')] };
    expect(validateSegmentCriteria(expr, '/segments/0/criteria')).toEqual([
      { path: '/segments/0/criteria/and/1/value', message: 'must be a number for age' },
    ]);
  });

  describe('rejects injection-like input', () => {
    it.each(['$where', 'attributes.x', 'attributes.region', 'region.$ne', '', 'Region', 'name', '_id'])(
      'attribute %p',
      (attribute) => {
        expect(validateSegmentCriteria(crit(attribute, 'eq', 'x'))).toEqual([
          { path: '/attribute', message: `must be one of ${Object.keys(CUSTOMER_ATTRIBUTES).join(', ')}` },
        ]);
      },
    );

    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('prototype member %p as attribute', (attribute) => {
      expect(validateSegmentCriteria(crit(attribute, 'eq', 'x')).length).toBeGreaterThan(0);
      expect(validateSegmentCriteria(crit(attribute, 'in', ['x'])).length).toBeGreaterThan(0);
    });

    it.each(['$regex', '$eq', '$where', 'regex', 'EQ', 'exists', 'constructor'])('operator %p', (operator) => {
      expect(validateSegmentCriteria(crit('region', operator, 'x'))).toEqual([
        { path: '/operator', message: `must be one of ${CRITERION_OPERATORS.join(', ')}` },
      ]);
    });

    it('a non-string attribute or operator', () => {
      expect(validateSegmentCriteria({ attribute: ['region'], operator: 'eq', value: 'x' })[0]?.path).toBe('/attribute');
      expect(validateSegmentCriteria({ attribute: 'region', operator: { $eq: 1 }, value: 'x' })[0]?.path).toBe('/operator');
    });

    it('a query object smuggled in as the value', () => {
      expect(validateSegmentCriteria(crit('region', 'eq', { $ne: null }))).toEqual([{ path: '/value', message: 'must be a string for region' }]);
      expect(validateSegmentCriteria(crit('region', 'in', [{ $gt: '' }]))).toEqual([{ path: '/value/0', message: 'must be a string for region' }]);
    });

    it('extra keys on a criterion', () => {
      expect(validateSegmentCriteria({ ...crit('region', 'eq', 'x'), $where: 'sleep(1)' })).toEqual([
        { path: '', message: 'unknown keys: $where' },
      ]);
    });

    it('a raw database filter instead of a criterion', () => {
      expect(validateSegmentCriteria({ $and: [{ 'attributes.age': { $gt: 1 } }] })).toEqual([
        { path: '', message: 'unknown keys: $and' },
      ]);
      expect(validateSegmentCriteria({ 'attributes.age': { $gt: 1 } })).toEqual([
        { path: '', message: 'unknown keys: attributes.age' },
      ]);
    });

    it('groups with extra keys, both and and or, or no members', () => {
      expect(validateSegmentCriteria({ and: [crit('age', 'gt', 1)], $where: 'x' })).toEqual([
        { path: '', message: 'and must be the only key and hold a non-empty list' },
      ]);
      expect(validateSegmentCriteria({ and: [crit('age', 'gt', 1)], or: [crit('age', 'gt', 1)] })).toHaveLength(1);
      expect(validateSegmentCriteria({ or: [] })).toEqual([{ path: '', message: 'or must be the only key and hold a non-empty list' }]);
      expect(validateSegmentCriteria({ and: crit('age', 'gt', 1) })).toHaveLength(1);
    });

    it.each([null, undefined, 'age > 1', 42, [crit('age', 'gt', 1)]])('a non-object node %p', (node) => {
      expect(validateSegmentCriteria(node)).toEqual([{ path: '', message: 'must be a criterion or an and/or group' }]);
      expect(validateSegmentCriteria({ and: [node] })).toEqual([{ path: '/and/0', message: 'must be a criterion or an and/or group' }]);
    });
  });

  describe('value rules', () => {
    it('allows ordering operators on numeric attributes only', () => {
      for (const op of ['gt', 'gte', 'lt', 'lte']) {
        expect(validateSegmentCriteria(crit('monthlyArpu', op, 50))).toEqual([]);
        expect(validateSegmentCriteria(crit('region', op, 'M'))).toEqual([{ path: '/operator', message: `${op} applies to numeric attributes only` }]);
        expect(validateSegmentCriteria(crit('hasFibre', op, true))).toEqual([{ path: '/operator', message: `${op} applies to numeric attributes only` }]);
      }
    });

    it('checks the value type against the attribute', () => {
      expect(validateSegmentCriteria(crit('age', 'eq', '30'))).toEqual([{ path: '/value', message: 'must be a number for age' }]);
      expect(validateSegmentCriteria(crit('hasFibre', 'eq', 'true'))).toEqual([{ path: '/value', message: 'must be a boolean for hasFibre' }]);
      expect(validateSegmentCriteria(crit('region', 'eq', 1))).toEqual([{ path: '/value', message: 'must be a string for region' }]);
      expect(validateSegmentCriteria({ attribute: 'region', operator: 'eq' })).toEqual([{ path: '/value', message: 'must be a string for region' }]);
    });

    it('checks enumerated attribute values', () => {
      expect(validateSegmentCriteria(crit('customerType', 'eq', 'vip'))).toEqual([{ path: '/value', message: 'must be one of residential, business' }]);
      expect(validateSegmentCriteria(crit('preferredChannel', 'nin', ['email', 'fax']))).toEqual([
        { path: '/value/1', message: 'must be one of email, sms, push, phone, post' },
      ]);
    });

    it('requires a list of 1 to 50 values for in and nin', () => {
      const ages = (n: number) => Array.from({ length: n }, (_, i) => i);
      expect(validateSegmentCriteria(crit('age', 'in', ages(50)))).toEqual([]);
      for (const value of [ages(51), [], 30]) {
        expect(validateSegmentCriteria(crit('age', 'nin', value))).toEqual([{ path: '/value', message: 'must be a list of 1 to 50 values' }]);
      }
      expect(validateSegmentCriteria(crit('age', 'in', [1, '2', 3, false]))).toEqual([
        { path: '/value/1', message: 'must be a number for age' },
        { path: '/value/3', message: 'must be a number for age' },
      ]);
    });

    it('rejects a list value for scalar operators', () => {
      expect(validateSegmentCriteria(crit('age', 'eq', [30]))).toEqual([{ path: '/value', message: 'must be a number for age' }]);
    });

    it('collects errors from every member of a group', () => {
      const errors = validateSegmentCriteria({ or: [crit('age', 'eq', 'x'), crit('nope', 'eq', 1), crit('hasTv', 'gt', 1)] });
      expect(errors.map((e) => e.path)).toEqual(['/or/0/value', '/or/1/attribute', '/or/2/operator']);
    });
  });
});

describe('criteriaToFilter', () => {
  it('maps a criterion to a whitelisted field with a fixed operator', () => {
    expect(criteriaToFilter({ attribute: 'age', operator: 'gte', value: 18 })).toEqual({ 'attributes.age': { $gte: 18 } });
    expect(criteriaToFilter({ attribute: 'region', operator: 'nin', value: ['Madrid'] })).toEqual({ 'attributes.region': { $nin: ['Madrid'] } });
  });

  it('maps groups to $and/$or recursively', () => {
    const expr: SegmentCriteria = {
      or: [{ and: [{ attribute: 'hasFibre', operator: 'eq', value: true }, { attribute: 'tenureMonths', operator: 'lt', value: 12 }] }, { attribute: 'hasTv', operator: 'ne', value: false }],
    };
    expect(criteriaToFilter(expr)).toEqual({
      $or: [{ $and: [{ 'attributes.hasFibre': { $eq: true } }, { 'attributes.tenureMonths': { $lt: 12 } }] }, { 'attributes.hasTv': { $ne: false } }],
    });
  });

  it('only ever produces whitelisted attribute keys and fixed operators for valid input', () => {
    const attrs = Object.keys(CUSTOMER_ATTRIBUTES) as CustomerAttribute[];
    const sample = (a: CustomerAttribute): Scalar => {
      const spec: { type: string; values?: readonly string[] } = CUSTOMER_ATTRIBUTES[a];
      return spec.values?.[0] ?? (spec.type === 'number' ? 1 : spec.type === 'boolean' ? true : 'x');
    };
    const leaves: unknown[] = [];
    for (const a of attrs) {
      for (const op of CRITERION_OPERATORS) {
        const value = op === 'in' || op === 'nin' ? [sample(a)] : sample(a);
        const c = crit(a, op, value);
        if (validateSegmentCriteria(c).length === 0) leaves.push(c);
      }
    }
    // every attribute is usable with at least eq/ne/in/nin; numeric ones with all 8 operators
    expect(leaves.length).toBe(attrs.length * 4 + attrs.filter((a) => CUSTOMER_ATTRIBUTES[a].type === 'number').length * 4);
    const exprs: unknown[] = [];
    for (let i = 0; i < leaves.length; i += 5) exprs.push({ or: [{ and: leaves.slice(i, i + 5) }] });
    const allowed = new Set([...attrs.map((a) => `attributes.${a}`), '$and', '$or', '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);
    for (const expr of exprs) {
      expect(validateSegmentCriteria(expr)).toEqual([]);
      for (const key of allKeys(criteriaToFilter(expr as SegmentCriteria))) expect(allowed).toContain(key);
    }
  });
});

describe('matchesCriteria', () => {
  const ana: Attributes = { customerType: 'residential', age: 29, hasFibre: false, region: 'Madrid', mobileLines: 3 };

  it.each<[SegmentCriteria, boolean]>([
    [{ attribute: 'age', operator: 'eq', value: 29 }, true],
    [{ attribute: 'age', operator: 'eq', value: 30 }, false],
    [{ attribute: 'age', operator: 'ne', value: 29 }, false],
    [{ attribute: 'age', operator: 'gt', value: 29 }, false],
    [{ attribute: 'age', operator: 'gte', value: 29 }, true],
    [{ attribute: 'age', operator: 'lt', value: 29 }, false],
    [{ attribute: 'age', operator: 'lte', value: 29 }, true],
    [{ attribute: 'region', operator: 'in', value: ['Galicia', 'Madrid'] }, true],
    [{ attribute: 'region', operator: 'nin', value: ['Galicia', 'Madrid'] }, false],
    [{ attribute: 'hasFibre', operator: 'eq', value: false }, true],
    [{ and: [{ attribute: 'age', operator: 'lt', value: 30 }, { attribute: 'hasFibre', operator: 'eq', value: true }] }, false],
    [{ or: [{ attribute: 'age', operator: 'lt', value: 18 }, { attribute: 'mobileLines', operator: 'gte', value: 3 }] }, true],
  ])('%j -> %p', (expr, expected) => {
    expect(matchesCriteria(expr, ana)).toBe(expected);
  });

  it('treats a missing attribute like the database does: only ne and nin match', () => {
    const none: Attributes = {};
    expect(matchesCriteria({ attribute: 'tenureMonths', operator: 'gte', value: 0 }, none)).toBe(false);
    expect(matchesCriteria({ attribute: 'tenureMonths', operator: 'lte', value: 0 }, none)).toBe(false);
    expect(matchesCriteria({ attribute: 'hasTv', operator: 'eq', value: false }, none)).toBe(false);
    expect(matchesCriteria({ attribute: 'region', operator: 'in', value: ['Madrid'] }, none)).toBe(false);
    expect(matchesCriteria({ attribute: 'hasTv', operator: 'ne', value: true }, none)).toBe(true);
    expect(matchesCriteria({ attribute: 'region', operator: 'nin', value: ['Madrid'] }, none)).toBe(true);
  });

  describe('agrees with the database filter that criteriaToFilter builds', () => {
    /** A tiny evaluator for exactly the filter subset criteriaToFilter emits, with MongoDB semantics. */
    function evaluate(filter: Record<string, unknown>, attrs: Attributes): boolean {
      return Object.entries(filter).every(([key, cond]) => {
        if (key === '$and') return (cond as Record<string, unknown>[]).every((f) => evaluate(f, attrs));
        if (key === '$or') return (cond as Record<string, unknown>[]).some((f) => evaluate(f, attrs));
        const actual = attrs[key.replace(/^attributes\./, '') as CustomerAttribute];
        return Object.entries(cond as Record<string, unknown>).every(([op, v]) => {
          const comparable = typeof actual === typeof v; // type bracketing: a missing field never compares
          switch (op) {
            case '$eq': return actual === v;
            case '$ne': return actual !== v;
            case '$gt': return comparable && (actual as number) > (v as number);
            case '$gte': return comparable && (actual as number) >= (v as number);
            case '$lt': return comparable && (actual as number) < (v as number);
            case '$lte': return comparable && (actual as number) <= (v as number);
            case '$in': return (v as Scalar[]).includes(actual as Scalar);
            case '$nin': return !(v as Scalar[]).includes(actual as Scalar);
            default: throw new Error(`unexpected operator ${op}`);
          }
        });
      });
    }

    const people: Attributes[] = [
      {},
      { age: 17, hasFibre: false },
      { age: 18, hasFibre: true, region: 'Madrid', customerType: 'residential' },
      { age: 30, mobileLines: 3, customerType: 'business', region: 'Galicia' },
      { age: 45, mobileLines: 1, hasTv: true, preferredChannel: 'sms', monthlyArpu: 80 },
    ];
    const exprs: SegmentCriteria[] = [
      ...CRITERION_OPERATORS.map((operator): SegmentCriteria => ({ attribute: 'age', operator, value: operator === 'in' || operator === 'nin' ? [18, 45] : 18 })),
      { and: [{ attribute: 'age', operator: 'gte', value: 18 }, { attribute: 'hasFibre', operator: 'ne', value: true }] },
      { or: [{ attribute: 'region', operator: 'in', value: ['Madrid', 'Galicia'] }, { and: [{ attribute: 'monthlyArpu', operator: 'gte', value: 80 }, { attribute: 'preferredChannel', operator: 'nin', value: ['email'] }] }] },
    ];

    it.each(exprs.map((e) => [JSON.stringify(e), e] as const))('%s', (_label, expr) => {
      expect(validateSegmentCriteria(expr)).toEqual([]);
      const results = people.map((p) => matchesCriteria(expr, p));
      expect(results).toEqual(people.map((p) => evaluate(criteriaToFilter(expr), p)));
    });
  });
});
