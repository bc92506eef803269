import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorDto } from './api-error.dto';
import { SERVICE_UNAVAILABLE_MESSAGE } from './api-errors';

const DESCRIPTIONS: Record<number, { description: string; example: string }> = {
  400: { description: 'A parameter is missing or invalid, or the audio cannot be decoded', example: 'Invalid request: channels must be one of 1, 2' },
  401: { description: 'No token, or an unknown token', example: 'A valid X-Auth-Token header is required' },
  403: { description: "The token belongs to another client", example: 'This token does not give access to client 7' },
  404: { description: 'No such process for this client', example: 'Process with pid 1042 not found' },
  409: { description: 'On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it', example: 'Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded' },
  410: { description: 'The process was deleted (or, on a result, the result was removed by the retention)', example: 'Process with pid 1042 was deleted' },
  413: { description: 'The upload is larger than the configured limit', example: 'The upload is larger than the limit of 2147483648 bytes' },
  415: { description: 'The file is not audio (judged by its bytes)', example: 'The uploaded file is not audio (its content looks like application/pdf)' },
  429: { description: 'Too many requests; Retry-After says when to come back', example: 'Too many requests' },
  503: { description: 'The job cannot be queued; Retry-After says when to come back', example: SERVICE_UNAVAILABLE_MESSAGE },
  507: { description: 'No room left to store the upload', example: 'The server has no room to store this upload. Please try again later.' },
};

/** Documents error responses in the contract's body, each with an example. */
export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status].description,
        type: ApiErrorDto,
        example: { code: status, message: DESCRIPTIONS[status].example },
        headers: [429, 503, 507].includes(status)
          ? { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } }
          : undefined,
      }),
    ),
  );
}
