import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

/**
 * The baseline of bench:submit: a bare node:http server that streams the
 * request body to disk and answers 200. Nothing parsed, hashed or recorded.
 */
const dir = process.argv[2];
let n = 0;
const server = createServer((request, response) => {
  const path = join(dir, `${process.pid}-${n++}.bin`);
  request.pipe(createWriteStream(path)).on('close', () => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    void rm(path, { force: true });
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`Listening on ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => process.exit(0));
