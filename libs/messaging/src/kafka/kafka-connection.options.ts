import { Kafka, type LogEntry, logLevel, type SASLOptions } from 'kafkajs';
import { type MessagingLogger } from '../messaging-logger';
import { type ConnectionOptions } from 'node:tls';

/** How to reach Kafka; the app passes it from its validated config. */
export interface KafkaConnectionOptions {
  /** Bootstrap brokers, e.g. ["127.0.0.1:9092"]. */
  brokers: string[];
  clientId: string;
  /** TLS for managed clusters: `true` for the system CAs, or node TLS options (ca, cert, key). */
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** kafkajs's own log lines go here (structured, with the service's fields) instead of stderr. */
  logger?: MessagingLogger;
}

function logCreatorFor(logger: MessagingLogger) {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...fields } = log;
      const line = { ...fields, kafkajs: true };
      if (level <= logLevel.ERROR) logger.error(line, message);
      else if (level === logLevel.WARN) logger.warn(line, message);
      else logger.info(line, message);
    };
}

export function createKafkaClient(options: KafkaConnectionOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: logLevel.ERROR,
    ...(options.logger ? { logCreator: logCreatorFor(options.logger) } : {}),
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
