// npm run events:replay -- --topic <topic>.dlq [--from-offset n] [--limit n] [--dry-run] [--brokers host:port,...]
import { Command, InvalidArgumentError } from 'commander';
import { Registry } from 'prom-client';
import { createKafkaClient } from '../kafka/kafka-connection.options';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import { EventProducer } from '../producer/event-producer';
import { replayDeadLetters } from './dead-letter-replay';

function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return parsed;
}

async function main(): Promise<void> {
  const program = new Command('events:replay')
    .description('Re-publish dead letters to their original topic after a fix')
    .requiredOption('--topic <name>', 'dead-letter topic, <topic>.dlq')
    .option('--from-offset <n>', 'first offset to replay in each partition', nonNegativeInteger)
    .option('--limit <n>', 'most records to replay', nonNegativeInteger)
    .option('--dry-run', 'list what would be replayed, publish nothing', false)
    // A command-line tool, not a service: the environment is its config.
    .option('--brokers <list>', 'bootstrap brokers, comma separated', process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .parse();
  const options = program.opts<{ topic: string; fromOffset?: number; limit?: number; dryRun: boolean; brokers: string }>();
  if (!options.topic.endsWith('.dlq')) throw new Error(`${options.topic} is not a dead-letter topic (<topic>.dlq)`);
  const kafka = createKafkaClient({ brokers: options.brokers.split(',').map((broker) => broker.trim()), clientId: 'events-replay' });
  const producer = new EventProducer(kafka, { source: 'events-replay' }, new MessagingMetrics(new Registry()));
  await producer.connect();
  try {
    const summary = await replayDeadLetters(kafka, producer, {
      topic: options.topic,
      fromOffset: options.fromOffset === undefined ? undefined : BigInt(options.fromOffset),
      limit: options.limit,
      dryRun: options.dryRun,
      onRecord: (record) =>
        console.log(
          `${record.published ? 'replayed' : 'would replay'} ${options.topic}[${record.partition}]@${record.offset} -> ${record.targetTopic}` +
            ` event=${record.eventId ?? '?'} reason=${record.reason ?? '?'} error=${JSON.stringify(record.error ?? '')}`,
        ),
    });
    console.log(`${summary.dryRun ? 'dry run: ' : ''}${summary.replayed} record(s) ${summary.dryRun ? 'would be replayed' : 'replayed'} from ${options.topic}`);
  } finally {
    await producer.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`events:replay failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
