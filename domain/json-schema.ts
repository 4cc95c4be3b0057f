import type { FieldError } from './errors';

/**
 * The subset of JSON Schema that task forms and process inputs use. It is validated by this small
 * pure function rather than a code-generating library so the very same rules run in the API and
 * inside the deterministic workflow sandbox (update validators).
 */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: readonly (string | number | boolean)[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: 'date-time' | 'email';
  /** Opaque to the validator: checked by a named domain rule (see task-forms.ts). */
  'x-rule'?: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function typeMatches(expected: JsonSchema['type'], value: unknown): boolean {
  const actual = typeOf(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return expected === actual;
}

/** Returns every violation, each with the path of its field; an empty list means valid. */
export function validateJson(schema: JsonSchema, value: unknown, path = ''): FieldError[] {
  const here = path || '/';
  if (schema.type && !typeMatches(schema.type, value)) {
    return [{ path: here, message: `must be ${schema.type}` }];
  }
  const errors: FieldError[] = [];
  if (schema.enum && !schema.enum.includes(value as string | number | boolean)) {
    errors.push({ path: here, message: `must be one of ${schema.enum.join(', ')}` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push({ path: here, message: `must have at least ${schema.minLength} characters` });
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push({ path: here, message: `must have at most ${schema.maxLength} characters` });
    if (schema.format === 'date-time' && !(ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) errors.push({ path: here, message: 'must be an ISO 8601 date-time' });
    if (schema.format === 'email' && !EMAIL.test(value)) errors.push({ path: here, message: 'must be an email address' });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push({ path: here, message: `must be >= ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) errors.push({ path: here, message: `must be <= ${schema.maximum}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({ path: here, message: `must have at least ${schema.minItems} items` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({ path: here, message: `must have at most ${schema.maxItems} items` });
    if (schema.items) value.forEach((item, i) => errors.push(...validateJson(schema.items as JsonSchema, item, `${path}/${i}`)));
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (record[name] === undefined) errors.push({ path: `${path}/${name}`, message: 'is required' });
    }
    for (const [name, fieldValue] of Object.entries(record)) {
      // Own properties only: a field named `constructor` or `__proto__` is not a declared field.
      const fieldSchema = schema.properties && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
      if (fieldSchema) errors.push(...validateJson(fieldSchema, fieldValue, `${path}/${name}`));
      else if (schema.additionalProperties === false) errors.push({ path: `${path}/${name}`, message: 'is not allowed' });
    }
  }
  return errors;
}
