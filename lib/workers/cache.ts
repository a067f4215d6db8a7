// A cache of computed statistics per data version: an entry is used only while the version it was
// computed at (a cheap aggregate of the rows it reads: counts and latest timestamps) is still the
// database's, so a new, changed or deleted vote or rating makes the next read compute again. One
// computation per key at a time: concurrent readers of the same key share it.

type Entry<T> = { version: string; value: Promise<T> };

export class VersionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = 64) {}

  /** The value for `key` at `version`: cached, or computed (and kept) now. A failed computation is not kept. */
  get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    const entry = { version, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
