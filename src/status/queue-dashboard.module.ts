import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import basicAuth from 'express-basic-auth';
import { AuthenticateModule } from '../authenticate/authenticate.module';
import { RateLimiter } from '../authenticate/rate-limiter';
import { Environment } from '../config/environment';
import { QueueModule } from '../queue/queue.module';
import { PROCESS_QUEUE, WEBHOOK_QUEUE } from '../queue/queue.constants';

export const DASHBOARD_ROUTE = '/admin/queues';

const answer = (response: Response, code: number, message: string) => response.status(code).json({ code, message });

const REALM = 'Oliver queue dashboard';
/** Failed logins are counted per address in windows of a minute. */
const LOGIN_WINDOW_SECONDS = 60;

/**
 * Only an operator with ADMIN_USER and ADMIN_PASSWORD gets in; without a
 * password nobody does. Wrong credentials are counted per address, like
 * token guesses: past ADMIN_LOGIN_RATE_LIMIT a minute the address gets 429
 * whatever it sends, the right password included, until the minute ends.
 * A request without credentials guesses nothing and is only asked for them.
 */
function adminOnly(env: Environment, limiter: RateLimiter) {
  const password = env.ADMIN_PASSWORD;
  if (!password) {
    return (_request: Request, response: Response) => answer(response, 404, 'The queue dashboard is off; set ADMIN_PASSWORD to turn it on');
  }
  const limit = env.ADMIN_LOGIN_RATE_LIMIT;
  const tooMany = (response: Response, retryAfterSeconds: number) =>
    response.set('Retry-After', String(retryAfterSeconds)).status(429).json({ code: 429, message: `Too many wrong dashboard credentials from this address; try again in ${retryAfterSeconds} seconds` });
  return (request: Request, response: Response, next: NextFunction) => {
    const key = `admin-login:${request.ip}`;
    // The authorizer does not see the request, so a checker is made for each one.
    const check = basicAuth({
      challenge: true,
      realm: REALM,
      unauthorizedResponse: { code: 401, message: 'The queue dashboard needs the admin user name and password' },
      authorizeAsync: true,
      authorizer: (user: string, given: string, done: (error: null, approved: boolean) => void) => {
        // Both compared in constant time, neither skipped: the time taken tells nothing.
        const rightUser = basicAuth.safeCompare(user, env.ADMIN_USER);
        const right = basicAuth.safeCompare(given, password) && rightUser;
        // A wrong credential is counted before it is answered, so even a burst sent at once is bounded.
        const verdict = right ? limiter.exceeded(key, limit, LOGIN_WINDOW_SECONDS) : limiter.count(key, limit, LOGIN_WINDOW_SECONDS);
        verdict.then(
          (v) => (v.allowed ? done(null, right) : tooMany(response, v.retryAfterSeconds)),
          (error: unknown) => next(error),
        );
      },
    });
    check(request, response, (error?: unknown) => (error ? next(error) : next()));
  };
}

/**
 * Bull Board at /admin/queues: jobs waiting, active, delayed, failed, with
 * their data and errors, and retry or clean from the browser.
 */
@Module({
  imports: [
    QueueModule,
    BullBoardModule.forRootAsync({
      imports: [AuthenticateModule],
      inject: [Environment, RateLimiter],
      useFactory: (env: Environment, limiter: RateLimiter) => ({
        route: DASHBOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: adminOnly(env, limiter),
        boardOptions: { uiConfig: { boardTitle: 'Oliver queues' } },
      }),
    }),
    BullBoardModule.forFeature({ name: PROCESS_QUEUE, adapter: BullAdapter }, { name: WEBHOOK_QUEUE, adapter: BullAdapter }),
  ],
})
export class QueueDashboardModule {}
