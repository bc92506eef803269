import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, FieldError } from './api-errors';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The query as the rules read it: a list spelt as PHP, jQuery and axios
 * spell it (`tag[]=a&tag[]=b`, `tag[0]=a`) is folded into its plain key, so
 * no known parameter is dropped for its form; an empty value (`agentId=`)
 * counts as absent.
 */
export function foldQuery(query: Record<string, unknown>): Record<string, unknown> {
  const folded = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(query)) {
    const name = /^([^[\]]+)\[\d*\]$/.exec(key)?.[1] ?? key;
    const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
    if (values.length > 0) folded.set(name, [...(folded.get(name) ?? []), ...values]);
  }
  return Object.fromEntries([...folded].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

/**
 * Query and path values arrive as strings; DTOs convert them explicitly with
 * @Transform, so implicit conversion stays off. Unknown query parameters are
 * dropped, not refused: Oliver clients send more than we read.
 */
class ApiValidationPipe extends ValidationPipe {
  /** Path ids have their own strict pipe; the stock number conversion would turn "1e3" into 1000 first. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return value;
    const query = metadata.type === 'query' && value && typeof value === 'object' ? foldQuery(value as Record<string, unknown>) : value;
    return super.transform(query, metadata);
  }
}

export const apiValidationPipe = () =>
  new ApiValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return badRequest(`Invalid request: ${details.map((d) => d.message).join('; ')}`, details);
    },
  });
