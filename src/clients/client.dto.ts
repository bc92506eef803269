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
}
