import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, serviceUnavailable } from './api-errors';
import { describeCauses, DomainError, DomainErrorCode } from './domain-error';
import { REFUSAL_REASON } from './logging.module';
import { isDependencyUnavailable } from './unavailable';

/** The HTTP status of each refusal the rules of the service raise. */
const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  [DomainErrorCode.NotAudio]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [DomainErrorCode.UndecodableAudio]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.ChannelMismatch]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.TooLong]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.BadFileName]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.DecodeTimeout]: HttpStatus.BAD_REQUEST,
};

/** What body-parser's refusals (by their `type`) mean, in a person's words. */
const BODY_REFUSALS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is larger than the limit',
  'encoding.unsupported': 'The request body is in a character encoding that is not supported',
  'charset.unsupported': 'The request body is in a character set that is not supported',
  'request.aborted': 'The request was interrupted',
};

/** Every error leaves as the contract's body; unknown errors are logged and hidden. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = this.describe(error);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    // The request's log line says why it was refused (see httpLogOptions); 5xx are logged here already.
    if (status < 500) response.locals[REFUSAL_REASON] = (body as { message?: unknown }).message;
    response.status(status).json(body);
  }

  private describe(error: unknown): { status: number; body: object; headers: Record<string, string> } {
    if (error instanceof DomainError) {
      if (error.cause) this.logger.log(`Refused (${error.code}): ${describeCauses(error)}`);
      return this.describe(new ApiError(DOMAIN_STATUS[error.code], error.message, error.details));
    }
    if (error instanceof ApiError) {
      return { status: error.getStatus(), body: error.getResponse() as object, headers: error.headers };
    }
    if (error instanceof HttpException && error.cause instanceof Error) {
      // Express and body-parser refusals, which Nest wraps with their library text as the message
      const status = error.getStatus();
      const { type } = error.cause as { type?: string };
      this.logger.log(`Refused a request (${type ?? error.cause.name}): ${error.cause.message}`);
      const message = error.cause instanceof URIError ? 'The request path holds an invalid percent-encoding' : (BODY_REFUSALS[type ?? ''] ?? 'The request cannot be read');
      return { status, body: { code: status, message }, headers: {} };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const raw = error.getResponse();
      const message = typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? error.message);
      return { status, body: { code: status, message }, headers: {} };
    }
    // express.json/urlencoded parse failures arrive as plain errors with a status; their text is the parser's
    const { status, type } = (error ?? {}) as { status?: number; type?: string };
    if (typeof status === 'number' && status >= 400 && status < 500) {
      this.logger.log(`Refused a request body (${type ?? status}): ${(error as Error).message}`);
      return { status, body: { code: status, message: BODY_REFUSALS[type ?? ''] ?? 'The request body cannot be read' }, headers: {} };
    }
    if (isDependencyUnavailable(error)) {
      this.logger.warn(`Answered 503: ${(error as Error).message}`);
      return this.describe(serviceUnavailable());
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const code = HttpStatus.INTERNAL_SERVER_ERROR;
    return { status: code, body: { code, message: 'Internal server error' }, headers: {} };
  }
}
