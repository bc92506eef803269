import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, serviceUnavailable } from './api-errors';
import { REFUSAL_REASON } from './logging.module';
import { isDependencyUnavailable } from './unavailable';

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
    if (error instanceof ApiError) {
      return { status: error.getStatus(), body: error.getResponse() as object, headers: error.headers };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const raw = error.getResponse();
      const message = typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? error.message);
      return { status, body: { code: status, message }, headers: {} };
    }
    // express.json/urlencoded parse failures arrive as plain errors with a status
    const status = (error as { status?: number; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { code: status, message: (error as Error).message }, headers: {} };
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
