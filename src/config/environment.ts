import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isIP } from 'node:net';
import { SPEECH_MODEL_FILE } from '../analysis/speech-model-file';

export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of TRUST_PROXY's list: an address, a CIDR range, or a name Express knows. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const v = value.trim();
    return /^(true|false|\d{1,2})$/.test(v) || v.split(',').every((entry) => isProxyEntry(entry.trim()));
  }

  defaultMessage(): string {
    return 'TRUST_PROXY must be true, false, a hop count, or comma-separated addresses, CIDR ranges or loopback, linklocal, uniquelocal';
  }
}

/** TRUST_PROXY as Express's "trust proxy" setting takes it. */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * Every setting the service reads, with its default. The README's table of
 * variables mirrors this class.
 */
export class Environment {
  @IsIn(ROLES)
  ROLE: Role = 'all';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString() @MinLength(1)
  HOST = '0.0.0.0';

  /** postgres://… switches from the embedded SQLite database to PostgreSQL. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  @IsString() @MinLength(1)
  SQLITE_PATH = './data/oliver.sqlite';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix in Redis, so several deployments can share one Redis. */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, ":", "_" or "-"' })
  QUEUE_PREFIX = 'oliver';

  /**
   * The audio store's folder when STORAGE_URL is unset. With STORAGE_URL on
   * s3://, the local work folder: URL downloads and the copies the decoder reads.
   */
  @IsString() @MinLength(1)
  STORAGE_DIR = './data/audio';

  /**
   * Where the audio is kept: file:///var/lib/oliver/audio (a local folder)
   * or s3://bucket/prefix (an S3-compatible bucket; endpoint, region and
   * credentials from the standard AWS settings). Unset: the folder STORAGE_DIR.
   */
  @IsOptional() @Matches(/^(file:\/\/\/.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?)$/, {
    message: 'STORAGE_URL must be file:///absolute/folder or s3://bucket[/prefix]',
  })
  STORAGE_URL?: string;

