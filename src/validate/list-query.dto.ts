import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { ChoiceParam, GivenOnce, IntegerParam, QueryTransform, TextParam, withExample } from './query-params';
import { TEXT_MAX } from './submit-query.dto';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Epoch milliseconds of an ISO 8601 date or time; UTC when it names no offset. */
function parseInstant(text: string): number | undefined {
  if (!ISO_INSTANT.test(text)) return undefined;
  const zoned = text.length === 10 ? `${text}T00:00:00Z` : /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
  const instant = Date.parse(zoned);
  return Number.isNaN(instant) ? undefined : instant;
}

function InstantParam(description: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', format: 'date-time', description: withExample(description, '2026-05-14T00:00:00Z') }),
    IsOptional(),
    QueryTransform((value) => (typeof value === 'string' ? (parseInstant(value) ?? { invalid: value }) : value)),
    GivenOnce(),
    ValidateBy({
      name: 'instant',
      validator: { validate: (v) => typeof v === 'number', defaultMessage: () => '$property must be an ISO 8601 time' },
    }),
  );
}

/** Filters and paging of the process list (ours, on top of the plain array). */
export class ListProcessesQueryDto {
  @IntegerParam({ min: 0, max: 1_000_000, description: 'Page number, from 0', example: 0 })
  page?: number;

  @IntegerParam({ min: 1, max: 1000, description: 'Processes per page (default 100)', example: 100 })
  pageSize?: number;

  @ChoiceParam({ values: [0, 1, 2, -1, -2], description: 'Only processes in this status', example: 2 })
  status?: number;

  @TextParam({ maxLength: TEXT_MAX, description: 'Only this agent', example: 'agent-042' })
  agentId?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'Only this campaign', example: 'spring-renewals' })
  campaignId?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'Only this customer', example: 'cust-9001' })
  customerId?: string;

  @InstantParam('Inserted at or after this time (ISO 8601; UTC when no offset is given)')
  from?: number;

  @InstantParam('Inserted at or before this time (ISO 8601; UTC when no offset is given)')
  to?: number;
}
