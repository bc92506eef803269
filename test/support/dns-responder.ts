import { createSocket, Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './service';

/** DNS response codes (RFC 1035 §4.1.1). */
export const RCODE = { serverFailure: 2, nameError: 3 } as const;

/**
 * A DNS server on a loopback address of its own (127.x.y.z, port 53) that
 * knows no names: every question gets `answerFor(name)`'s response code,
 * NXDOMAIN unless told otherwise. With {@link withResolver} a child process
 * resolves names through it alone, so a test of name lookups sends nothing
 * off the machine. Each question is recorded.
 */
export class DnsResponder {
  readonly address = `127.${randomInt(2, 250)}.${randomInt(2, 250)}.${randomInt(2, 250)}`;
  readonly questions: string[] = [];
  private socket?: Socket;

  constructor(private readonly answerFor: (name: string) => number = () => RCODE.nameError) {}

  async start(): Promise<void> {
    const socket = createSocket('udp4');
    socket.on('message', (query, peer) => {
      const answer = this.answer(query);
      if (answer) socket.send(answer, peer.port, peer.address);
    });
    await new Promise<void>((resolve, reject) => socket.once('error', reject).bind(53, this.address, () => resolve()));
    this.socket = socket;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
  }

  /**
   * A resolv.conf naming only this server, and the command prefix that runs
   * a program with it as /etc/resolv.conf (a bind mount in a mount namespace
   * of the program's own; needs root, as `mount` does).
   */
  withResolver(): string[] {
    const conf = join(tempDir('resolver'), 'resolv.conf');
    writeFileSync(conf, `nameserver ${this.address}\noptions attempts:1 timeout:2\n`);
    return ['unshare', '--mount', '--', 'sh', '-c', 'mount --bind "$0" /etc/resolv.conf && exec "$@"', conf];
  }

  /** The response to one query: its header and question, no records, the chosen code. */
  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
    let offset = 12;
    const labels: string[] = [];
    while (offset < query.length && query[offset] !== 0) {
      const length = query[offset];
      if (length > 63) return undefined;
      labels.push(query.toString('latin1', offset + 1, offset + 1 + length));
      offset += 1 + length;
    }
    const questionEnd = offset + 5; // the root label, QTYPE and QCLASS
    if (questionEnd > query.length) return undefined;
    const name = labels.join('.').toLowerCase();
    this.questions.push(name);
    const response = Buffer.from(query.subarray(0, questionEnd));
    const recursionDesired = query[2] & 0x01;
    response[2] = 0x80 | (query[2] & 0x78) | recursionDesired; // QR, the query's opcode, RD
    response[3] = 0x80 | this.answerFor(name); // RA and the response code
    response.writeUInt16BE(0, 6); // ANCOUNT
    response.writeUInt16BE(0, 8); // NSCOUNT
    response.writeUInt16BE(0, 10); // ARCOUNT
    return response;
  }
}
