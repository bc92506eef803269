import { applyDecorators, CanActivate, ExecutionContext, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiError } from '../common/api-errors';
import { AUTH_SCHEME } from '../openapi/openapi-document';
import { parsePositiveId } from '../validate/id-param';
import type { ClientEntity } from './client.entity';
import { Environment } from '../config/environment';
import { ClientsService } from './clients.service';
import { RateLimiter } from './rate-limiter';

export const AUTH_HEADER = 'x-auth-token';

export interface AuthenticatedRequest extends Request {
  client: ClientEntity;
}

const unauthorized = (message: string) => new ApiError(HttpStatus.UNAUTHORIZED, message);
const tooMany = (message: string) => new ApiError(HttpStatus.TOO_MANY_REQUESTS, message, undefined, { 'Retry-After': '1' });

/**
 * Every `/client/{cid}/…` route: the token must belong to an enabled client,
 * and that client must be the `cid` of the path.
 */
@Injectable()
export class ClientTokenGuard implements CanActivate {
  constructor(
    private readonly clients: ClientsService,
    private readonly limiter: RateLimiter,
    private readonly env: Environment,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = request.header(AUTH_HEADER);
    const client = token ? await this.clients.authenticate(token) : null;
    if (!client) {
      // Failed attempts are counted per address, so guessing tokens is slow.
      if (!(await this.limiter.allow(`address:${request.ip}`, this.env.UNKNOWN_TOKEN_RATE_LIMIT))) {
        throw tooMany('Too many requests without a valid token from this address; try again in a second');
      }
      throw unauthorized(token ? 'The X-Auth-Token is not valid' : 'A valid X-Auth-Token header is required');
    }
    // Guards run before pipes, so the path's cid is read here the same way its pipe will read it.
    const cid = parsePositiveId('cid', String(request.params.cid));
    if (cid !== client.cid) throw new ApiError(HttpStatus.FORBIDDEN, `This token does not give access to client ${cid}`);
    if (!(await this.limiter.allow(`client:${client.cid}`, this.env.RATE_LIMIT))) {
      throw tooMany(`Too many requests: at most ${this.env.RATE_LIMIT} a second for a client; try again in a second`);
    }
    request.client = client;
    return true;
  }
}

/** A route of one client's data: authenticated by its token, documented as such. */
export const ClientRoute = () => applyDecorators(UseGuards(ClientTokenGuard), ApiSecurity(AUTH_SCHEME));
