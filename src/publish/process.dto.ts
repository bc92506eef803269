import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A process as the Oliver wire shows it. Keys never set are left out, never null. */
export class ProcessDto {
  @ApiProperty({ type: 'integer', format: 'int64', example: 1042, description: 'The process id' })
  pid: number;

  @ApiProperty({ type: 'integer', format: 'int64', example: 1042, description: 'The same value as pid' })
  id: number;

  @ApiProperty({ type: 'integer', format: 'int64', example: 7 })
  cid: number;

  @ApiProperty({ enum: [0, 1, 2, -1, -2], example: 0, description: '0 pending, 1 processing, 2 completed, -1 failed for now (retried), -2 aborted' })
  status: number;

  @ApiProperty({ example: 'Pending', description: 'Pending, Processing, Processing Complete, or why it failed' })
  statusmsg: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100, example: 40, description: 'Percent done, while status is 1' })
  progress?: number;

  @ApiProperty({ example: 0, description: 'Seconds of audio; 0 until measured' })
  duration: number;

  @ApiProperty({ format: 'date-time', example: '2026-05-14T09:31:02.120Z', description: 'When the process was inserted' })
  datetime: string;

  @ApiProperty({ enum: [1, 2], example: 2, description: '1 url, 2 uploaded file' })
  mode: number;

  @ApiProperty({ example: 'call-9001.wav', description: 'Original file name or the URL' })
  source: string;

  @ApiProperty({ enum: [1, 2], example: 2 })
  channels: number;

  @ApiProperty({ enum: [1, 2], example: 1 })
  calldirection: number;

  @ApiPropertyOptional({ enum: [0, 1], example: 0, description: 'Which channel is the agent' })
  agentChannel?: number;

  @ApiPropertyOptional({ example: 'agent-042' })
  agentId?: string;

  @ApiPropertyOptional({ example: 'retention' })
  agentTeam?: string;

  @ApiPropertyOptional({ example: 'cust-9001' })
  customerId?: string;

  @ApiPropertyOptional({ example: 'gold' })
  customerInd?: string;

  @ApiPropertyOptional({ example: 'spring-renewals' })
  campaignId?: string;

  @ApiPropertyOptional({ example: 'call-2026-05-14-0930' })
  name?: string;

  @ApiPropertyOptional({ example: '+302101234567' })
  ANI?: string;

  @ApiPropertyOptional({ example: 'support' })
  calltype?: string;

  @ApiPropertyOptional({ example: '2026-05-14T09:30:00+02:00', description: 'ISO 8601' })
  calltime?: string;

  @ApiPropertyOptional({
    type: 'number',
    example: 5.5,
    description: 'UTC offset of the call in hours, as sent: a whole number is echoed as the same whole number, an offset with minutes in quarter hours (+05:30 as 5.5, +05:45 as 5.75, -03:30 as -3.5)',
  })
  timezone?: number;

  @ApiPropertyOptional({ type: [String], example: ['vip', 'renewal'] })
  tag?: string[];

  @ApiPropertyOptional({ example: '{"crm":"A-17"}' })
  meta?: string;

  @ApiPropertyOptional({ example: 'full' })
  predictionmode?: string;

  @ApiPropertyOptional({ example: '[{"name":"diarization"}]' })
  tasks?: string;
}
