import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import busboy, { Busboy } from 'busboy';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { ApiError, badRequest, serviceUnavailable } from '../common/api-errors';
import type { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { AudioStorage } from '../store/audio-storage';
import { checkFileName, decodeFileName } from '../validate/file-name';
import { boundaryOf, DispositionRepair, PartAfterClose } from './disposition-repair';

/** An upload written to the store under an incoming key, not yet accepted. */
export interface ReceivedUpload {
  /** Its key in the audio store (AudioStorage.incomingKey). */
  key: string;
  originalName: string;
  bytes: number;
  sha256: string;
  /** The first bytes, kept for sniffing the type. */
  head: Buffer;
}

export const FILE_FIELD = 'file';
const HEAD_BYTES = 64 * 1024;
const DRAIN_AFTER_REFUSAL_BYTES = 32 * 1024 * 1024;
const NOT_MULTIPART = `The request must be multipart/form-data with the audio in the field "${FILE_FIELD}"`;
/** A body that ends inside a part or before its closing boundary; the parser's own words stay in the log. */
const malformed = () => badRequest('The multipart body is malformed: it ends before its closing boundary (--boundary--)');
/**
 * How long the parser may take to settle once the body's last byte is in:
 * it then only waits for the last part to reach the disk. busboy 1.6 never
 * settles when a part begins after the closing boundary (it waits for that
 * part's end, which can no longer come), so such a body is refused.
 */
const SETTLE_AFTER_BODY_MS = 5_000;

/**
 * Streams the `file` field of a multipart request into the audio store,
 * hashing as it goes. Nothing is held in memory but the first 64 KiB (and,
 * on S3, the parts in flight). On any failure the partial upload is
 * removed before the promise rejects.
 */
@Injectable()
export class MultipartReceiver {
  private readonly logger = new Logger(MultipartReceiver.name);

  constructor(
    private readonly storage: AudioStorage,
    private readonly env: Environment,
  ) {}

  async receive(req: IncomingMessage): Promise<ReceivedUpload> {
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) throw badRequest(NOT_MULTIPART);
    const declared = Number(req.headers['content-length']);
    if (declared > this.env.MAX_UPLOAD_BYTES + 64 * 1024) throw this.refuseTooLarge(req, declared);
    const key = this.storage.incomingKey();
    try {
      return await this.stream(req, key);
    } catch (error) {
      await this.storage.discard(key);
      throw error;
    }
  }

  private stream(req: IncomingMessage, key: string): Promise<ReceivedUpload> {
    return new Promise<ReceivedUpload>((resolve, reject) => {
      let parser: Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          // The name is checked as sent, not quietly cut down to its last segment.
          preservePath: true,
          // Browsers send a name in raw UTF-8; `filename*` (RFC 5987), when present, wins over `filename`.
          defParamCharset: 'utf8',
          highWaterMark: 256 * 1024,
          fileHwm: 256 * 1024,
          limits: { fileSize: this.env.MAX_UPLOAD_BYTES, files: 2, fields: 50, parts: 60, fieldSize: 64 * 1024 },
        });
      } catch {
        reject(badRequest(NOT_MULTIPART));
        return;
      }
      // busboy has checked the boundary is there.
      const repair = new DispositionRepair(boundaryOf(req.headers['content-type']));
      const headChunks: Buffer[] = [];
      let headBytes = 0;
      let bytes = 0;
      let originalName: string | undefined;
      let written: Promise<{ bytes: number; sha256: string }> | undefined;
      let failed = false;
      const stop = new AbortController();
      let settling: NodeJS.Timeout | undefined;

      const fail = (error: ApiError | DomainError) => {
        if (failed) return;
        failed = true;
        clearTimeout(settling);
        req.unpipe(repair);
        repair.unpipe(parser);
        req.resume();
        // The store's put settles only once it has let go of the upload (a file closed, a
        // multipart upload aborted), so the removal that follows cannot be undone by it.
        stop.abort();
        void (written ?? Promise.resolve()).catch(() => undefined).then(() => reject(error));
      };

      parser.on('file', (field, file, { filename }) => {
        // Every part the parser hands over, kept or skipped, errors when the body ends
        // inside it; unheard, that error would end the process.
        file.on('error', () => fail(malformed()));
        if (failed || field !== FILE_FIELD) {
          file.resume();
          return;
        }
        if (originalName !== undefined) {
          file.resume();
          fail(badRequest(`Send exactly one "${FILE_FIELD}" field; this request has more than one`));
          return;
        }
        try {
          originalName = checkFileName(decodeFileName(filename));
        } catch (error) {
          file.resume();
          fail(error as DomainError);
          return;
        }
        const body = new PassThrough({ highWaterMark: 256 * 1024 });
        written = this.storage.receive(key, body, stop.signal);
        // After a refusal the put only reports that it was stopped: nothing to say of the store.
        written.catch((error: NodeJS.ErrnoException) => failed || fail(this.storageError(error)));
        file.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (headBytes < HEAD_BYTES) {
            headChunks.push(chunk);
            headBytes += chunk.length;
          }
        });
        file.on('limit', () => fail(this.refuseTooLarge(req, Number(req.headers['content-length']) - bytes)));
        file.pipe(body);
      });
      parser.on('filesLimit', () => fail(badRequest(`Send exactly one "${FILE_FIELD}" field; this request has more than one`)));
      parser.on('partsLimit', () => fail(badRequest('The multipart body has too many parts')));
      parser.on('error', (error) => {
        // The parser's own words are for the log: the client is told what to fix.
        this.logger.log(`Refused a malformed multipart body: ${(error as Error).message}`);
        fail(/unexpected end/i.test((error as Error).message) ? malformed() : badRequest('The multipart body is malformed: its boundaries or part headers cannot be read'));
      });
      parser.on('close', () => {
        clearTimeout(settling);
        if (failed) return;
        if (originalName === undefined || !written) {
          fail(badRequest(`The multipart field "${FILE_FIELD}" is required`, [{ field: FILE_FIELD, message: `${FILE_FIELD} is required` }]));
          return;
        }
        written.then((stored) => {
          if (failed) return;
          if (stored.bytes === 0) {
            fail(badRequest('The uploaded file is empty', [{ field: FILE_FIELD, message: `${FILE_FIELD} is empty` }]));
            return;
          }
          resolve({ key, originalName: originalName!, bytes: stored.bytes, sha256: stored.sha256, head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES) });
        }, () => undefined);
      });
      // Its only error: a part after the closing boundary.
      repair.on('error', (error) => fail(badRequest(error.message)));
      req.on('end', () => {
        settling = setTimeout(() => fail(badRequest(new PartAfterClose().message)), SETTLE_AFTER_BODY_MS);
      });
      req.on('aborted', () => fail(badRequest('The upload was interrupted')));
      req.on('error', (error) => {
        this.logger.log(`An upload broke off: ${error.message}`);
        fail(badRequest('The upload failed: the connection broke off'));
      });
      req.pipe(repair).pipe(parser);
    });
  }

  /**
   * A 413 the client can read: a modest remainder is read and dropped so the
   * client finishes sending and sees the answer; a large one is cut off by
   * closing the connection after the answer.
   */
  private refuseTooLarge(req: IncomingMessage, remaining: number) {
    const drain = Number.isFinite(remaining) && remaining <= DRAIN_AFTER_REFUSAL_BYTES;
    if (drain) req.resume();
    return new ApiError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      `The upload is larger than the limit of ${this.env.MAX_UPLOAD_BYTES} bytes`,
      undefined,
      drain ? {} : { Connection: 'close' },
    );
  }

  private storageError(error: NodeJS.ErrnoException) {
    if (error.code === 'ENOSPC' || error.code === 'EDQUOT') {
      return new ApiError(HttpStatus.INSUFFICIENT_STORAGE, 'The server has no room to store this upload. Please try again later.', undefined, { 'Retry-After': '60' });
    }
    this.logger.error(`The audio store did not take an upload: ${error.message}`);
    return serviceUnavailable();
  }
}
