import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import basicAuth from 'express-basic-auth';
import { Environment } from '../config/environment';
import { QueueModule } from '../queue/queue.module';
import { PROCESS_QUEUE } from '../queue/queue.constants';

export const DASHBOARD_ROUTE = '/admin/queues';

const answer = (response: Response, code: number, message: string) => response.status(code).json({ code, message });

/** Only an operator with ADMIN_USER and ADMIN_PASSWORD gets in; without a password nobody does. */
function adminOnly(env: Environment) {
  if (!env.ADMIN_PASSWORD) {
    return (_request: Request, response: Response) => answer(response, 404, 'The queue dashboard is off; set ADMIN_PASSWORD to turn it on');
  }
  const check = basicAuth({ users: { [env.ADMIN_USER]: env.ADMIN_PASSWORD }, challenge: true, realm: 'Oliver queue dashboard' });
  return (request: Request, response: Response, next: NextFunction) =>
    check(request, response, (error?: unknown) => (error ? next(error) : next()));
}

/**
 * Bull Board at /admin/queues: jobs waiting, active, delayed, failed, with
 * their data and errors, and retry or clean from the browser.
 */
@Module({
  imports: [
    QueueModule,
    BullBoardModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        route: DASHBOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: adminOnly(env),
        boardOptions: { uiConfig: { boardTitle: 'Oliver queues' } },
      }),
    }),
    BullBoardModule.forFeature({ name: PROCESS_QUEUE, adapter: BullAdapter }),
  ],
})
export class QueueDashboardModule {}
