/**
 * The version of the analysis, stored with every result it makes. Raised
 * whenever a measurement is added or removed or changes in method or meaning,
 * so that a stored result says which analysis made it.
 *
 * 1: every result stored before versions were kept.
 * 2: keypad tones (DTMF) per role; keypad tones are no longer talk.
 */
export const ANALYSIS_VERSION = 2;
