import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsOptional, ValidateBy, ValidationOptions } from 'class-validator';

/*
 * Composite decorators: one line per query parameter puts its conversion,
 * its validation and its OpenAPI description together. Query values arrive
 * as strings (or arrays of strings when repeated) and are converted here,
 * explicitly; anything that does not convert is kept as it came so the
 * validator can name it.
 */

/** A parameter that came more than once (`?a=1&a=2`), kept apart from lists we build ourselves. */
class Repeated {
  constructor(readonly values: unknown[]) {}
}

interface ParamDoc {
  description: string;
  /** Shown in the description, never as the OpenAPI `example` (see {@link withExample}). */
  example?: unknown;
  required?: boolean;
}

/**
 * A parameter's description with its example in words. Swagger UI puts a
 * parameter's OpenAPI `example` into "Try it out" as a value that is sent
 * (fake metadata stored, a used Idempotency-Key); the description is what it
 * shows as the empty field's placeholder.
 */
export const withExample = (description: string, example: unknown) =>
  example === undefined ? description : `${description}. Example: ${String(example)}`;

const presence = (doc: ParamDoc, schema: Record<string, unknown>) => {
  const description = withExample(String(schema.description ?? doc.description), doc.example);
  const swagger = doc.required
    ? ApiProperty({ ...schema, description })
    : ApiPropertyOptional({ ...schema, description });
  const required = doc.required ? IsDefined({ message: '$property is required' }) : IsOptional();
  return [swagger, required];
};

/**
 * The one conversion of a query parameter: a repeated one is set aside for
 * GivenOnce to name, a single one goes through `convert`.
 */
export const QueryTransform = (convert: (value: unknown, query: Record<string, unknown>) => unknown = (v) => v) =>
  Transform(({ value, obj }) => (Array.isArray(value) ? new Repeated(value) : convert(value, obj as Record<string, unknown>)));

export const GivenOnce = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'givenOnce',
      validator: { validate: (v) => !(v instanceof Repeated), defaultMessage: () => '$property must be given only once' },
    },
    options,
  );

/** A rule for one value; a repeated parameter is left to GivenOnce to name. */
export const check = (name: string, test: (value: unknown) => boolean, message: string) =>
  ValidateBy({ name, validator: { validate: (v) => v instanceof Repeated || test(v), defaultMessage: () => message } });

/** PostgreSQL cannot store NUL in text, and no honest client sends one. */
const NoNul = () => check('noNul', (v) => typeof v !== 'string' || !v.includes('\u0000'), '$property must not contain NUL characters');

const INTEGER = /^[+-]?\d{1,15}$/;
export const parseInteger = (value: unknown): unknown =>
  typeof value === 'string' && INTEGER.test(value.trim()) ? Number(value.trim()) : value;

export function IntegerParam(doc: ParamDoc & { min: number; max: number }) {
  return applyDecorators(
    ...presence(doc, { type: 'integer', minimum: doc.min, maximum: doc.max }),
    GivenOnce(),
    QueryTransform(parseInteger),
    check(
      'integerInRange',
      (v) => Number.isInteger(v) && (v as number) >= doc.min && (v as number) <= doc.max,
      `$property must be an integer from ${doc.min} to ${doc.max}`,
    ),
  );
}

/** An integer parameter that may also be spelled as a word (`incoming` = 1). */
export function ChoiceParam(doc: ParamDoc & { values: number[]; aliases?: Record<string, number> }) {
  const aliases = doc.aliases ?? {};
  const spelled = [...doc.values.map(String), ...Object.keys(aliases)].join(', ');
  return applyDecorators(
    // The number, or with aliases also a word (or the number as text): typed clients may send either.
    ...presence(doc, Object.keys(aliases).length
      ? { oneOf: [{ type: 'integer', enum: doc.values }, { type: 'string', enum: [...doc.values.map(String), ...Object.keys(aliases)] }] }
      : { type: 'integer', enum: doc.values }),
    GivenOnce(),
    QueryTransform((value) => {
      if (typeof value !== 'string') return value;
      const word = value.trim().toLowerCase();
      return word in aliases ? aliases[word] : parseInteger(value);
    }),
    check('choice', (v) => doc.values.includes(v as number), `$property must be one of ${spelled}`),
  );
}

export function TextParam(doc: ParamDoc & { maxLength: number; format?: string }) {
  return applyDecorators(
    ...presence(doc, { type: 'string', maxLength: doc.maxLength, format: doc.format }),
    QueryTransform(),
    GivenOnce(),
    check('text', (v) => typeof v === 'string', '$property must be text'),
    NoNul(),
    check('maxLength', (v) => typeof v === 'string' && v.length <= doc.maxLength, `$property must be at most ${doc.maxLength} characters`),
  );
}

/** Text bounded by its UTF-8 size, for opaque client payloads. */
export function OpaqueTextParam(doc: ParamDoc & { maxBytes: number }) {
  return applyDecorators(
    ...presence(doc, { type: 'string', maxLength: doc.maxBytes }),
    QueryTransform(),
    GivenOnce(),
    check('text', (v) => typeof v === 'string', '$property must be text'),
    NoNul(),
    check(
      'maxBytes',
      (v) => typeof v === 'string' && Buffer.byteLength(v, 'utf8') <= doc.maxBytes,
      `$property must be at most ${doc.maxBytes} bytes`,
    ),
  );
}

export function JsonArrayParam(doc: ParamDoc & { maxBytes: number }) {
  const isJsonArray = (v: unknown) => {
    if (typeof v !== 'string') return false;
    try {
      return Array.isArray(JSON.parse(v));
    } catch {
      return false;
    }
  };
  return applyDecorators(
    OpaqueTextParam(doc),
    check('jsonArray', isJsonArray, '$property must be a JSON array, e.g. [{"name":"diarization"}]'),
  );
}

/** A list: comma-separated, repeated (`tag=a&tag=b`) or in brackets (`tag[]=a&tag[]=b`), or any mix. */
export function ListParam(doc: ParamDoc & { maxItems: number; maxItemLength: number }) {
  return applyDecorators(
    ...presence(doc, { type: 'string', description: `${doc.description} (comma-separated; \`tag=a&tag=b\` and \`tag[]=a&tag[]=b\` also read)` }),
    Transform(({ value }: { value: unknown }) =>
      value === undefined
        ? value
        : (Array.isArray(value) ? value : [value]).flatMap((item) =>
            typeof item === 'string' ? item.split(',').map((t) => t.trim()).filter((t) => t.length > 0) : [item],
          ),
    ),
    check(
      'list',
      (v) => Array.isArray(v) && v.length <= doc.maxItems && v.every((t) => typeof t === 'string' && t.length <= doc.maxItemLength && !t.includes('\u0000')),
      `$property must be a comma-separated list of at most ${doc.maxItems} items of at most ${doc.maxItemLength} characters`,
    ),
  );
}
