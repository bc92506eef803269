/** Hz: calls are decoded to this rate for the analysis (telephone band, ITU-T G.711). */
export const ANALYSIS_SAMPLE_RATE = 8000;

/**
 * The V8 heap of an analysis thread. A call's analysis makes short-lived
 * garbage at a steady rate (about 100 MB per 10 minutes of stereo audio);
 * left to itself V8 grows the young generation the longer the call runs,
 * which alone made a 4-hour call's thread 25 MB larger than a 10-minute
 * one's. Held at 12 MB, the peak stays within a few MB from 10 minutes to 4
 * hours at no measurable cost in speed (npm run bench:analysis).
 */
export const ANALYSIS_THREAD_LIMITS = { maxYoungGenerationSizeMb: 6 };
