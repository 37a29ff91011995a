import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EventConsumer } from './consumer/event-consumer';
import { KafkaReadinessCheck } from './health/kafka-readiness.check';
import { createKafkaClient } from './kafka/kafka-connection.options';
import { MessagingLifecycle } from './messaging-lifecycle';
import { KAFKA_CLIENT, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';
import { MessagingMetrics } from './metrics/messaging.metrics';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventProducer } from './producer/event-producer';

export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

/**
 * Kafka for a service: EventProducer, Outbox, OutboxRelay, EventConsumer (handlers from @OnEvent)
 * and KafkaReadinessCheck. Needs the service's DataSource (PersistenceModule) with
 * messagingEntities and messagingMigrations.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(async: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(async.imports ?? [])],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: async.useFactory, inject: async.inject ?? [] },
        { provide: KAFKA_CLIENT, useFactory: (options: MessagingModuleOptions) => createKafkaClient({ logger: options.logger, ...options.kafka }), inject: [MESSAGING_OPTIONS] },
        {
          provide: MessagingMetrics,
          useFactory: (options: MessagingModuleOptions) => new MessagingMetrics(options.metricsRegistry ?? new Registry()),
          inject: [MESSAGING_OPTIONS],
        },
        {
          provide: EventProducer,
          useFactory: (kafka: Kafka, options: MessagingModuleOptions, metrics: MessagingMetrics) =>
            new EventProducer(kafka, { source: options.source, defaultTenantId: options.defaultTenantId }, metrics),
          inject: [KAFKA_CLIENT, MESSAGING_OPTIONS, MessagingMetrics],
        },
        {
          provide: Outbox,
          useFactory: (options: MessagingModuleOptions) => new Outbox({ source: options.source, defaultTenantId: options.defaultTenantId }),
          inject: [MESSAGING_OPTIONS],
        },
        {
          provide: EventConsumer,
          useFactory: (kafka: Kafka, dataSource: DataSource, producer: EventProducer, metrics: MessagingMetrics, options: MessagingModuleOptions) =>
            new EventConsumer(kafka, dataSource, producer, metrics, { groupId: options.source, ...options.consumer, logger: options.logger }),
          inject: [KAFKA_CLIENT, DataSource, EventProducer, MessagingMetrics, MESSAGING_OPTIONS],
        },
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, producer: EventProducer, metrics: MessagingMetrics, options: MessagingModuleOptions) =>
            new OutboxRelay(dataSource, producer, metrics, { ...(options.relay || {}), logger: options.logger }),
          inject: [DataSource, EventProducer, MessagingMetrics, MESSAGING_OPTIONS],
        },
        {
          provide: KafkaReadinessCheck,
          useFactory: (kafka: Kafka, consumer: EventConsumer) => new KafkaReadinessCheck(kafka, consumer),
          inject: [KAFKA_CLIENT, EventConsumer],
        },
        MessagingLifecycle,
      ],
      exports: [EventProducer, Outbox, OutboxRelay, EventConsumer, KafkaReadinessCheck, MessagingMetrics, KAFKA_CLIENT],
    };
  }
}
