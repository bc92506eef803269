import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'channels' })
  field: string;

  @ApiProperty({ example: 'channels must be 1 or 2' })
  message: string;
}

/** The contract's error body: clients read `message`. */
export class ApiErrorDto {
  @ApiProperty({ description: 'The HTTP status, repeated', example: 400 })
  code: number;

  @ApiProperty({ description: 'What went wrong, for a person', example: 'Invalid request: channels must be 1 or 2' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'One entry per invalid field, on validation errors' })
  details?: FieldErrorDto[];
}
