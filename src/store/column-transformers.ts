import { ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as text; our ids and epoch-millisecond times stay below 2^53. */
export const bigintAsNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

export const jsonText: ValueTransformer = {
  to: (value?: unknown) => (value === undefined || value === null ? value : JSON.stringify(value)),
  from: (value?: string | null) => (value === undefined || value === null ? value : JSON.parse(value)),
};

/** An offset in hours (5.75) kept as whole minutes (345), so offsets with minutes are stored exactly. */
export const hoursAsMinutes: ValueTransformer = {
  to: (hours: number | null | undefined) => (hours === null || hours === undefined ? hours : Math.round(hours * 60)),
  from: (minutes: number | null) => (minutes === null ? null : Number(minutes) / 60),
};
