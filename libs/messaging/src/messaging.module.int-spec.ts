import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { currentCorrelationId, runWithContext } from '@verticals/context';
import { PersistenceModule } from '@verticals/persistence';
import { EventConsumer } from './consumer/event-consumer';
import { type EventHandlerContext } from './consumer/event-handler.types';
import { OnEvent } from './consumer/on-event.decorator';
import { KafkaReadinessCheck } from './health/kafka-readiness.check';
import { MessagingModule } from './messaging.module';
import { MessagingMetrics } from './metrics/messaging.metrics';
import { Outbox } from './outbox/outbox';
import { messagingEntities, messagingMigrations } from './persistence/messaging-tables';
import { EventProducer } from './producer/event-producer';
import { counterValue, CreateTestEffects1763856000001, orderTopic } from './testing/messaging-fixture';
import { createTestDatabase, startTestInfrastructure, waitFor, type TestInfrastructure } from './testing';
import { type EventEnvelope } from '@verticals/contracts';

const topic = orderTopic(2);
const schema = 'orders_service';

@Injectable()
class OrderProjection {
  constructor(private readonly dataSource: DataSource) {}

  @OnEvent(topic)
  async onOrderPlaced(event: EventEnvelope<{ orderId: string; sequence: number }>, { manager }: EventHandlerContext): Promise<void> {
    await manager.query(`INSERT INTO "${schema}".test_effects (event_id, order_id, sequence, correlation_id) VALUES ($1, $2, $3, $4)`, [
      event.id,
      event.data.orderId,
      event.data.sequence,
      currentCorrelationId() ?? null,
    ]);
  }

  effects(): Promise<{ order_id: string; correlation_id: string }[]> {
    return this.dataSource.query(`SELECT order_id, correlation_id FROM "${schema}".test_effects ORDER BY applied_at`);
  }
}

@Injectable()
class OrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  place(orderId: string): Promise<unknown> {
    return this.dataSource.transaction((manager) => this.outbox.enqueue(manager, topic, orderId, { orderId, sequence: 1 }));
  }
}

describe('MessagingModule in a Nest application', () => {
  let infra: TestInfrastructure;
  let databaseUrl: string;
  let app: INestApplicationContext;

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    databaseUrl = await createTestDatabase(infra.databaseUrl);
    @Module({
      imports: [
        PersistenceModule.forRoot({ url: databaseUrl, schema, entities: messagingEntities, migrations: [...messagingMigrations, CreateTestEffects1763856000001] }),
        MessagingModule.forRoot({
          kafka: { brokers: [infra.kafkaBrokers], clientId: 'orders' },
          source: 'orders',
          defaultTenantId: 'tenant-a',
          topics: [topic],
          consumer: { maxWaitTimeInMs: 50, heartbeatIntervalMs: 500, sessionTimeoutMs: 6_000, databaseBackoff: { initialMs: 50, maxMs: 200, multiplier: 2 } },
          relay: { pollIntervalMs: 200 },
        }),
      ],
      providers: [OrderProjection, OrderService],
    })
    class OrdersModule {}
    app = await NestFactory.createApplicationContext(OrdersModule, { logger: false });
    app.enableShutdownHooks();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await infra.stop();
  });

  it('provisions topics, relays the outbox to the @OnEvent handler, and carries the correlation id from the request', async () => {
    await runWithContext({ requestId: 'req-9', correlationId: 'corr-http-9' }, () => app.get(OrderService).place('o-1'));
    const projection = app.get(OrderProjection);
    const rows = await waitFor(async () => {
      const found = await projection.effects();
      return found.length === 1 ? found : undefined;
    }, 'projected order');
    expect(rows).toEqual([{ order_id: 'o-1', correlation_id: 'corr-http-9' }]);
    await expect(app.get(KafkaReadinessCheck).check()).resolves.toBeUndefined();
  });

  it('pauses the consumer while the database refuses connections, without counting attempts', async () => {
    const admin = new Client({ connectionString: infra.databaseUrl });
    await admin.connect();
    const database = new URL(databaseUrl).pathname.slice(1);
    const metrics = app.get(MessagingMetrics);
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      await app.get(EventProducer).publish(topic, { orderId: 'o-2', sequence: 1 });
      await waitFor(async () => ((await counterValue(metrics.registry, 'messaging_consumer_database_waits_total')) >= 1 ? true : undefined), 'consumer to pause');
      expect(app.get(EventConsumer).problem()).toMatch(/database unavailable/);
      await expect(app.get(KafkaReadinessCheck).check()).rejects.toThrow(/database unavailable/);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const projection = app.get(OrderProjection);
    await waitFor(async () => ((await projection.effects()).length === 2 ? true : undefined), 'event applied after the database came back');
    await expect(counterValue(metrics.registry, 'messaging_events_failed_total')).resolves.toBe(0);
    expect(app.get(EventConsumer).problem()).toBeUndefined();
  });
});
