/**
 * Binary min-heap of columns keyed by (distance, busy flag): among equal distances a free column
 * (flag 0) comes first. Duplicates allowed; stale entries are skipped by the caller.
 */
export class MinHeap {
  private keys: Float64Array;
  private flags: Uint8Array;
  private values: Int32Array;
  size = 0;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.keys = new Float64Array(c);
    this.flags = new Uint8Array(c);
    this.values = new Int32Array(c);
  }

  /** Key of the top entry (the heap must not be empty). */
  peekKey(): number {
    return this.keys[0] as number;
  }

  clear(): void {
    this.size = 0;
  }

  private before(i: number, key: number, flag: number): boolean {
    const k = this.keys[i] as number;
    return k < key || (k === key && (this.flags[i] as number) < flag);
  }

  private move(to: number, from: number): void {
    this.keys[to] = this.keys[from] as number;
    this.flags[to] = this.flags[from] as number;
    this.values[to] = this.values[from] as number;
  }

  push(key: number, flag: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(parent, key, flag)) {
        this.move(i, parent);
        i = parent;
      } else break;
    }
    this.keys[i] = key;
    this.flags[i] = flag;
    this.values[i] = value;
  }

  pop(): number {
    const top = this.values[0] as number;
    const last = --this.size;
    const key = this.keys[last] as number;
    const flag = this.flags[last] as number;
    const value = this.values[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (right < this.size && this.before(right, this.keys[child] as number, this.flags[child] as number)) {
        child = right;
      }
      if (!this.before(child, key, flag)) break;
      this.move(i, child);
      i = child;
    }
    this.keys[i] = key;
    this.flags[i] = flag;
    this.values[i] = value;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const flags = new Uint8Array(this.keys.length * 2);
    const values = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    flags.set(this.flags);
    values.set(this.values);
    this.keys = keys;
    this.flags = flags;
    this.values = values;
  }
}
