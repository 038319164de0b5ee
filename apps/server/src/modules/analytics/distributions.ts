// Exact distributions for the standards: medians, percentiles and the median absolute deviation of every value, by
// selection rather than sorting (linear time), so a dashboard of a quarter of a million conversations stays exact.
export class Distribution {
  private values: number[] = [];
  private work: Float64Array | null = null;
  get total() {
    return this.values.length;
  }
  add(v: number) {
    this.values.push(v);
    this.work = null;
  }
  quantile(p: number): number | null {
    this.work ??= Float64Array.from(this.values);
    return quantileOf(this.work, p);
  }
  /** Median absolute deviation from the median. */
  mad(): number | null {
    const median = this.quantile(0.5);
    if (median === null) return null;
    const deviations = new Float64Array(this.values.length);
    for (let i = 0; i < deviations.length; i++) deviations[i] = Math.abs(this.values[i]! - median);
    return quantileOf(deviations, 0.5);
  }
}

/** The p-quantile (interpolated) by selection, not sorting: linear time; reorders `v` but keeps its values. */
function quantileOf(v: Float64Array, p: number): number | null {
  if (!v.length) return null;
  const at = (v.length - 1) * p;
  const low = Math.floor(at);
  const value = select(v, low);
  if (low + 1 >= v.length || at === low) return value;
  // After selection everything right of `low` is at least v[low]: the next value is the smallest of them.
  let next = Infinity;
  for (let i = low + 1; i < v.length; i++) if (v[i]! < next) next = v[i]!;
  return value + (next - value) * (at - low);
}

/** Hoare's selection: puts the k-th smallest value at index k, smaller ones left of it, larger ones right. */
function select(v: Float64Array, k: number): number {
  let left = 0;
  let right = v.length - 1;
  while (right > left) {
    const pivot = v[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) {
        const tmp = v[i]!;
        v[i] = v[j]!;
        v[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return v[k]!;
}
