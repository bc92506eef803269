import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

/**
 * The baselines of the benchmarks: a bare node:http server that streams the
 * request body to disk and answers 200. Nothing parsed, hashed or recorded.
 *
 *   bare-upload-server <dir>          the file is removed once written, as the
 *                                     issue's baseline does: the disk never sees it
 *   bare-upload-server <dir> durable  the file is kept and flushed to the disk
 *                                     (fsync) before the answer: the least a
 *                                     service that keeps calls has to do
 */
const dir = process.argv[2];
const durable = process.argv[3] === 'durable';
let n = 0;
const server = createServer((request, response) => {
  const path = join(dir, `${process.pid}-${n++}.bin`);
  request.pipe(createWriteStream(path, { flush: durable })).on('close', () => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (!durable) void rm(path, { force: true });
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`Listening on ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => process.exit(0));
