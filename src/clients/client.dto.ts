import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A client's record; its token is never shown here. */
export class ClientDto {
  @ApiProperty({ type: 'integer', format: 'int64', example: 7 })
  cid: number;

  @ApiProperty({ example: 'Acme' })
  name: string;

  @ApiProperty({ format: 'date-time', example: '2026-05-14T09:00:00.000Z' })
  created: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the client was disabled' })
  disabled?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Days the audio of a settled call is kept (0: kept); left out when the service default applies' })
  audioRetentionDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Days the result of a completed call is kept (0: kept); left out when results are kept until the process is deleted' })
  resultRetentionDays?: number;
}
