import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Logger } from 'pino';
import { type BrokerSettings } from './broker-options';
import { ErrorCode } from './error-codes';
import { FilePartitionLog } from './file-partition-log';
import { MemoryPartitionLog } from './memory-partition-log';
import { type LogRetention, type PartitionLog } from './partition-log';
import { type ProducerStateTable } from './producer-state';

export interface Topic {
  readonly name: string;
  readonly partitions: readonly PartitionLog[];
  readonly configs: Readonly<Record<string, string>>;
}

interface TopicFile {
  readonly partitions: number;
  readonly configs: Record<string, string>;
}

export type AppendListener = (topic: string, partition: number, bytes: number) => void;

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const NUMERIC_CONFIGS: Record<string, keyof LogRetention> = { 'retention.ms': 'retentionMs', 'retention.bytes': 'retentionBytes', 'segment.bytes': 'segmentBytes' };

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** The broker's topics and their partition logs; topics live under `<dataDir>/topics/<name>/`. */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly listeners = new Set<AppendListener>();

  constructor(
    private readonly settings: BrokerSettings,
    private readonly producers: ProducerStateTable,
    private readonly logger: Logger,
  ) {
    if (settings.dataDir) this.load(path.join(settings.dataDir, 'topics'));
  }

  private load(root: string): void {
    fs.mkdirSync(root, { recursive: true });
    for (const name of fs.readdirSync(root)) {
      const file = path.join(root, name, 'topic.json');
      if (!LEGAL_TOPIC.test(name) || !fs.existsSync(file)) continue;
      try {
        const described = JSON.parse(fs.readFileSync(file, 'utf8')) as TopicFile;
        this.open(name, described.partitions, described.configs);
      } catch (error) {
        this.logger.error({ err: error, topic: name }, 'skipping unreadable topic');
      }
    }
  }

  private retentionFor(configs: Record<string, string>): LogRetention {
    const retention = { retentionMs: this.settings.retentionMs, retentionBytes: this.settings.retentionBytes, segmentBytes: this.settings.segmentBytes };
    for (const [key, field] of Object.entries(NUMERIC_CONFIGS)) if (configs[key] !== undefined) retention[field] = Number(configs[key]);
    return retention;
  }

  private open(name: string, partitionCount: number, configs: Record<string, string>): Topic {
    const retention = this.retentionFor(configs);
    const partitions: PartitionLog[] = [];
    for (let index = 0; index < partitionCount; index++) {
      const log = this.settings.dataDir
        ? new FilePartitionLog({
            ...retention,
            directory: path.join(this.settings.dataDir, 'topics', name, String(index)),
            indexIntervalBytes: this.settings.indexIntervalBytes,
            onRecoveryTruncate: (directory, bytes) => this.logger.warn({ directory, bytes }, 'truncated a torn log tail on recovery'),
          })
        : new MemoryPartitionLog(retention);
      this.producers.rebuild(partitionKey(name, index), log.takeRecoveredBatches());
      partitions.push(log);
    }
    const topic: Topic = { name, partitions, configs };
    this.topics.set(name, topic);
    return topic;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  static validateName(name: string): ErrorCode {
    return LEGAL_TOPIC.test(name) && name !== '.' && name !== '..' ? ErrorCode.NONE : ErrorCode.INVALID_TOPIC_EXCEPTION;
  }

  /** Checks a CreateTopics entry without creating anything. */
  validateCreation(name: string, partitionCount: number, configs: Record<string, string>): ErrorCode {
    const nameError = TopicRegistry.validateName(name);
    if (nameError !== ErrorCode.NONE) return nameError;
    if (this.topics.has(name)) return ErrorCode.TOPIC_ALREADY_EXISTS;
    if (!Number.isInteger(partitionCount) || partitionCount < 1 || partitionCount > 10000) return ErrorCode.INVALID_PARTITIONS;
    for (const key of Object.keys(NUMERIC_CONFIGS)) {
      if (configs[key] !== undefined && !/^-?\d+$/.test(configs[key])) return ErrorCode.INVALID_CONFIG;
    }
    return ErrorCode.NONE;
  }

  create(name: string, partitionCount: number, configs: Record<string, string> = {}): ErrorCode {
    const error = this.validateCreation(name, partitionCount, configs);
    if (error !== ErrorCode.NONE) return error;
    if (this.settings.dataDir) {
      const directory = path.join(this.settings.dataDir, 'topics', name);
      fs.mkdirSync(directory, { recursive: true });
      const described: TopicFile = { partitions: partitionCount, configs };
      fs.writeFileSync(path.join(directory, 'topic.json.tmp'), JSON.stringify(described));
      fs.renameSync(path.join(directory, 'topic.json.tmp'), path.join(directory, 'topic.json'));
    }
    this.open(name, partitionCount, configs);
    this.logger.info({ topic: name, partitions: partitionCount }, 'created topic');
    return ErrorCode.NONE;
  }

  /** The topic, auto-created with the default partition count when allowed. */
  resolve(name: string, allowAutoCreate: boolean): Topic | ErrorCode {
    const existing = this.topics.get(name);
    if (existing) return existing;
    const nameError = TopicRegistry.validateName(name);
    if (nameError !== ErrorCode.NONE) return nameError;
    if (!allowAutoCreate || !this.settings.autoCreateTopics) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const error = this.create(name, this.settings.defaultPartitions);
    return this.topics.get(name) ?? error;
  }

  delete(name: string): ErrorCode {
    const topic = this.topics.get(name);
    if (!topic) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    this.topics.delete(name);
    topic.partitions.forEach((log, index) => {
      this.producers.forgetPartition(partitionKey(name, index));
      log.close();
    });
    if (this.settings.dataDir) fs.rmSync(path.join(this.settings.dataDir, 'topics', name), { recursive: true, force: true });
    this.logger.info({ topic: name }, 'deleted topic');
    return ErrorCode.NONE;
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notifyAppend(topic: string, partition: number, bytes: number): void {
    for (const listener of this.listeners) listener(topic, partition, bytes);
  }

  enforceRetention(now: number): void {
    for (const topic of this.topics.values()) for (const log of topic.partitions) log.enforceRetention(now);
  }

  flush(): void {
    for (const topic of this.topics.values()) for (const log of topic.partitions) log.flush();
  }

  close(): void {
    for (const topic of this.topics.values()) for (const log of topic.partitions) log.close();
    this.topics.clear();
  }
}
