/** Hz: calls are decoded to this rate for the analysis (telephone band, ITU-T G.711). */
export const ANALYSIS_SAMPLE_RATE = 8000;

/**
 * The V8 heap of an analysis thread. A call's analysis makes short-lived
 * garbage at a steady rate (about 60 MB per 10 minutes of stereo audio);
 * left to itself V8 grows the young generation the longer the call runs.
 * Held at 6 MB, the thread's peak RSS measured 68 MiB for a 10-minute call
 * and 78 for a 4-hour one (73 and 88 unheld), with no difference in speed
 * beyond the noise of repeated runs (npm run bench:analysis).
 */
export const ANALYSIS_THREAD_LIMITS = { maxYoungGenerationSizeMb: 6 };
