import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { check, GivenOnce, QueryTransform, withExample } from './query-params';

/** UTC offsets in use run from −12:00 (Baker Island) to +14:00 (Line Islands). */
export const TIMEZONE_MIN_HOURS = -12;
export const TIMEZONE_MAX_HOURS = 14;
/** Every offset in the IANA time zone database today is a whole number of quarter hours (Nepal +05:45, Chatham +12:45). */
const STEP_MINUTES = 15;

const HOURS = /^([+-]?)(\d{1,2})(?:\.(\d{1,2}))?$/;
const CLOCK = /^([+-]?)(\d{2}):?(\d{2})$/;

/**
 * A UTC offset as the query gives it, in hours: Oliver's integer (`2`), a
 * decimal (`5.5`, `-3.5`, `5.75`) or ISO 8601's `±HH:MM` / `±HHMM`
 * (`+05:30`). A `+` sent unencoded arrives as a space and is read as `+`.
 * Returns the offset in hours (a whole number of quarter hours is exact in
 * binary), or the value unchanged when it is none of these forms.
 */
export function parseTimezone(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const decimal = HOURS.exec(text);
  if (decimal) {
    const hours = Number(`${decimal[2]}.${decimal[3] ?? '0'}`);
    return decimal[1] === '-' ? -hours : hours;
  }
  const clock = CLOCK.exec(text);
  if (clock && Number(clock[3]) < 60) {
    const hours = Number(clock[2]) + Number(clock[3]) / 60;
    return clock[1] === '-' ? -hours : hours;
  }
  return value;
}

/** True for an offset in hours within −12..14 that is a whole number of quarter hours. */
export function isTimezone(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    value >= TIMEZONE_MIN_HOURS &&
    value <= TIMEZONE_MAX_HOURS &&
    Number.isInteger((value * 60) / STEP_MINUTES)
  );
}

/** An offset in hours as ISO 8601 writes it: 5.75 → `+05:45`, -3.5 → `-03:30`. */
export function formatOffset(hours: number): string {
  const minutes = Math.round(Math.abs(hours) * 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${hours < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export const TIMEZONE_MESSAGE =
  'timezone must be a UTC offset from -12 to 14 hours in quarter hours: a whole number (2), a decimal (5.5, -3.5, 5.75) or +HH:MM (+05:30)';

/** The `timezone` query parameter. */
export function TimezoneParam() {
  return applyDecorators(
    ApiPropertyOptional({
      oneOf: [
        { type: 'number', minimum: TIMEZONE_MIN_HOURS, maximum: TIMEZONE_MAX_HOURS, multipleOf: 0.25 },
        { type: 'string', pattern: '^[+-]?\\d{2}:?\\d{2}$' },
      ],
      description: withExample(
        "UTC offset of the call, in hours from -12 to 14: Oliver's whole number, or a quarter-hour decimal or +HH:MM for offsets " +
          'with minutes (India 5.5 or +05:30, Newfoundland -3.5 or -03:30, Nepal 5.75 or +05:45). Echoed in hours: a whole number as the same whole number, ' +
          '+05:30 as 5.5',
        '5.5',
      ),
    }),
    IsOptional(),
    GivenOnce(),
    QueryTransform(parseTimezone),
    check('timezone', isTimezone, TIMEZONE_MESSAGE),
  );
}
