import { validateJson, type JsonSchema } from '../../domain/json-schema';

describe('validateJson', () => {
  describe('types', () => {
    it.each<[JsonSchema['type'], unknown]>([
      ['object', {}],
      ['array', []],
      ['string', ''],
      ['number', 1.5],
      ['number', 2],
      ['integer', 3],
      ['boolean', false],
    ])('accepts a %s value', (type, value) => {
      expect(validateJson({ type }, value)).toEqual([]);
    });

    it.each<[JsonSchema['type'], unknown]>([
      ['object', null],
      ['object', []],
      ['object', 'x'],
      ['array', {}],
      ['string', 1],
      ['number', '1'],
      ['integer', 1.5],
      ['boolean', 'true'],
    ])('rejects a %s field holding %p with a single error at the root', (type, value) => {
      expect(validateJson({ type }, value)).toEqual([{ path: '/', message: `must be ${type}` }]);
    });

    it('stops at a type mismatch: no further keyword is checked', () => {
      expect(validateJson({ type: 'string', minLength: 5, enum: ['abcdef'] }, 3)).toHaveLength(1);
    });

    it('uses the given path for the root instead of /', () => {
      expect(validateJson({ type: 'string' }, 1, '/data/name')).toEqual([{ path: '/data/name', message: 'must be string' }]);
    });

    it('accepts any value when no type is given', () => {
      expect(validateJson({}, null)).toEqual([]);
      expect(validateJson({}, [1, 'a'])).toEqual([]);
    });
  });

  describe('keywords', () => {
    it('checks enum membership', () => {
      const schema: JsonSchema = { enum: ['a', 1, true] };
      expect(validateJson(schema, 'a')).toEqual([]);
      expect(validateJson(schema, 1)).toEqual([]);
      expect(validateJson(schema, true)).toEqual([]);
      expect(validateJson(schema, '1')).toEqual([{ path: '/', message: 'must be one of a, 1, true' }]);
    });

    it('checks string lengths at their bounds', () => {
      const schema: JsonSchema = { type: 'string', minLength: 2, maxLength: 3 };
      expect(validateJson(schema, 'ab')).toEqual([]);
      expect(validateJson(schema, 'abc')).toEqual([]);
      expect(validateJson(schema, 'a')).toEqual([{ path: '/', message: 'must have at least 2 characters' }]);
      expect(validateJson(schema, 'abcd')).toEqual([{ path: '/', message: 'must have at most 3 characters' }]);
    });

    it.each(['2026-01-01T00:00Z', '2026-01-01T10:20:30Z', '2026-01-01T10:20:30.123+02:00', '2026-06-30T23:59:59-05:30'])(
      'accepts the date-time %s',
      (value) => {
        expect(validateJson({ type: 'string', format: 'date-time' }, value)).toEqual([]);
      },
    );

    it.each(['2026-01-01', '2026-01-01 10:20:30Z', '2026-01-01T10:20:30', 'yesterday', '2026-01-01T10:20:30+0200'])(
      'rejects the date-time %s',
      (value) => {
        expect(validateJson({ type: 'string', format: 'date-time' }, value)).toEqual([{ path: '/', message: 'must be an ISO 8601 date-time' }]);
      },
    );

    it('checks email addresses', () => {
      const schema: JsonSchema = { type: 'string', format: 'email' };
      expect(validateJson(schema, 'ana@example.com')).toEqual([]);
      for (const bad of ['ana', 'ana@example', 'a na@example.com', '@example.com']) {
        expect(validateJson(schema, bad)).toEqual([{ path: '/', message: 'must be an email address' }]);
      }
    });

    it('checks numeric bounds inclusively', () => {
      const schema: JsonSchema = { type: 'number', minimum: 0, maximum: 10 };
      expect(validateJson(schema, 0)).toEqual([]);
      expect(validateJson(schema, 10)).toEqual([]);
      expect(validateJson(schema, -0.5)).toEqual([{ path: '/', message: 'must be >= 0' }]);
      expect(validateJson(schema, 10.5)).toEqual([{ path: '/', message: 'must be <= 10' }]);
    });

    it('checks array sizes and validates every item at its index', () => {
      const schema: JsonSchema = { type: 'array', minItems: 1, maxItems: 2, items: { type: 'integer' } };
      expect(validateJson(schema, [1, 2])).toEqual([]);
      expect(validateJson(schema, [])).toEqual([{ path: '/', message: 'must have at least 1 items' }]);
      expect(validateJson(schema, [1, 2, 3])).toEqual([{ path: '/', message: 'must have at most 2 items' }]);
      expect(validateJson(schema, [1, 'x'])).toEqual([{ path: '/1', message: 'must be integer' }]);
    });
  });

  describe('objects', () => {
    const schema: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'address'],
      properties: {
        name: { type: 'string', minLength: 1 },
        address: {
          type: 'object',
          required: ['city'],
          properties: { city: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } } },
        },
      },
    };

    it('accepts a valid object', () => {
      expect(validateJson(schema, { name: 'Ana', address: { city: 'Madrid', lines: ['Calle 1'] } })).toEqual([]);
    });

    it('reports missing required fields at their paths', () => {
      expect(validateJson(schema, {})).toEqual([
        { path: '/name', message: 'is required' },
        { path: '/address', message: 'is required' },
      ]);
    });

    it('treats an explicit undefined as missing', () => {
      expect(validateJson(schema, { name: undefined, address: { city: 'x' } })).toContainEqual({ path: '/name', message: 'is required' });
    });

    it('reports nested problems with their full paths, all at once', () => {
      expect(validateJson(schema, { name: '', address: { lines: ['ok', 7] }, extra: 1 })).toEqual([
        { path: '/name', message: 'must have at least 1 characters' },
        { path: '/address/city', message: 'is required' },
        { path: '/address/lines/1', message: 'must be string' },
        { path: '/extra', message: 'is not allowed' },
      ]);
    });

    it('allows unknown properties unless additionalProperties is false', () => {
      expect(validateJson(schema, { name: 'Ana', address: { city: 'Madrid', zip: '28001' } })).toEqual([]);
    });

    it('prefixes every path with the given base path', () => {
      expect(validateJson(schema, { address: { city: 1 } }, '/data')).toEqual([
        { path: '/data/name', message: 'is required' },
        { path: '/data/address/city', message: 'must be string' },
      ]);
    });
  });
});
