import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CallAnalysis, RoleAnalytics } from '../analysis/call-analyser';
import type { Interval } from '../analysis/intervals';
import { ANALYSIS_VERSION } from '../analysis/version';
import type { StoredResult } from '../store/process-store';

/*
 * The result document. Roles are `agent` and `customer` for stereo calls and
 * `speaker1` for mono ones; times are seconds from the start of the call.
 * Outputs that need trained models (emotion, behaviour, kpi) are left out.
 */

export class IntervalDto {
  @ApiProperty({ example: 8.01, description: 'Start, seconds from the start of the call' })
  st: number;

  @ApiProperty({ example: 12.09, description: 'End, seconds from the start of the call' })
  et: number;
}

/** One number per role; the unit is the field's that holds it. */
export class RoleNumbersDto {
  @ApiPropertyOptional({ example: 12.14, description: 'Stereo calls only' })
  agent?: number;

  @ApiPropertyOptional({ example: 8.42, description: 'Stereo calls only' })
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

  @ApiProperty({ example: 7, description: 'Turns between roles (count)' })
  speakerchanges: number;

  @ApiProperty({ example: 1, description: 'Beeps heard (count); see analytics.beeps' })
  numbeepfound: number;

  @ApiProperty({ example: 2, description: 'Ringback and ringing tones heard (count); see analytics.rings' })
  numringfound: number;

  @ApiProperty({ type: RoleNumbersDto, example: { agent: 0, customer: 1 }, description: 'Channel index of each role' })
  id: RoleNumbersDto;

  @ApiProperty({ type: VadDto, description: 'Talk time per role (summed utterances), overlap and silence, in seconds' })
  vad: VadDto;

  @ApiProperty({ type: RoleNumbersDto, example: { agent: 4, customer: 4 }, description: 'Utterances per role (count)' })
  utterances: RoleNumbersDto;

  @ApiPropertyOptional({
    type: 'boolean',
    enum: [true],
    example: true,
    description:
      'Present (true) when a 2-channel file carries one signal on both channels (mono copied to both: correlation ≥ 0.98, levels within 6 dB over the call); ' +
      'the call is then analysed as one speaker, `speaker1`, as a mono call is',
  })
  dualMono?: true;
}

export class DiarizationDto {
  @ApiPropertyOptional({ type: [IntervalDto], description: 'Stereo calls only' })
  agent?: IntervalDto[];

  @ApiPropertyOptional({ type: [IntervalDto], description: 'Stereo calls only' })
  customer?: IntervalDto[];

  @ApiPropertyOptional({ type: [IntervalDto], description: 'Mono calls only' })
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
  @ApiProperty({ example: 92.6, description: 'Median fundamental frequency of voiced frames, Hz' })
  medianHz: number;

  @ApiProperty({ example: 80.2, description: '10th percentile of the fundamental frequency, Hz' })
  p10Hz: number;

  @ApiProperty({ example: 104.9, description: '90th percentile of the fundamental frequency, Hz' })
  p90Hz: number;

  @ApiProperty({ example: 1.82, description: 'Spread of the voiced pitch in semitones (10th–90th percentile range / 2.56)' })
  variabilitySemitones: number;
}

export class QualityDto {
  @ApiProperty({ example: 0, description: 'Share of samples at full scale (0-1)' })
  clippingRatio: number;

  @ApiPropertyOptional({ example: 41.5, description: 'Speech power over the power between words, dB' })
  snrDb?: number;
}

export class KeypadToneDto {
  @ApiProperty({ example: 41.32, description: 'Start of the tone, seconds' })
  t: number;

  @ApiProperty({ example: 0.085, description: 'Length of the tone, seconds' })
  duration: number;

  @ApiPropertyOptional({
    enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'],
    description: 'The key pressed; only when the service keeps keys (DTMF_DIGITS=true), since callers key card numbers and PINs',
  })
  digit?: string;
}

export class KeypadTonesDto {
  @ApiProperty({ example: 16, description: 'Keypad tones (DTMF, ITU-T Q.23) heard on this role\'s channel' })
  count: number;

  @ApiProperty({ type: [KeypadToneDto] })
  tones: KeypadToneDto[];
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
  @ApiProperty({ example: 0, description: "Index of the role's channel in the file (0 or 1)" })
  channel: number;

  @ApiProperty({ example: 12.14, description: 'Seconds this role talks (its utterances summed)' })
  talkTime: number;

  @ApiProperty({ example: 0.59, description: 'Share of all talk time (0-1)' })
  talkShare: number;

  @ApiProperty({ example: 4.09, description: 'Longest stretch of this role talking with no turn of the other, seconds' })
  longestMonologue: number;

  @ApiProperty({ example: 0, description: 'How often this role interrupted the other (count)' })
  interruptions: number;

  @ApiPropertyOptional({ type: LoudnessDto })
  loudness?: LoudnessDto;

