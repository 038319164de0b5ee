// The figures of a group of conversations (a channel, a team, an agent, a week): the sums and exact distributions
// each standard is computed from, and how minutes, percentages and ratios are rounded for showing.
import { Distribution } from './distributions.js';

const MINUTE = 60_000;
export type Metric = 'first_response' | 'first_response_business' | 'resolution' | 'handle';

interface Sums {
  n: number;
  resolved: number;
  fcr: number;
  reopened: number;
  abandoned: number;
  transfers: number;
  handle: number;
  answered: number;
  instant: number;
  waitedN: number;
  waitedMs: number;
  successful: number;
}

const zero = (): Sums => ({
  n: 0,
  resolved: 0,
  fcr: 0,
  reopened: 0,
  abandoned: 0,
  transfers: 0,
  handle: 0,
  answered: 0,
  instant: 0,
  waitedN: 0,
  waitedMs: 0,
  successful: 0,
});

export interface Group {
  sums: Sums;
  dist: Record<Metric, Distribution>;
}

/** A distribution nobody reads is not collected (a dashboard adds each row to five groups). */
const ignored = { add() {}, quantile: () => null, mad: () => null, total: 0 } as unknown as Distribution;

export const emptyGroup = (
  keep: readonly Metric[] = ['first_response', 'first_response_business', 'resolution', 'handle'],
): Group => ({
  sums: zero(),
  dist: {
    first_response: keep.includes('first_response') ? new Distribution() : ignored,
    first_response_business: keep.includes('first_response_business') ? new Distribution() : ignored,
    resolution: keep.includes('resolution') ? new Distribution() : ignored,
    handle: keep.includes('handle') ? new Distribution() : ignored,
  },
});

export const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / MINUTE) * 10) / 10);

export const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

export const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) / 100 : null);
