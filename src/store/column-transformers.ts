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