  @ApiPropertyOptional({ type: PitchDto, description: 'Left out when too few voiced frames were heard' })
  pitch?: PitchDto;

  @ApiProperty({ type: QualityDto })
  quality: QualityDto;

  @ApiPropertyOptional({ type: KeypadTonesDto, description: 'Keypad tones (DTMF): neither talk nor beeps. Left out of results of analysis version 1' })
  dtmf?: KeypadTonesDto;

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
  @ApiProperty({ example: 23.46, description: 'When the interrupting utterance starts, seconds from the start of the call' })
  t: number;

  @ApiProperty({ enum: ['agent', 'customer'], example: 'customer', description: 'The role that interrupted' })
  by: string;

  @ApiProperty({ enum: ['agent', 'customer'], example: 'agent', description: 'The role interrupted' })
  of: string;

  @ApiProperty({ example: 1.22, description: 'Seconds both talked after the interruption' })
  overlap: number;
}

export class SilencesDto {
  @ApiProperty({ example: 2, description: 'Only silences longer than this many seconds are listed' })
  minimumSeconds: number;

  @ApiProperty({ example: 2, description: 'Silences listed (count)' })
  count: number;

  @ApiProperty({ example: 10.36, description: 'Seconds of the silences listed' })
  total: number;

  @ApiProperty({ example: 8.01, description: 'Seconds of the longest silence' })
  longest: number;

  @ApiProperty({ example: 8.01, description: 'Seconds before the first word' })
  leadIn: number;

  @ApiProperty({ type: [IntervalDto], description: 'Each silence longer than minimumSeconds' })
  list: IntervalDto[];
}

export class BeepDto {
  @ApiProperty({ example: 7.2, description: 'Start, seconds from the start of the call' })
  t: number;

  @ApiProperty({ example: 0.42, description: 'Length, seconds' })
  duration: number;

  @ApiProperty({ example: 1000, description: 'Frequency of the tone, Hz' })
  frequency: number;
}

export class RingDto {
  @ApiProperty({ example: 0.54, description: 'Start, seconds from the start of the call' })
  t: number;

  @ApiProperty({ example: 1.98, description: 'Length, seconds (a UK double ring counts once)' })
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

export class ResultLinksDto {
  @ApiProperty({
    example: '/shared/client/1/process/42/timeline.svg?expires=1778751000&signature=mB3v0c1X8q1VYpnt2fRk6hVbqk0Ew7bJ3xv5iYc9Q2s',
    description:
      'A picture of the call (SVG): who spoke when, overlaps, interruptions, non-speech sound, holds, silences, beeps and rings. A signed link a browser opens without a token, valid for LINK_TTL_SECONDS (one hour by default); read the result again for a fresh one. Relative to the API\'s base URL',
  })
  timeline: string;
}

/** Call-level results. An output that cannot be estimated is left out, never faked. */
export class ResultDto {
  @ApiProperty({ type: BasicResultDto })
  basic: BasicResultDto;

  @ApiProperty({ type: CoreResultDto })
  core: CoreResultDto;

  @ApiProperty({ type: AnalyticsDto, description: 'Our own measurements, beside the Oliver blocks' })
  analytics: AnalyticsDto;

  @ApiProperty({ type: ResultLinksDto, description: 'Where to find what is drawn from these results (ours)' })
  links: ResultLinksDto;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: ANALYSIS_VERSION,
    description: 'Version of the analysis that made this result (ours): 1 for results stored before versions were kept; 2 adds keypad tones (DTMF); 3 decides speech with a neural voice-activity model (Silero VAD) and adds non-speech sound and holds; 4 counts background speech far under the talker (office babble) as non-speech sound, not talk, and analyses dual mono as one speaker; 5 finds background speech down to 10 dB under the talker; 6 starts the speech model afresh after each break in the sound',
  })
  analysisVersion: number;
}

/*
 * The one mapping from the analysis's measurements to the wire. Every
 * literal lists every field of its DTO (`satisfies Listed<…>`), and `Mirror`
 * below fails to compile when a measurement has no wire field or a wire
 * field no measurement.
 */

/** Every key of T, each written out; an optional one may be undefined. */
type Listed<T> = { [K in keyof Required<T>]: Required<T>[K] | undefined };

/** The fields of a T, every one written out; those undefined are left out, as the wire leaves out what was not measured. */
function listed<T extends object>(fields: Listed<T>): T {
  const record = fields as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return fields as T;
}

type KeyDrift<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;

/**
 * `true` when A and B have the same keys all the way down (arrays compared by
 * their elements); otherwise a union that also holds `{ unmatchedKeys }` or
 * `{ arrayOnOneSideOnly }`, which `Assert` refuses.
 */
