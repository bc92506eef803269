import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * The result document. Roles are `agent` and `customer` for stereo calls and
 * `speaker1` for mono ones; times are seconds from the start of the call.
 * Outputs that need trained models (emotion, behaviour, kpi) are left out.
 */

export class IntervalDto {
  @ApiProperty({ example: 8.01 })
  st: number;

  @ApiProperty({ example: 12.09 })
  et: number;
}

export class RoleNumbersDto {
  @ApiPropertyOptional({ example: 12.14 })
  agent?: number;

  @ApiPropertyOptional({ example: 8.42 })
  customer?: number;

  @ApiPropertyOptional({ description: 'Mono calls only' })
  speaker1?: number;
}

export class VadDto extends RoleNumbersDto {
  @ApiPropertyOptional({ example: 1.22, description: 'Seconds both roles talk (stereo only)' })
  overlap?: number;

  @ApiProperty({ example: 15.05, description: 'Seconds nobody talks' })
  silence: number;
}

export class BasicResultDto {
  @ApiProperty({ example: 34.392, description: 'Seconds of audio' })
  totalduration: number;

  @ApiProperty({ example: 7, description: 'Turns between roles' })
  speakerchanges: number;

  @ApiProperty({ example: 1 })
  numbeepfound: number;

  @ApiProperty({ example: 2 })
  numringfound: number;

  @ApiProperty({ type: RoleNumbersDto, example: { agent: 0, customer: 1 }, description: 'Channel index of each role' })
  id: RoleNumbersDto;

  @ApiProperty({ type: VadDto, description: 'Talk time per role (summed utterances), overlap and silence, in seconds' })
  vad: VadDto;

  @ApiProperty({ type: RoleNumbersDto, example: { agent: 4, customer: 4 }, description: 'Utterances per role' })
  utterances: RoleNumbersDto;
}

export class DiarizationDto {
  @ApiPropertyOptional({ type: [IntervalDto] })
  agent?: IntervalDto[];

  @ApiPropertyOptional({ type: [IntervalDto] })
  customer?: IntervalDto[];

  @ApiPropertyOptional({ type: [IntervalDto] })
  speaker1?: IntervalDto[];
}

export class CoreResultDto {
  @ApiProperty({ type: DiarizationDto, description: 'Every utterance per role' })
  diarization: DiarizationDto;
}

export class LoudnessDto {
  @ApiProperty({ example: -24.3, description: 'Mean level of speech frames, dBFS' })
  meanDbfs: number;

  @ApiProperty({ example: -17.9, description: '95th percentile level of speech frames, dBFS' })
  p95Dbfs: number;
}

export class PitchDto {
  @ApiProperty({ example: 92.6 })
  medianHz: number;

  @ApiProperty({ example: 80.2 })
  p10Hz: number;

  @ApiProperty({ example: 104.9 })
  p90Hz: number;

  @ApiProperty({ example: 1.82, description: 'Spread of the voiced pitch in semitones (10th–90th percentile range / 2.56)' })
  variabilitySemitones: number;
}

export class QualityDto {
  @ApiProperty({ example: 0, description: 'Share of samples at full scale' })
  clippingRatio: number;

  @ApiPropertyOptional({ example: 41.5, description: 'Speech power over the power between words, dB' })
  snrDb?: number;
}

export class NonSpeechDto {
  @ApiProperty({ example: 9.02, description: 'Seconds of sound above the noise floor that the speech model does not call speech: music, ringback, noise, typing' })
  seconds: number;

  @ApiProperty({ example: 2, description: 'Only stretches of at least this many seconds are listed' })
  minimumSeconds: number;

  @ApiProperty({ type: [IntervalDto], description: 'Stretches of steady non-speech sound (louder than -45 dBFS: comfort noise is silence), seconds from the start' })
  list: IntervalDto[];
}

export class RoleAnalyticsDto {
  @ApiProperty({ example: 0 })
  channel: number;

  @ApiProperty({ example: 12.14 })
  talkTime: number;

  @ApiProperty({ example: 0.59, description: 'Share of all talk time' })
  talkShare: number;

  @ApiProperty({ example: 4.09, description: 'Longest stretch of this role talking with no turn of the other' })
  longestMonologue: number;

  @ApiProperty({ example: 0, description: 'How often this role interrupted the other' })
  interruptions: number;

  @ApiPropertyOptional({ type: LoudnessDto })
  loudness?: LoudnessDto;

