import { ApiProperty } from '@nestjs/swagger';

export class StatusChecksDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  database: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  queue: 'up' | 'down';
}

export class StatusDto {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' })
  status: 'ok' | 'degraded';

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ type: StatusChecksDto })
  checks: StatusChecksDto;
}
