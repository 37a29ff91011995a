import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { type EventEnvelope, type TopicDefinition, type TopicPayload } from '@verticals/contracts';
import { buildEvent, type EnvelopeOptions, type OutgoingRecord } from '../envelope/envelope-builder';
import { type MessagingMetrics } from '../metrics/messaging.metrics';

export interface EventProducerOptions {
  /** Envelope `source`: the producing service's name. */
  source: string;
  /** Tenant for events produced outside any request or event (jobs, the outbox relay's tests). */
  defaultTenantId?: string;
  compression?: CompressionTypes;
}

/**
 * An idempotent kafkajs producer (acks=-1, one in-flight request so retries keep order) that
 * validates every payload against its topic's schema before sending.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly options: EventProducerOptions,
    private readonly metrics: MessagingMetrics,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  get source(): string {
    return this.options.source;
  }

  get defaultTenantId(): string | undefined {
    return this.options.defaultTenantId;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  /** Validates, wraps in an envelope, sends keyed by the entity id; resolves once acks=-1 is in. */
  async publish<TTopic extends TopicDefinition>(topic: TTopic, data: TopicPayload<TTopic>, options: EnvelopeOptions = {}): Promise<EventEnvelope<TopicPayload<TTopic>>> {
    const built = buildEvent(topic, data, this.options.source, { ...options, defaultTenantId: this.options.defaultTenantId });
    await this.sendRecords([built.record]);
    return built.envelope;
  }

  /**
   * Sends already-encoded records in order (outbox relay, dead letters, replays). Records of one
   * key land in one partition in the order given.
   */
  async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const record of records) {
      const list = byTopic.get(record.topic) ?? [];
      list.push(record);
      byTopic.set(record.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: this.options.compression ?? CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((record) => ({ key: record.key, value: record.value, headers: record.headers })),
      })),
    });
    for (const [topic, list] of byTopic) this.metrics.produced.inc({ topic }, list.length);
  }

  /** Sends raw bytes as they were (dead letters keep the original value and headers). */
  async sendRaw(topic: string, messages: { key: Buffer | string | null; value: Buffer | string | null; headers: Record<string, Buffer | string> }[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({ topic, acks: -1, messages });
    this.metrics.produced.inc({ topic }, messages.length);
  }
}
