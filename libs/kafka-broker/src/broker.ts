import * as net from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import { BrokerConnection } from './broker-connection';
import { BrokerCore } from './broker-core';
import { BrokerMetrics } from './broker-metrics';
import { type BrokerOptions, brokerSettingsSchema } from './broker-options';
import { type BrokerStats, collectStats } from './broker-stats';

export interface KafkaBroker {
  readonly host: string;
  readonly port: number;
  /** Bootstrap list for clients, e.g. "127.0.0.1:9092". */
  readonly brokers: string;
  readonly metrics: Registry;
  stats(): BrokerStats;
  /** Stops listening, closes connections, flushes and closes the logs. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a single-node Kafka-protocol broker in this process. */
export async function startBroker(options: BrokerOptions = {}): Promise<KafkaBroker> {
  const { registry = new Registry(), logger: givenLogger, ...rest } = options;
  const settings = brokerSettingsSchema.parse(rest);
  const logger = givenLogger ?? pino({ name: 'kafka-broker', level: settings.logLevel });
  const connections = new Set<BrokerConnection>();
  // Gauges read the core lazily: it needs the metrics to exist first.
  const live: { core?: BrokerCore } = {};
  const metrics = new BrokerMetrics(registry, {
    connections: () => connections.size,
    topics: () => live.core?.topics.list().length ?? 0,
    partitions: () => live.core?.topics.list().reduce((sum, topic) => sum + topic.partitions.length, 0) ?? 0,
    groups: () => live.core?.groups.allGroups().length ?? 0,
  });
  const brokerCore = new BrokerCore(settings, logger, metrics);
  live.core = brokerCore;
  const server = net.createServer((socket) => {
    const connection = new BrokerConnection(socket, brokerCore, (closed) => connections.delete(closed));
    connections.add(connection);
  });
  server.on('error', (error) => logger.error({ err: error }, 'listener error'));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    brokerCore.close();
    throw error;
  }
  const address = server.address() as net.AddressInfo;
  brokerCore.port = address.port;
  const host = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
  const startedAt = Date.now();
  const timers: NodeJS.Timeout[] = [setInterval(() => brokerCore.topics.enforceRetention(Date.now()), settings.retentionCheckIntervalMs)];
  if (settings.fsync === 'interval' && settings.dataDir) timers.push(setInterval(() => brokerCore.flush(), settings.fsyncIntervalMs));
  timers.forEach((timer) => timer.unref());
  logger.info({ host, port: address.port, dataDir: settings.dataDir ?? null }, 'kafka broker listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      timers.forEach((timer) => clearInterval(timer));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.close('shutdown');
      await closed;
      brokerCore.close();
      logger.info('kafka broker stopped');
    })());

  return {
    host,
    port: address.port,
    brokers: `${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    metrics: registry,
    stats: () => collectStats(brokerCore, startedAt, connections.size),
    stop,
  };
}