  @ApiPropertyOptional({ type: PitchDto, description: 'Left out when too few voiced frames were heard' })
  pitch?: PitchDto;

  @ApiProperty({ type: QualityDto })
  quality: QualityDto;

  @ApiPropertyOptional({ type: NonSpeechDto, description: 'Sound that is not speech; absent from results of calls analysed before the speech model' })
  nonSpeech?: NonSpeechDto;
}

export class RolesAnalyticsDto {
  @ApiPropertyOptional({ type: RoleAnalyticsDto })
  agent?: RoleAnalyticsDto;

  @ApiPropertyOptional({ type: RoleAnalyticsDto })
  customer?: RoleAnalyticsDto;

  @ApiPropertyOptional({ type: RoleAnalyticsDto })
  speaker1?: RoleAnalyticsDto;
}

export class InterruptionDto {
  @ApiProperty({ example: 23.46 })
  t: number;

  @ApiProperty({ example: 'customer' })
  by: string;

  @ApiProperty({ example: 'agent' })
  of: string;

  @ApiProperty({ example: 1.22, description: 'Seconds both talked after the interruption' })
  overlap: number;
}

export class SilencesDto {
  @ApiProperty({ example: 2, description: 'Only silences longer than this many seconds are listed' })
  minimumSeconds: number;

  @ApiProperty({ example: 2 })
  count: number;

  @ApiProperty({ example: 10.36 })
  total: number;

  @ApiProperty({ example: 8.01 })
  longest: number;

  @ApiProperty({ example: 8.01, description: 'Seconds before the first word' })
  leadIn: number;

  @ApiProperty({ type: [IntervalDto] })
  list: IntervalDto[];
}

export class BeepDto {
  @ApiProperty({ example: 7.2 })
  t: number;

  @ApiProperty({ example: 0.42 })
  duration: number;

  @ApiProperty({ example: 1000 })
  frequency: number;
}

export class RingDto {
  @ApiProperty({ example: 0.54 })
  t: number;

  @ApiProperty({ example: 1.98 })
  duration: number;

  @ApiProperty({ enum: ['us', 'uk', 'eu'], description: 'us: 440+480 Hz, uk: 400+450 Hz, eu: 425 Hz' })
  type: string;
}

export class HoldsDto {
  @ApiProperty({ example: 5, description: 'A hold lasts at least this many seconds' })
  minimumSeconds: number;

  @ApiProperty({ example: 1 })
  count: number;

  @ApiProperty({ example: 9.02, description: 'Seconds on hold' })
  total: number;

  @ApiProperty({ type: [IntervalDto], description: 'Seconds from the start' })
  list: IntervalDto[];
}

export class AnalyticsDto {
  @ApiProperty({ type: RolesAnalyticsDto })
  roles: RolesAnalyticsDto;

  @ApiProperty({ type: [InterruptionDto], description: 'A speaker starts while the other is mid-utterance and both talk at least 0.3 s' })
  interruptions: InterruptionDto[];

  @ApiProperty({ type: SilencesDto })
  silences: SilencesDto;

  @ApiProperty({ type: [BeepDto], description: 'Single tones of 0.1–1.5 s' })
  beeps: BeepDto[];

  @ApiProperty({ type: [RingDto], description: 'Ringback and ringing tones' })
  rings: RingDto[];

  @ApiPropertyOptional({
    type: HoldsDto,
    description: "Stereo calls: the agent's channel carries non-speech sound (hold music) for at least 5 s while the customer does not talk. Absent from mono calls and from results analysed before the speech model",
  })
  holds?: HoldsDto;
}

/** Call-level results. An output that cannot be estimated is left out, never faked. */
export class ResultLinksDto {
  @ApiProperty({ example: '/client/1/process/42/timeline.svg', description: 'A picture of the call (SVG): who spoke when, overlaps, interruptions, non-speech sound, holds, silences, beeps and rings' })
  timeline: string;
}

export class ResultDto {
  @ApiProperty({ type: BasicResultDto })
  basic: BasicResultDto;

  @ApiProperty({ type: CoreResultDto })
  core: CoreResultDto;

  @ApiProperty({ type: AnalyticsDto, description: 'Our own measurements, beside the Oliver blocks' })
  analytics: AnalyticsDto;

  @ApiProperty({ type: ResultLinksDto, description: 'Where to find what is drawn from these results (ours)' })
  links: ResultLinksDto;
}
