import { createReadStream } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export type Handler = (request: IncomingMessage, response: ServerResponse, hit: number) => void;

/** A loopback HTTP server that URL submissions download from; counts hits per path. */
export class AudioServer {
  private readonly routes = new Map<string, Handler>();
  readonly hits = new Map<string, number>();
  private server?: Server;
  port = 0;

  constructor(readonly host = '127.0.0.1') {}

  route(path: string, handler: Handler): string {
    this.routes.set(path, handler);
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}${path}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      const hit = (this.hits.get(path) ?? 0) + 1;
      this.hits.set(path, hit);
      const handler = this.routes.get(path);
      if (handler) handler(request, response, hit);
      else response.writeHead(404).end('not found');
    });
    await new Promise<void>((done) => this.server!.listen(0, this.host, done));
    this.port = (this.server!.address() as { port: number }).port;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

export const sendFile = (path: string) => (_request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(200, { 'content-type': 'application/octet-stream' });
  createReadStream(path).pipe(response);
};
