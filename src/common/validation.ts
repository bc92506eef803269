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
 * Query and path values arrive as strings; DTOs convert them explicitly with
 * @Transform, so implicit conversion stays off. Unknown query parameters are
 * dropped, not refused: Oliver clients send more than we read.
 */
class ApiValidationPipe extends ValidationPipe {
  /** Path ids have their own strict pipe; the stock number conversion would turn "1e3" into 1000 first. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return metadata.type === 'param' ? value : super.transform(value, metadata);
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
