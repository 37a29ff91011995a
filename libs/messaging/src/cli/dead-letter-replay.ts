import { randomUUID } from 'node:crypto';
import { type IHeaders, type Kafka } from 'kafkajs';
import { deadLetterHeader, headerText, withoutProvenance } from '../consumer/dead-letter.headers';
import { type EventProducer } from '../producer/event-producer';

export interface ReplayOptions {
  /** A dead-letter topic, `<topic>.dlq`. */
  topic: string;
  /** First offset to replay in every partition (default: the earliest retained). */
  fromOffset?: bigint;
  /** Most records to replay (default: all up to the end seen at start). */
  limit?: number;
  /** List what would be replayed without publishing. */
  dryRun?: boolean;
  onRecord?: (record: ReplayedRecord) => void;
  timeoutMs?: number;
}

export interface ReplayedRecord {
  partition: number;
  offset: string;
  targetTopic: string;
  eventId?: string;
  reason?: string;
  error?: string;
  published: boolean;
}

export interface ReplaySummary {
  replayed: number;
  dryRun: boolean;
}

function replayHeaders(original: IHeaders | undefined, source: string): Record<string, Buffer | string> {
  return { ...withoutProvenance(original), 'x-replayed-from': source };
}

/**
 * Re-publishes dead letters to their original topic (original key, value and headers, provenance
 * headers dropped), from `fromOffset` up to the end of the topic as it was when the replay began.
 * Consumers' inboxes make a replay of an event that did get applied harmless.
 */
export async function replayDeadLetters(kafka: Kafka, producer: EventProducer, options: ReplayOptions): Promise<ReplaySummary> {
  if (!options.topic.endsWith('.dlq')) throw new Error(`${options.topic} is not a dead-letter topic (<topic>.dlq)`);
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(options.topic).finally(() => admin.disconnect());
  const ranges = new Map<number, { start: bigint; end: bigint }>();
  for (const partition of offsets) {
    const low = BigInt(partition.low);
    const start = options.fromOffset !== undefined && options.fromOffset > low ? options.fromOffset : low;
    const end = BigInt(partition.high);
    if (start < end) ranges.set(partition.partition, { start, end });
  }
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (ranges.size === 0 || limit <= 0) return { replayed: 0, dryRun: options.dryRun ?? false };

  const consumer = kafka.consumer({ groupId: `events-replay-${randomUUID()}`, maxWaitTimeInMs: 100 });
  let replayed = 0;
  const remaining = new Set(ranges.keys());
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(() => fail(new Error(`replay of ${options.topic} did not finish in ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = ranges.get(partition);
        const offset = BigInt(message.offset);
        if (!range || offset < range.start || offset >= range.end || replayed >= limit) return;
        const targetTopic = headerText(message.headers, deadLetterHeader.originalTopic) ?? options.topic.slice(0, -'.dlq'.length);
        if (!options.dryRun) {
          await producer.sendRaw(targetTopic, [{ key: message.key, value: message.value, headers: replayHeaders(message.headers, `${options.topic}:${partition}:${message.offset}`) }]);
        }
        replayed++;
        options.onRecord?.({
          partition,
          offset: message.offset,
          targetTopic,
          eventId: headerText(message.headers, 'x-event-id'),
          reason: headerText(message.headers, deadLetterHeader.reason),
          error: headerText(message.headers, deadLetterHeader.error),
          published: !options.dryRun,
        });
        if (offset + 1n >= range.end) remaining.delete(partition);
        if (remaining.size === 0 || replayed >= limit) finish();
      },
    });
    if (options.fromOffset !== undefined) {
      for (const [partition, range] of ranges) consumer.seek({ topic: options.topic, partition, offset: range.start.toString() });
    }
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return { replayed, dryRun: options.dryRun ?? false };
}
