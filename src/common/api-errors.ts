import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** An error whose body is exactly the contract's `{code, message, details?}`. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly details?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(details ? { code: status, message, details } : { code: status, message }, status);
  }
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is not available at the moment. Please try again later.';
/** Seconds a client should wait after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export const badRequest = (message: string, details?: FieldError[]) =>
  new ApiError(HttpStatus.BAD_REQUEST, message, details);

export const serviceUnavailable = () =>
  new ApiError(HttpStatus.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, undefined, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });

export const processNotFound = (pid: number) =>
  new ApiError(HttpStatus.NOT_FOUND, `Process with pid ${pid} not found`);

/** An erased process: its pid stays taken and answers 410, so a client tells "erased" from "never was". */
export const processGone = (pid: number) =>
  new ApiError(HttpStatus.GONE, `Process with pid ${pid} was deleted`);
