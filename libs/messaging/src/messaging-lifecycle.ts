import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { EventConsumer } from './consumer/event-consumer';
import { type EventHandler } from './consumer/event-handler.types';
import { ON_EVENT_METADATA, type OnEventMetadata } from './consumer/on-event.decorator';
import { KafkaReadinessCheck } from './health/kafka-readiness.check';
import { provisionTopics } from './kafka/topic-provisioner';
import { KAFKA_CLIENT, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventProducer } from './producer/event-producer';

/** Provisions topics, connects, registers @OnEvent handlers, starts consumer and relay; stops them in reverse. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly producer: EventProducer,
    private readonly consumer: EventConsumer,
    private readonly relay: OutboxRelay,
    private readonly readiness: KafkaReadinessCheck,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await provisionTopics(this.kafka, this.options.topics, this.options.replicationFactor);
    await this.producer.connect();
    this.registerDecoratedHandlers();
    if (this.consumer.topics.length > 0) await this.consumer.start();
    if (this.options.relay !== false) await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.consumer.stop();
    await this.producer.disconnect();
    await this.readiness.close();
  }

  private registerDecoratedHandlers(): void {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const metadata = Reflect.getMetadata(ON_EVENT_METADATA, prototype, methodName) as OnEventMetadata | undefined;
        if (!metadata) continue;
        const method = (instance as Record<string, EventHandler>)[methodName];
        this.consumer.register(metadata.topic, method.bind(instance), metadata.options);
      }
    }
  }
}
