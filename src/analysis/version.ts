/**
 * The version of the analysis, stored with every result it makes. Raised
 * whenever a measurement is added or removed or changes in method or meaning,
 * so that a stored result says which analysis made it.
 *
 * 1: every result stored before versions were kept.
 * 2: keypad tones (DTMF) per role; keypad tones are no longer talk.
 * 3: speech decided by a neural voice-activity model (Silero VAD v5) behind
 *    the energy gate; non-speech sound per role and holds on stereo calls.
 * 4: background speech far under the channel's talker (office babble) is
 *    non-speech sound, not talk; a stereo file whose channels carry one
 *    signal (dual mono) is analysed as one speaker (`basic.dualMono`).
 * 5: background speech is found down to 10 dB under the talker, and what it
 *    alone held in the model's speech (the first notes of hold music) is
 *    non-speech sound too.
 * 6: the speech model starts afresh after each break in the sound it hears
 *    (it carried its state across silences before), which also lets it score
 *    the stretches of sound side by side.
 */
export const ANALYSIS_VERSION = 6;
