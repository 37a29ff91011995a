import { Command, InvalidArgumentError, Option } from 'commander';
import { fsyncPolicies, type FsyncPolicy, logLevels } from './broker-options';
import { startBroker } from './broker';

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('not an integer');
  return parsed;
}

interface CliOptions {
  port: number;
  host: string;
  dataDir?: string;
  partitions: number;
  autoCreateTopics: boolean;
  fsync: FsyncPolicy;
  retentionMs?: number;
  retentionBytes?: number;
  segmentBytes?: number;
  maxFrameBytes?: number;
  logLevel: (typeof logLevels)[number];
}

async function main(): Promise<void> {
  const program = new Command('kafka')
    .description('Single-node Kafka-protocol broker for development, tests and one-machine deployments')
    .option('--port <port>', 'port to listen on (0 = random)', integer, 9092)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where logs and committed offsets are stored (omit: in memory)')
    .option('--partitions <n>', 'partitions of auto-created topics', integer, 1)
    .option('--no-auto-create-topics', 'refuse unknown topics on produce and metadata')
    .addOption(new Option('--fsync <policy>', 'when to fsync logs').choices(fsyncPolicies).default('interval'))
    .option('--retention-ms <ms>', 'delete closed segments older than this (-1 = never)', integer)
    .option('--retention-bytes <bytes>', 'cap per partition (-1 = unlimited)', integer)
    .option('--segment-bytes <bytes>', 'segment file size', integer)
    .option('--max-frame-bytes <bytes>', 'largest accepted request', integer)
    .addOption(new Option('--log-level <level>', 'log level').choices(logLevels).default('warn'));
  const options = program.parse().opts<CliOptions>();
  const broker = await startBroker({
    port: options.port,
    host: options.host,
    dataDir: options.dataDir,
    defaultPartitions: options.partitions,
    autoCreateTopics: options.autoCreateTopics,
    fsync: options.fsync,
    retentionMs: options.retentionMs,
    retentionBytes: options.retentionBytes,
    segmentBytes: options.segmentBytes,
    maxFrameBytes: options.maxFrameBytes,
    logLevel: options.logLevel,
  });
  const shutdown = (signal: string): void => {
    broker.stop().then(
      () => {
        process.stdout.write(`kafka broker stopped (${signal})\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`kafka broker failed to stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // The one line launchers and tests wait for; printed after the signal handlers are in place,
  // since whoever reads it may signal at once.
  process.stdout.write(`kafka broker listening on ${broker.brokers} (data dir: ${options.dataDir ?? 'in memory'}, pid ${process.pid})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka broker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
