import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { badRequest, FieldError } from './api-errors';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // The first rule broken is the one to mend: a missing value is only "required", a repeated one
    // only "given once" (rules are checked in the order each parameter's decorator lists them).
    const own = Object.values(error.constraints ?? {}).slice(0, 1).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The query as the rules read it: a list spelt as PHP, jQuery and axios
 * spell it (`tag[]=a&tag[]=b`, `tag[0]=a`) is folded into its plain key, so
 * no known parameter is dropped for its form; an empty value (`agentId=`)
 * counts as absent. A known parameter with a name in its brackets
 * (`agentId[a]=x`, `channels[x][y]=1`, an object to PHP) is refused by name:
 * which value it means is a guess, and dropping it would lose what was sent.
 * @param known the parameters the route reads
 */
export function foldQuery(query: Record<string, unknown>, known: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const folded = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(query)) {
    const named = /^([^[\]]+)\[(?!\d*\]$)/.exec(key)?.[1];
    if (named !== undefined && known.has(named)) {
      throw badRequest(`${named} is sent as ${key}: a name inside the brackets is not read; send ${named}=…`, [
        { field: named, message: `a name inside the brackets (${key}) is not read` },
      ]);
    }
    const name = /^([^[\]]+)\[\d*\]$/.exec(key)?.[1] ?? key;
    const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
    if (values.length > 0) folded.set(name, [...(folded.get(name) ?? []), ...values]);
  }
  return Object.fromEntries([...folded].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

/** The query parameters a DTO reads: every property with a rule. */
function parametersOf(metatype: Type<unknown> | undefined): Set<string> {
  if (!metatype) return new Set();
  return new Set(getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false).map((m) => m.propertyName));
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
    const query = metadata.type === 'query' && value && typeof value === 'object' ? foldQuery(value as Record<string, unknown>, parametersOf(metadata.metatype)) : value;
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
