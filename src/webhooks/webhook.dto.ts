import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS } from './webhook-endpoints';

// A field's rules are listed last-checked first: class-validator reports them from the bottom up,
// and a client is told only the first one broken ("url is required", not a length).
export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/oliver', description: 'Where to POST events: http or https, on a public address (the URL guard of URL submissions applies)', maxLength: 2048 })
  @MaxLength(2048)
  @IsString()
  @IsDefined({ message: '$property is required' })
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS, example: ['process.completed', 'process.failed'], description: 'The events wanted: process.completed (status 2), process.failed (status -2), process.deleted' })
  @IsIn(WEBHOOK_EVENTS, { each: true })
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayMinSize(1, { message: `$property must list one or more of ${WEBHOOK_EVENTS.join(', ')}` })
  @IsArray({ message: '$property must be an array of event names' })
  @IsDefined({ message: '$property is required' })
  events: string[];
}

export class WebhookEndpointDto {
  @ApiProperty({ type: 'integer', format: 'int64', example: 3 })
  id: number;

  @ApiProperty({ example: 'https://crm.example.com/hooks/oliver' })
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS, example: ['process.completed'] })
  events: string[];

  @ApiProperty({ format: 'date-time', example: '2026-05-14T09:31:02.120Z' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Set when the receiver answered 410 Gone; nothing is sent until the endpoint is enabled again' })
  disabledAt?: string;

  @ApiPropertyOptional({ example: 'The receiver answered 410 Gone' })
  disabledReason?: string;

  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (Standard Webhooks `whsec_` form): only in the answer that made it (registration, rotation); keep it, it is never shown again',
  })
  secret?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'After a rotation: until when the previous secret still signs beside the new one (WEBHOOK_SECRET_OVERLAP_SECONDS)' })
  previousSecretValidUntil?: string;
}

export class DeliveryAttemptDto {
  @ApiProperty({ format: 'date-time', example: '2026-05-14T09:31:04.010Z' })
  at: string;

  @ApiPropertyOptional({ type: 'integer', example: 503, description: 'The receiver’s HTTP status; absent when none came' })
  statusCode?: number;

  @ApiProperty({ type: 'integer', example: 84, description: 'Milliseconds from sending to the answer or the failure' })
  latencyMs: number;

  @ApiPropertyOptional({ example: 'ECONNREFUSED', description: 'Why no answer came, or why the attempt was not made' })
  error?: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ type: 'integer', format: 'int64', example: 88 })
  id: number;

  @ApiProperty({ type: 'integer', format: 'int64', example: 3 })
  endpointId: number;

  @ApiProperty({ enum: WEBHOOK_EVENTS, example: 'process.completed' })
  event: string;

  @ApiProperty({ example: 'msg_2b0d3c6f1e6b4c55a0e8f5b1a3c9d7e2', description: 'The webhook-id header: the same on every attempt of this delivery' })
  webhookId: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], example: 'delivered', description: 'pending while attempts go on; failed once its retry window ended, the endpoint answered 410 or was disabled or removed' })
  state: string;

  @ApiProperty({ format: 'date-time', description: 'When the event happened' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'Attempts stop after this' })
  retryUntil: string;

  @ApiProperty({ type: [DeliveryAttemptDto] })
  attempts: DeliveryAttemptDto[];
}
