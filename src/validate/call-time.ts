import { formatOffset } from './timezone';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UNENCODED_PLUS = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?) (\d{2}:?\d{2})$/;
const OLIVER = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

function validWallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/**
 * Normalises a call time to ISO 8601. Accepts ISO 8601 and the official
 * client's `MM/DD/YYYY HH:MM:SS`. A time without an offset stays a local
 * wall-clock time; `timezone` (hours, possibly fractional: 5.5 is +05:30),
 * when given, supplies its offset.
 * Returns undefined when the text is not a valid time.
 */
export function normaliseCallTime(text: string, timezone?: number): string | undefined {
  // A `+` offset sent unencoded arrives as a space (`09:30:00 02:00`): the only reading is `+02:00`.
  const value = text.trim().replace(UNENCODED_PLUS, '$1+$2');
  let parts: number[];
  let zone: string | undefined;
  const iso = ISO.exec(value);
  if (iso) {
    parts = [1, 2, 3, 4, 5, 6].map((i) => Number(iso![i] ?? 0));
    zone = iso[8];
  } else {
    const oliver = OLIVER.exec(value);
    if (!oliver) return undefined;
    const [, mo, d, y, h, mi, s] = oliver.map(Number);
    parts = [y, mo, d, h, mi, s];
  }
  const [y, mo, d, h, mi, s] = parts;
  if (!validWallClock(y, mo, d, h, mi, s)) return undefined;
  if (zone) {
    const instant = Date.parse(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
    return Number.isNaN(instant) ? undefined : new Date(instant).toISOString().replace('.000Z', 'Z');
  }
  const local = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  return timezone === undefined ? local : `${local}${formatOffset(timezone)}`;
}
