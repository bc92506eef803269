import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { badRequest } from '../common/api-errors';

class PositiveIdPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}

  transform(value: string): number {
    const id = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) {
      const message = `${this.name} must be a positive integer no larger than ${Number.MAX_SAFE_INTEGER}`;
      throw badRequest(`Invalid request: ${message}`, [{ field: this.name, message }]);
    }
    return id;
  }
}

/** A positive integer id in the path (`cid`, `pid`); unlike ParseIntPipe it refuses "1e3" and "-1". */
export const IdParam = (name: 'cid' | 'pid') => Param(name, new PositiveIdPipe(name));

export function ApiIdParams(...names: ('cid' | 'pid')[]) {
  return applyDecorators(
    ...names.map((name) =>
      ApiParam({
        name,
        schema: { type: 'integer', format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        description: name === 'cid' ? 'The client' : 'The process',
        example: name === 'cid' ? 7 : 1042,
      }),
    ),
  );
}
