import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

export interface OffsetCommitEntry extends CommittedOffset {
  readonly topic: string;
  readonly partition: number;
}

type OffsetLine = { g: string; c: [string, number, number, string | null][] } | { deleteTopic: string };

/**
 * Committed consumer-group offsets. With a data dir every commit is one appended JSON line in
 * `consumer-offsets.jsonl` (a torn last line is ignored on load); the file is compacted at start.
 */
export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();
  private fd = -1;
  private dirty = false;

  constructor(file: string | null) {
    if (!file) return;
    if (fs.existsSync(file)) this.load(fs.readFileSync(file, 'utf8'));
    this.compact(file);
    this.fd = fs.openSync(file, 'a');
  }

  private static key(topic: string, partition: number): string {
    return `${partition}:${topic}`;
  }

  private load(text: string): void {
    const lines = text.split('\n');
    // The last element is '' for a complete file, or a torn line after a crash: skipped either way.
    for (const line of lines.slice(0, -1)) {
      let parsed: OffsetLine;
      try {
        parsed = JSON.parse(line) as OffsetLine;
      } catch {
        continue;
      }
      if ('deleteTopic' in parsed) this.deleteTopicInMemory(parsed.deleteTopic);
      else this.apply(parsed.g, parsed.c.map(([topic, partition, offset, metadata]) => ({ topic, partition, offset, metadata })));
    }
  }

  private compact(file: string): void {
    const lines: string[] = [];
    for (const group of this.groups.keys()) {
      const line: OffsetLine = { g: group, c: this.offsetsOf(group).map((entry) => [entry.topic, entry.partition, entry.offset, entry.metadata]) };
      lines.push(JSON.stringify(line) + '\n');
    }
    const temporary = `${file}.tmp`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, lines.join(''));
    fs.renameSync(temporary, file);
  }

  private apply(group: string, entries: readonly OffsetCommitEntry[]): void {
    let offsets = this.groups.get(group);
    if (!offsets) {
      offsets = new Map();
      this.groups.set(group, offsets);
    }
    for (const entry of entries) offsets.set(OffsetStore.key(entry.topic, entry.partition), { offset: entry.offset, metadata: entry.metadata });
  }

  commit(group: string, entries: readonly OffsetCommitEntry[]): void {
    if (entries.length === 0) return;
    this.apply(group, entries);
    if (this.fd < 0) return;
    const line: OffsetLine = { g: group, c: entries.map((entry) => [entry.topic, entry.partition, entry.offset, entry.metadata]) };
    fs.writeSync(this.fd, JSON.stringify(line) + '\n');
    this.dirty = true;
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(OffsetStore.key(topic, partition));
  }

  /** Every committed offset of a group. */
  offsetsOf(group: string): OffsetCommitEntry[] {
    const offsets = this.groups.get(group);
    if (!offsets) return [];
    return [...offsets].map(([key, value]) => {
      const split = key.indexOf(':');
      return { topic: key.slice(split + 1), partition: Number(key.slice(0, split)), ...value };
    });
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  private deleteTopicInMemory(topic: string): void {
    for (const offsets of this.groups.values()) {
      for (const key of offsets.keys()) if (key.slice(key.indexOf(':') + 1) === topic) offsets.delete(key);
    }
  }

  deleteTopic(topic: string): void {
    this.deleteTopicInMemory(topic);
    if (this.fd >= 0) fs.writeSync(this.fd, JSON.stringify({ deleteTopic: topic }) + '\n');
  }

  flush(): void {
    if (this.fd < 0 || !this.dirty) return;
    this.dirty = false;
    fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
