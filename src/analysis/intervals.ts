/** Times in seconds: a stretch of sound from `st` to `et`. */
export interface Interval {
  st: number;
  et: number;
}

export const length = (intervals: Interval[]) => intervals.reduce((sum, i) => sum + (i.et - i.st), 0);

/**
 * Speech runs merged across pauses shorter than `maxGap`, then runs shorter
 * than `minLength` dropped. Time in `bridged` (sorted, disjoint: sound that
 * is not speech, such as keypad tones) does not count towards a pause.
 */
export function toUtterances(runs: Interval[], maxGap: number, minLength: number, bridged: Interval[] = []): Interval[] {
  const merged: Interval[] = [];
  let j = 0;
  for (const run of runs) {
    const last = merged[merged.length - 1];
    let pause = last ? run.st - last.et : Infinity;
    if (last) {
      while (j < bridged.length && bridged[j].et <= last.et) j++;
      for (let k = j; k < bridged.length && bridged[k].st < run.st; k++) pause -= Math.min(bridged[k].et, run.st) - Math.max(bridged[k].st, last.et);
    }
    if (last && pause < maxGap) last.et = Math.max(last.et, run.et);
    else merged.push({ ...run });
  }
  return merged.filter((u) => u.et - u.st >= minLength);
}

/** The union of several sorted lists, as one sorted list of disjoint intervals. */
export function union(...lists: Interval[][]): Interval[] {
  const all = lists.flat().sort((a, b) => a.st - b.st);
  const out: Interval[] = [];
  for (const i of all) {
    const last = out[out.length - 1];
    if (last && i.st <= last.et) last.et = Math.max(last.et, i.et);
    else out.push({ ...i });
  }
  return out;
}

/** Time covered by both sorted lists of disjoint intervals. */
export function intersection(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const st = Math.max(a[i].st, b[j].st);
    const et = Math.min(a[i].et, b[j].et);
    if (et > st) out.push({ st, et });
    if (a[i].et < b[j].et) i++;
    else j++;
  }
  return out;
}

/** The gaps of a sorted disjoint list within [0, total]. */
export function gaps(intervals: Interval[], total: number): Interval[] {
  const out: Interval[] = [];
  let cursor = 0;
  for (const i of intervals) {
    if (i.st > cursor) out.push({ st: cursor, et: i.st });
    cursor = Math.max(cursor, i.et);
  }
  if (total > cursor) out.push({ st: cursor, et: total });
  return out;
}

