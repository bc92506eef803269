import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { badRequest } from '../common/api-errors';
import { withExample } from './query-params';

/** A path id as a number, or a 400 naming the parameter; unlike ParseIntPipe it refuses "1e3" and "-1". */
/** The ids of paths: client, process, webhook endpoint, delivery. */
export type IdName = 'cid' | 'pid' | 'wid' | 'did';

const DESCRIPTIONS: Record<IdName, [string, number]> = { cid: ['The client', 7], pid: ['The process', 1042], wid: ['The webhook endpoint', 3], did: ['The webhook delivery', 88] };

export function parsePositiveId(name: IdName, value: string): number {
  const id = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    const message = `${name} must be a positive integer no larger than ${Number.MAX_SAFE_INTEGER}`;
    throw badRequest(`Invalid request: ${message}`, [{ field: name, message }]);
  }
  return id;
}

class PositiveIdPipe implements PipeTransform<string, number> {
  constructor(private readonly name: IdName) {}

  transform(value: string): number {
    return parsePositiveId(this.name, value);
  }
}

/** A positive integer id in the path (`cid`, `pid`, `wid`, `did`). */
export const IdParam = (name: IdName) => Param(name, new PositiveIdPipe(name));

export function ApiIdParams(...names: IdName[]) {
  return applyDecorators(
    ...names.map((name) =>
      ApiParam({
        name,
        schema: { type: 'integer', format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        description: withExample(...DESCRIPTIONS[name]),
      }),
    ),
  );
}
