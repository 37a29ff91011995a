import * as path from 'node:path';
import { type Logger } from 'pino';
import { apiName } from './api-keys';
import { type BrokerSettings } from './broker-options';
import { type BrokerMetrics } from './broker-metrics';
import { ErrorCode } from './error-codes';
import { GroupCoordinator } from './group-coordinator';
import { OffsetStore } from './offset-store';
import { ProducerStateTable } from './producer-state';
import { TopicRegistry } from './topic-registry';

/** The broker's state shared by every connection and API handler. */
export class BrokerCore {
  readonly producers = new ProducerStateTable();
  readonly topics: TopicRegistry;
  readonly offsets: OffsetStore;
  readonly groups: GroupCoordinator;
  /** Set once the listener is bound: the port Metadata advertises. */
  port = 0;
  private nextProducerId: number;

  constructor(
    readonly settings: BrokerSettings,
    readonly logger: Logger,
    readonly metrics: BrokerMetrics,
  ) {
    this.topics = new TopicRegistry(settings, this.producers, logger);
    this.offsets = new OffsetStore(settings.dataDir ? path.join(settings.dataDir, 'consumer-offsets.jsonl') : null);
    this.groups = new GroupCoordinator(settings, logger);
    for (const groupId of this.offsets.groupIds()) this.groups.ensureGroup(groupId);
    // Producer ids must not repeat across restarts, or a new producer would inherit an old
    // producer's sequence state rebuilt from disk.
    this.nextProducerId = Math.max(Date.now(), this.producers.maxProducerId + 1);
  }

  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  noteError(apiKey: number, errorCode: ErrorCode): void {
    if (errorCode !== ErrorCode.NONE) this.metrics.error(apiName(apiKey), errorCode);
  }

  flush(): void {
    this.topics.flush();
    this.offsets.flush();
  }

  close(): void {
    this.groups.close();
    this.flush();
    this.topics.close();
    this.offsets.close();
  }
}