  /** The S3 endpoint (an S3-compatible server); unset for AWS itself. AWS_ENDPOINT_URL_S3 wins when both are set. */
  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'AWS_ENDPOINT_URL must be an http:// or https:// URL' })
  AWS_ENDPOINT_URL?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'AWS_ENDPOINT_URL_S3 must be an http:// or https:// URL' })
  AWS_ENDPOINT_URL_S3?: string;

  /** The bucket's region; S3-compatible servers mostly accept any. */
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'AWS_REGION must be a region name such as eu-west-1' })
  AWS_REGION = 'us-east-1';

  /** Bucket in the URL's path rather than in its host name, as most S3-compatible servers (MinIO, Ceph) want. */
  @Transform(toBool) @IsIn([true, false], { message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE = false;

  /** Flush every stored upload to the disk before answering 200. */
  @Transform(toBool) @IsIn([true, false], { message: 'STORAGE_FSYNC must be true or false' })
  STORAGE_FSYNC = true;

  @Transform(toInt) @IsInt() @Min(1)
  MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

  /** Below this many free bytes in STORAGE_DIR, /health/ready answers 503. */
  @Transform(toInt) @IsInt() @Min(0)
  MIN_FREE_DISK_BYTES = 1024 ** 3;

  @IsString() @MinLength(1)
  FFMPEG_PATH = 'ffmpeg';

  /** ffmpeg's prober, which the upload check asks about formats its own readers do not know. */
  @IsString() @MinLength(1)
  FFPROBE_PATH = 'ffprobe';

  /** Time limit of one ffprobe run, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(100)
  PROBE_TIMEOUT_MS = 20_000;

  /** The Silero VAD v5 ONNX file; the worker refuses to start if it cannot load it. */
  @IsString() @MinLength(1)
  SPEECH_MODEL_PATH = SPEECH_MODEL_FILE;

  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  WORKER_CONCURRENCY = 1;

  /** Port where a ROLE=worker process serves /metrics (it has no API to serve them); none when unset. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  WORKER_METRICS_PORT?: number;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  JOB_ATTEMPTS = 5;

  @Transform(toInt) @IsInt() @Min(0)
  JOB_BACKOFF_MS = 5000;

  /** How often a worker checks that the process it analyses was not cancelled or deleted meanwhile (ms). */
  @Transform(toInt) @IsInt() @Min(100)
  CANCEL_CHECK_INTERVAL_MS = 1000;

  @Transform(toInt) @IsInt() @Min(1)
  DECODE_TIMEOUT_SECONDS = 1800;

  /** A worker's hold on a job, renewed while it works; a crashed worker's job moves on within about twice this. */
  @Transform(toInt) @IsInt() @Min(1000)
  JOB_LOCK_MS = 30_000;

  /** Longest call accepted, in seconds. */
  @Transform(toInt) @IsInt() @Min(1)
  MAX_CALL_SECONDS = 4 * 3600;

  @Transform(toInt) @IsInt() @Min(100)
  QUEUE_TIMEOUT_MS = 1500;

  @Transform(toInt) @IsInt() @Min(1000)
  RECONCILE_INTERVAL_MS = 30_000;

  @Transform(toInt) @IsInt() @Min(0)
  RECONCILE_GRACE_MS = 15_000;

  /** Days the audio of a settled call is kept; its results stay. 0 keeps audio for ever. */
  @Transform(toInt) @IsInt() @Min(0) @Max(36_500)
  AUDIO_RETENTION_DAYS = 0;

  @Transform(toInt) @IsInt() @Min(1000)
  AUDIO_RETENTION_INTERVAL_MS = 3_600_000;

  @Transform(toInt) @IsInt() @Min(1)
  URL_MAX_BYTES = 2 * 1024 ** 3;

  @Transform(toInt) @IsInt() @Min(100)
  URL_TIMEOUT_MS = 120_000;

  /**
   * CIDR ranges URL submissions may reach although they are loopback, private
   * or link-local (comma-separated); none by default.
   */
  @IsOptional() @Matches(/^\s*[0-9a-fA-F:.]+\/\d{1,3}\s*(,\s*[0-9a-fA-F:.]+\/\d{1,3}\s*)*$/, { message: 'URL_ALLOWED_NETWORKS must be comma-separated CIDR ranges, e.g. 10.20.0.0/16' })
  URL_ALLOWED_NETWORKS?: string;

  @Transform(toInt) @IsIn([0, 1], { message: 'DEFAULT_AGENT_CHANNEL must be 0 or 1' })
  DEFAULT_AGENT_CHANNEL = 0;

  /**
   * Keep and return the keys of keypad tones (DTMF), for IVR analysis. Off by
   * default: callers key card numbers and PINs (PCI DSS), so only the count,
   * times and lengths of the tones are kept.
   */
  @Transform(toBool) @IsIn([true, false], { message: 'DTMF_DIGITS must be true or false' })
  DTMF_DIGITS = false;

  /** Requests a second one client may make, counted across all API nodes. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT = 100;

  /** Requests a second from one address that bring no valid token. */
  @Transform(toInt) @IsInt() @Min(1)
  UNKNOWN_TOKEN_RATE_LIMIT = 10;

  /**
   * Which proxies in front of the API may name the client's address in
   * X-Forwarded-For: false (none, the default: the header is ignored), true
   * (any), a hop count, or comma-separated addresses, CIDR ranges and the
   * names loopback, linklocal, uniquelocal. The address is what the
   * per-address limit counts and what the logs show.
   */
  @Validate(TrustProxyValue)
  TRUST_PROXY = 'false';

  /**
   * Clients reach the service over HTTPS only (TLS ends at a reverse proxy in
   * front of it): browsers are told to upgrade every request to https and to
   * keep to https (Strict-Transport-Security). Off by default, so /docs and
   * /admin/queues work over plain HTTP on any host name.
   */
  @Transform(toBool) @IsIn([true, false], { message: 'BEHIND_TLS must be true or false' })
  BEHIND_TLS = false;

  /**
   * Key of the HMAC-SHA256 (RFC 2104) that signs the timeline links of
   * results, so a browser opens them without a token. At least 32
   * characters; when unset, a random key made with the database (table
   * link_signing_key) is used, the same for every API node.
   */
  @IsOptional() @IsString() @MinLength(32, { message: 'LINK_SIGNING_SECRET must be at least 32 characters' })
  LINK_SIGNING_SECRET?: string;

  /** Seconds a signed timeline link stays valid (default one hour). */
  @Transform(toInt) @IsInt() @Min(60) @Max(31 * 24 * 3600)
  LINK_TTL_SECONDS = 3600;

  /** How long one webhook delivery attempt may take, sending to answer, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Hours a webhook delivery is retried for after its event (or after a redelivery was asked for). */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 7)
  WEBHOOK_RETRY_HOURS = 24;

  /** First wait before retrying a webhook delivery, in milliseconds; it doubles each attempt, up to WEBHOOK_RETRY_MAX_DELAY_MS. */
  @Transform(toInt) @IsInt() @Min(10)
  WEBHOOK_RETRY_BASE_MS = 5000;

  @Transform(toInt) @IsInt() @Min(10)
  WEBHOOK_RETRY_MAX_DELAY_MS = 3_600_000;

  /** Webhook deliveries one worker sends at once (they wait on the network, not the CPU). */
  @Transform(toInt) @IsInt() @Min(1) @Max(256)
  WEBHOOK_CONCURRENCY = 8;

  /** Seconds a rotated-out signing secret keeps signing beside the new one. */
  @Transform(toInt) @IsInt() @Min(0) @Max(30 * 24 * 3600)
  WEBHOOK_SECRET_OVERLAP_SECONDS = 24 * 3600;

  /**
   * Key that seals webhook signing secrets in the database (AES-256-GCM), so
   * a dump of the database alone does not give them away. Unset, secrets are
   * stored as they are.
   */
  @IsOptional() @IsString() @MinLength(32, { message: 'WEBHOOK_SECRETS_KEY must be at least 32 characters' })
  WEBHOOK_SECRETS_KEY?: string;

  /** Comma-separated origins allowed to call the API from a browser; none when empty. */
  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  /** Longest a request (an upload included) may take. */
  @Transform(toInt) @IsInt() @Min(1000)
  REQUEST_TIMEOUT_MS = 600_000;

  /** After SIGTERM, how long in-flight requests and jobs may take before the process exits anyway. */
  @Transform(toInt) @IsInt() @Min(0)
  SHUTDOWN_TIMEOUT_MS = 30_000;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /** User name of the queue dashboard at /admin/queues. */
  @Matches(/^[^:\s]{1,64}$/, { message: 'ADMIN_USER must be 1-64 characters without ":" or spaces' })
  ADMIN_USER = 'admin';

  /**
   * Wrong queue-dashboard credentials one address may send a minute (counted
   * across all API nodes); beyond it that address gets 429 for the rest of
   * the minute, whatever it sends, so guessing learns nothing more.
   */
  @Transform(toInt) @IsInt() @Min(1)
  ADMIN_LOGIN_RATE_LIMIT = 10;

  /** Password of the queue dashboard; the dashboard is off while this is unset. */
  @IsOptional() @IsString() @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;
}

export class InvalidEnvironmentError extends Error {}

/** Reads and checks the environment; names every bad variable at once. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  const present = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => known.includes(key) && value !== '' && value !== undefined),
  );
  const env = plainToInstance(Environment, present);
  const errors = validateSync(env, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
