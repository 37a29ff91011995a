import { type Admin, type Kafka } from 'kafkajs';
import { type EventConsumer } from '../consumer/event-consumer';

/** Registered by the platform in /health/ready: Kafka reachable and the consumer not stopped for good. */
export class KafkaReadinessCheck {
  readonly name = 'kafka';
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    private readonly consumer?: EventConsumer,
    private readonly timeoutMs = 2_000,
  ) {}

  async check(): Promise<void> {
    const problem = this.consumer?.problem();
    if (problem) throw new Error(problem);
    this.admin ??= this.kafka.admin();
    const admin = this.admin;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`kafka did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          await admin.connect();
          await admin.describeCluster();
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }
}
