import { Transform, TransformCallback } from 'node:stream';
import { UNNAMED_UPLOAD } from '../validate/file-name';

/**
 * RFC 8187 §3.2.1 ext-value: charset, optional language, then attr-chars
 * and percent-encoded bytes only.
 */
const EXT_VALUE = /^([!#$%&+\-^_`{}~A-Za-z0-9]+)'[^']*'((?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-Fa-f]{2})*)$/;

/** Whether a `filename*` value can be decoded: well-formed, in a charset the platform knows, and (UTF-8) valid. */
export function decodableExtValue(value: string): boolean {
  const match = EXT_VALUE.exec(value.trim());
  if (!match) return false;
  const bytes = Buffer.from(match[2].replace(/%([0-9A-Fa-f]{2})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  try {
    new TextDecoder(match[1], { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

interface Param {
  /** Lower case, without spaces. */
  name: string;
  /** The value as written, quotes and all. */
  value: string;
  /** The parameter as written, its `;` included. */
  text: string;
}

/** A header value split at the semicolons that are not inside a quoted string. */
function splitParams(header: string): { type: string; params: Param[] } {
  const segments: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) {
      segments.push(header.slice(start, i));
      start = i;
    }
  }
  segments.push(header.slice(start));
  const [type, ...rest] = segments;
  const params = rest.map((text) => {
    const equals = text.indexOf('=');
    const name = (equals < 0 ? text.slice(1) : text.slice(1, equals)).trim().toLowerCase();
    return { name, value: equals < 0 ? '' : text.slice(equals + 1).trim(), text };
  });
  return { type, params };
}

/**
 * A Content-Disposition value with its file name made readable, as RFC 6266
 * §4.3 asks of a recipient:
 * - a `filename*` that cannot be decoded (a bad percent sequence, an unknown
 *   charset, bytes that are not UTF-8) is ignored for `filename`, or, with
 *   no `filename`, the file is kept unnamed (as a part without a name is)
 *   rather than dropped with the part;
 * - a quoted `filename` used as the name has its `%22` read as `"`: browsers
 *   write a quote in a name so (HTML's multipart/form-data encoding).
 * Anything else is left as written.
 */
export function repairDisposition(header: string): string {
  const { type, params } = splitParams(header);
  const extended = params.find((p) => p.name === 'filename*');
  const plain = params.find((p) => p.name === 'filename');
  let kept = params;
  if (extended && !decodableExtValue(extended.value)) {
    kept = params.filter((p) => p !== extended);
    if (!plain) kept.push({ name: 'filename', value: `"${UNNAMED_UPLOAD}"`, text: `; filename="${UNNAMED_UPLOAD}"` });
  }
  const named = extended && kept.includes(extended) ? undefined : plain;
  if (kept === params && !(named && /^".*%22.*"$/s.test(named.value))) return header;
  return type + kept.map((p) => (p === named && p.value.startsWith('"') ? p.text.replaceAll('%22', '\\"') : p.text)).join('');
}

/** The boundary parameter of a multipart Content-Type (RFC 2046 §5.1.1), quoted or not; empty when missing. */
export function boundaryOf(contentType: string | undefined): string {
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType ?? '');
  return match?.[1]?.replace(/\\(.)/g, '$1') ?? match?.[2] ?? '';
}

/** Busboy's limit on a part's headers (Node's default): a longer header block is left for it to refuse. */
const MAX_PART_HEADER_BYTES = 16 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const DISPOSITION = /^(content-disposition[ \t]*:[ \t]*)([^\r\n]*)/gim;

/** A boundary after the closing one: busboy would wait for that part's end forever. */
export class PartAfterClose extends Error {
  constructor() {
    super('The multipart body is malformed: a part begins after its closing boundary');
  }
}

/**
 * Passes a multipart body through, rewriting each part's Content-Disposition
 * with {@link repairDisposition}: busboy skips a part whose header holds any
 * parameter it cannot decode, so an upload with an undecodable `filename*`
 * would be lost. Only the header blocks (after a boundary, before the blank
 * line) are touched; the parts' content passes as it came. A boundary in
 * the epilogue (a part after the closing boundary) is an error.
 */
export class DispositionRepair extends Transform {
  private readonly delimiter: Buffer;
  /** Bytes held back: the start of a boundary, or a header block still arriving. */
  private pending: Buffer;
  /** The virtual line break held in front of the body, so that its first boundary is found as any other. */
  private lead = 2;
  private inHeaders = false;
  /** Whether the closing delimiter has passed. */
  private pastClose = false;

  constructor(boundary: string) {
    super();
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.pending = Buffer.from('\r\n');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // No boundary found: nothing to repair, and busboy refuses the body.
    if (this.delimiter.length === 4) return done(null, chunk);
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let position = 0;
    for (;;) {
      if (!this.inHeaders) {
        const found = buffer.indexOf(this.delimiter, position);
        if (found < 0) {
          // A boundary may begin in the last bytes (at a CR): they wait for the next chunk.
          const cr = buffer.indexOf(13, Math.max(position, buffer.length - this.delimiter.length + 1));
          const kept = cr < 0 ? buffer.length : cr;
          this.send(buffer.subarray(position, kept));
          this.pending = buffer.subarray(kept);
          break;
        }
        this.send(buffer.subarray(position, found + this.delimiter.length));
        position = found + this.delimiter.length;
        this.inHeaders = true;
      }
      // The closing delimiter (`--` after the boundary): what follows is the epilogue, where no part may begin.
      if (buffer.length - position < 2) {
        this.pending = buffer.subarray(position);
        break;
      }
      if (buffer[position] === 0x2d && buffer[position + 1] === 0x2d) {
        if (this.pastClose) return done(new PartAfterClose());
        this.pastClose = true;
        this.inHeaders = false;
        continue;
      }
      if (this.pastClose) return done(new PartAfterClose());
      const end = buffer.indexOf(HEADER_END, position);
      if (end < 0) {
        if (buffer.length - position > MAX_PART_HEADER_BYTES) {
          this.send(buffer.subarray(position));
          this.pending = Buffer.alloc(0);
          this.inHeaders = false;
        } else {
          this.pending = buffer.subarray(position);
        }
        break;
      }
      const block = buffer.toString('latin1', position, end);
      this.send(Buffer.from(block.replace(DISPOSITION, (_line, name: string, value: string) => name + repairDisposition(value)), 'latin1'));
      position = end;
      this.inHeaders = false;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.send(this.pending);
    done();
  }

  private send(bytes: Buffer): void {
    const skip = Math.min(this.lead, bytes.length);
    this.lead -= skip;
    if (bytes.length > skip) this.push(bytes.subarray(skip));
  }
}
