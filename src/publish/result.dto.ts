import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BasicResultDto {
  @ApiProperty({ example: 183.4, description: 'Seconds of audio' })
  totalduration: number;

  @ApiPropertyOptional({ example: 24, description: 'Turns between roles' })
  speakerchanges?: number;

  @ApiPropertyOptional({ example: 1 })
  numbeepfound?: number;

  @ApiPropertyOptional({ example: 2 })
  numringfound?: number;

  @ApiPropertyOptional({ example: { agent: 0, customer: 1 }, description: 'Channel index of each role' })
  id?: Record<string, number>;

  @ApiPropertyOptional({ example: { agent: 71.2, customer: 64.8, overlap: 3.1, silence: 50.5 }, description: 'Seconds: talk time per role, both talking, nobody talking' })
  vad?: Record<string, number>;

  @ApiPropertyOptional({ example: { agent: 14, customer: 12 }, description: 'Utterances per role' })
  utterances?: Record<string, number>;
}

/** Call-level results. An output that cannot be estimated is left out, never faked. */
export class ResultDto {
  @ApiProperty({ type: BasicResultDto })
  basic: BasicResultDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Diarization: every utterance as {st, et} per role' })
  core?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Our measurements: talk share, loudness, pitch, interruptions, silences, tones, sound quality' })
  analytics?: Record<string, unknown>;
}
