import { hostname, tmpdir } from 'node:os';

/** Folders a server path would start with: the system's, the temporary folder (where tests keep storage) and the checkout. */
const SERVER_ROOTS = ['/tmp/', '/var/', '/usr/', '/home/', '/root/', '/etc/', '/opt/', '/proc/', '/srv/', '/work/', '/app/', '/data/', `${tmpdir()}/`, `${process.cwd()}/`];
const HEX_ADDRESS = /\b0x[0-9a-f]{4,}\b/i;
const STACK_LINE = /(^|\n)\s*at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))\s*($|\n)/;
const SOURCE_LINE = /\.(ts|js|mjs|cjs):\d+/;
const LEFTOVERS = /node_modules|\.incoming|\.part\b/;

/**
 * What in a message meant for a client shows the server's insides — a path,
 * its host name, a memory address, a stack line — or undefined when nothing does.
 */
export function insidesShown(message: string): string | undefined {
  const root = SERVER_ROOTS.find((r) => message.includes(r));
  if (root) return `a server path (${root}…)`;
  if (LEFTOVERS.test(message)) return 'a server path';
  const host = hostname();
  if (host.length >= 2 && new RegExp(`\\b${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(message)) return `the host name ${host}`;
  if (HEX_ADDRESS.test(message)) return 'a hex address';
  if (STACK_LINE.test(message) || SOURCE_LINE.test(message)) return 'a stack line';
  return undefined;
}

/** Every 4xx message and every statusmsg the API answered in this test process. */
const answered: string[] = [];

/** Keeps what a client was shown in an answer: a 4xx's message, and each process's statusmsg. */
export function recordPublicMessages(status: number, body: unknown): void {
  const message = (body as { message?: unknown } | null)?.message;
  if (status >= 400 && status < 500 && typeof message === 'string') answered.push(message);
  for (const item of Array.isArray(body) ? body : [body]) {
    const statusmsg = (item as { statusmsg?: unknown } | null)?.statusmsg;
    if (typeof statusmsg === 'string') answered.push(statusmsg);
  }
}

/** The messages recorded so far that show the server's insides, each with what it shows. */
export const publicMessagesShowingInsides = () =>
  [...new Set(answered)].flatMap((message) => {
    const shown = insidesShown(message);
    return shown ? [`${shown}: ${JSON.stringify(message)}`] : [];
  });

export const publicMessagesRecorded = () => answered.length;
