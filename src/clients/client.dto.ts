import { ApiProperty } from '@nestjs/swagger';

export class ClientDto {
  @ApiProperty({ type: 'integer', format: 'int64', example: 7 })
  cid: number;
}
