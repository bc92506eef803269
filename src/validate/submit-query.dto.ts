import { IsOptional, ValidateBy } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { normaliseCallTime } from './call-time';
import { isTimezone, parseTimezone, TimezoneParam } from './timezone';
import {
  ChoiceParam,
  GivenOnce,
  IntegerParam,
  JsonArrayParam,
  ListParam,
  OpaqueTextParam,
  QueryTransform,
  TextParam,
  withExample,
} from './query-params';

export const TEXT_MAX = 256;
export const META_MAX_BYTES = 10 * 1024;

function CallTimeParam() {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      description: withExample('When the call took place: ISO 8601 or MM/DD/YYYY HH:MM:SS, returned as ISO 8601', '05/14/2026 09:30:00'),
    }),
    IsOptional(),
    QueryTransform((value, query) => {
      if (typeof value !== 'string') return value;
      const timezone = parseTimezone(query.timezone);
      return normaliseCallTime(value, isTimezone(timezone) ? timezone : undefined) ?? { invalid: value };
    }),
    GivenOnce(),
    ValidateBy({
      name: 'callTime',
      validator: {
        validate: (v) => typeof v === 'string',
        defaultMessage: () => 'calltime must be an ISO 8601 time or MM/DD/YYYY HH:MM:SS',
      },
    }),
  );
}

/** Metadata of a call, sent in the query string of both submit routes. */
export class SubmitQueryDto {
  @ChoiceParam({ required: true, values: [1, 2], description: 'How many channels the audio holds', example: 2 })
  channels: number;

  @ChoiceParam({
    required: true,
    values: [1, 2],
    aliases: { incoming: 1, outgoing: 2 },
    description: '1 = incoming (to the agent), 2 = outgoing; also `incoming` / `outgoing`, any case',
    example: '1',
  })
  calldirection: number;

  @TextParam({ maxLength: TEXT_MAX, description: 'The agent', example: 'agent-042' })
  agentId?: string;

  @TextParam({ maxLength: TEXT_MAX, description: "The agent's team", example: 'retention' })
  agentTeam?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'The customer', example: 'cust-9001' })
  customerId?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'Customer indicator', example: 'gold' })
  customerInd?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'The campaign', example: 'spring-renewals' })
  campaignId?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'A name for this call', example: 'call-2026-05-14-0930' })
  name?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'Caller number (ANI)', example: '+302101234567' })
  ANI?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'Call type', example: 'support' })
  calltype?: string;

  @CallTimeParam()
  calltime?: string;

  @TimezoneParam()
  timezone?: number;

  @ListParam({ maxItems: 100, maxItemLength: TEXT_MAX, description: 'Tags', example: 'vip,renewal' })
  tag?: string[];

  @OpaqueTextParam({ maxBytes: META_MAX_BYTES, description: 'Opaque client text, often JSON', example: '{"crm":"A-17"}' })
  meta?: string;

  @TextParam({ maxLength: TEXT_MAX, description: 'Prediction mode, stored and echoed', example: 'full' })
  predictionmode?: string;

  @JsonArrayParam({ maxBytes: META_MAX_BYTES, description: 'JSON array of {name, options}, stored and echoed', example: '[{"name":"diarization"}]' })
  tasks?: string;

  @IntegerParam({ min: 0, max: 1, description: 'Which channel of a stereo file is the agent; default from server configuration', example: 0 })
  agentChannel?: number;
}

export class SubmitUrlQueryDto extends SubmitQueryDto {
  @TextParam({ required: true, maxLength: 2048, format: 'uri', description: 'http(s) address of the audio; the server downloads it', example: 'https://recordings.example.com/calls/9001.wav' })
  @ValidateBy({
    name: 'httpUrl',
    validator: {
      validate: (v) => {
        if (typeof v !== 'string') return false;
        try {
          const url = new URL(v);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'url must be an http or https address',
    },
  })
  url: string;
}
