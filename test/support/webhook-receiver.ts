import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { freePort } from './ports';

export interface ReceivedHook {
  headers: Record<string, string>;
  body: string;
}

/**
 * A webhook receiver on loopback. `answer` decides each request's status
 * (or 'hang' to never answer); the port stays the same across stop() and
 * start(), so a receiver can be down for a while and come back.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  answer: (hook: ReceivedHook, index: number) => number | 'hang' = () => 204;
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];

  private constructor(readonly port: number) {}

  static async make(): Promise<WebhookReceiver> {
    return new WebhookReceiver(await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const hook = { headers: request.headers as Record<string, string>, body };
        this.received.push(hook);
        const status = this.answer(hook, this.received.length - 1);
        if (status === 'hang') this.hanging.push(response);
        else response.writeHead(status).end();
      });
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const response of this.hanging.splice(0)) response.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve).closeAllConnections());
  }
}