export type Mirror<A, B> = [A] extends [readonly (infer EA)[]]
  ? [B] extends [readonly (infer EB)[]]
    ? Mirror<EA, EB>
    : { arrayOnOneSideOnly: B }
  : [A] extends [object]
    ? [KeyDrift<A, B>] extends [never]
      ? true | { [K in keyof A & keyof B]-?: Mirror<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B]
      : { unmatchedKeys: KeyDrift<A, B> }
    : true;

export type Assert<T extends true> = T;

/** What the wire adds to the measurements: links and the version. */
type WireOnly = 'links' | 'analysisVersion';
// Fails to compile when the measurements and the wire drift apart.
export type MeasurementsMirrorWire = Assert<Mirror<CallAnalysis, Omit<ResultDto, WireOnly>>>;

const interval = (i: Interval) => listed<IntervalDto>({ st: i.st, et: i.et });

const roleNumbers = (n: Partial<Record<'agent' | 'customer' | 'speaker1', number>>) =>
  listed<RoleNumbersDto>({ agent: n.agent, customer: n.customer, speaker1: n.speaker1 });

function mapRole(r: RoleAnalytics, version: number): RoleAnalyticsDto {
  return listed<RoleAnalyticsDto>({
    channel: r.channel,
    talkTime: r.talkTime,
    talkShare: r.talkShare,
    longestMonologue: r.longestMonologue,
    interruptions: r.interruptions,
    loudness: r.loudness && listed<LoudnessDto>({ meanDbfs: r.loudness.meanDbfs, p95Dbfs: r.loudness.p95Dbfs }),
    pitch: r.pitch && listed<PitchDto>({ medianHz: r.pitch.medianHz, p10Hz: r.pitch.p10Hz, p90Hz: r.pitch.p90Hz, variabilitySemitones: r.pitch.variabilitySemitones }),
    quality: listed<QualityDto>({ clippingRatio: r.quality.clippingRatio, snrDb: r.quality.snrDb }),
    // Version 1 did not listen for keypad tones: their count is unknown, not 0.
    dtmf:
      version >= 2
        ? listed<KeypadTonesDto>({ count: r.dtmf.count, tones: r.dtmf.tones.map((t) => listed<KeypadToneDto>({ t: t.t, duration: t.duration, digit: t.digit })) })
        : undefined,
    // Before version 3 no speech model listened: the sound that is not speech is unknown.
    nonSpeech:
      version >= 3
        ? listed<NonSpeechDto>({ seconds: r.nonSpeech.seconds, minimumSeconds: r.nonSpeech.minimumSeconds, list: r.nonSpeech.list.map(interval) })
        : undefined,
  });
}

/** The result as the wire shows it, from a stored result and the (signed) link of its timeline. */
export function mapResult({ analysis: a, analysisVersion }: StoredResult, timeline: string): ResultDto {
  const { roles, silences: s } = a.analytics;
  const role = (r: RoleAnalytics | undefined) => r && mapRole(r, analysisVersion);
  const diarization = a.core.diarization;
  return listed<ResultDto>({
    basic: listed<BasicResultDto>({
      totalduration: a.basic.totalduration,
      speakerchanges: a.basic.speakerchanges,
      numbeepfound: a.basic.numbeepfound,
      numringfound: a.basic.numringfound,
      id: roleNumbers(a.basic.id),
      vad: listed<VadDto>({ agent: a.basic.vad.agent, customer: a.basic.vad.customer, speaker1: a.basic.vad.speaker1, overlap: a.basic.vad.overlap, silence: a.basic.vad.silence }),
      utterances: roleNumbers(a.basic.utterances),
      dualMono: a.basic.dualMono,
    }),
    core: listed<CoreResultDto>({
      diarization: listed<DiarizationDto>({ agent: diarization.agent?.map(interval), customer: diarization.customer?.map(interval), speaker1: diarization.speaker1?.map(interval) }),
    }),
    analytics: listed<AnalyticsDto>({
      roles: listed<RolesAnalyticsDto>({ agent: role(roles.agent), customer: role(roles.customer), speaker1: role(roles.speaker1) }),
      interruptions: a.analytics.interruptions.map((i) => listed<InterruptionDto>({ t: i.t, by: i.by, of: i.of, overlap: i.overlap })),
      silences: listed<SilencesDto>({ minimumSeconds: s.minimumSeconds, count: s.count, total: s.total, longest: s.longest, leadIn: s.leadIn, list: s.list.map(interval) }),
      beeps: a.analytics.beeps.map((b) => listed<BeepDto>({ t: b.t, duration: b.duration, frequency: b.frequency })),
      rings: a.analytics.rings.map((r) => listed<RingDto>({ t: r.t, duration: r.duration, type: r.type })),
      holds: a.analytics.holds && listed<HoldsDto>({ minimumSeconds: a.analytics.holds.minimumSeconds, count: a.analytics.holds.count, total: a.analytics.holds.total, list: a.analytics.holds.list.map(interval) }),
    }),
    links: listed<ResultLinksDto>({ timeline }),
    analysisVersion,
  });
}
