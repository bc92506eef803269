import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROCESS_EVENT_TYPES } from '../events/process-events';
import type { ProcessEventEntity } from '../events/process-event.entity';

/** One step in a process's life. */
export class HistoryStepDto {
  @ApiProperty({ enum: PROCESS_EVENT_TYPES, example: 'process.started' })
  event: string;

  @ApiProperty({ format: 'date-time', example: '2026-05-14T09:31:02.480Z', description: 'When it happened' })
  at: string;

  @ApiProperty({ example: 0.36, description: 'Seconds since the process was received' })
  seconds: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { duration: 93.5 },
    description: 'What the step adds: `reason` (retrying, failed), `duration` in seconds (completed), `deliveryId`, `statusCode`, `latencyMs`, `error` (webhook.attempted)',
  })
  detail?: Record<string, unknown>;
}

/** Where a process's time went: each transition, in order. */
export class ProcessHistoryDto {
  @ApiProperty({ type: 'integer', format: 'int64', example: 1042 })
  pid: number;

  @ApiProperty({ type: [HistoryStepDto] })
  steps: HistoryStepDto[];
}

export function presentHistory(pid: number, createdAt: number, events: ProcessEventEntity[]): ProcessHistoryDto {
  return {
    pid,
    steps: events.map((event) => {
      const step: HistoryStepDto = { event: event.type, at: new Date(event.at).toISOString(), seconds: Math.max(0, event.at - createdAt) / 1000 };
      if (event.data) step.detail = JSON.parse(event.data) as Record<string, unknown>;
      return step;
    }),
  };
}
