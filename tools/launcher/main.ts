import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker, type KafkaBroker } from '@verticals/kafka-broker';
import { ConfigValidationError } from '@verticals/platform';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@verticals/persistence';
import { loadLauncherConfig } from './launcher-config';
import { SERVICES } from './services';
import { ServiceProcess, waitUntilLive } from './service-process';

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A service that stayed up this long is healthy again: its next crash restarts it at once-ish. */
const STABLE_UPTIME_MS = 60_000;

/**
 * A service that dies after it was live is restarted, with a delay that doubles on repeated
 * crashes (1 s up to 30 s) so a service that cannot stay up does not spin.
 */
function superviseRestarts(service: ServiceProcess, host: string, readyTimeoutMs: number, stopping: () => boolean): void {
  let delayMs = FIRST_RESTART_DELAY_MS;
  let startedAt = Date.now();
  service.onExit((code, signal) => {
    if (stopping()) return;
    if (Date.now() - startedAt > STABLE_UPTIME_MS) delayMs = FIRST_RESTART_DELAY_MS;
    complain(`${service.service.name} exited (${signal ?? `code ${code}`}); restarting in ${delayMs / 1000} s (log: ${service.logFile})`);
    const delay = delayMs;
    delayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
    setTimeout(() => {
      if (stopping()) return;
      startedAt = Date.now();
      service.start();
      void waitUntilLive(service, host, readyTimeoutMs).then((live) => {
        if (live && !stopping()) say(`${service.service.name} http://${host}:${service.port} (restarted)`);
      });
    }, delay);
  });
}

/**
 * `npm start`: embedded PostgreSQL and Kafka broker where none is configured, then every service.
 * One line per service when it is live; Ctrl-C stops services, broker and database, keeping the data.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadLauncherConfig();
  } catch (error) {
    complain(`launcher: ${error instanceof ConfigValidationError ? error.message : String(error)}`);
    process.exit(1);
  }
  mkdirSync(join(config.dataDir, 'logs'), { recursive: true });
  let postgres: EmbeddedPostgresHandle | undefined;
  let broker: KafkaBroker | undefined;
  const services: ServiceProcess[] = [];
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    await Promise.all(services.map((service) => service.stop(config.LAUNCHER_STOP_TIMEOUT_MS)));
    await broker?.stop().catch((error: unknown) => complain(`kafka broker: ${String(error)}`));
    await postgres?.stop().catch((error: unknown) => complain(`postgres: ${String(error)}`));
    say(`stopped; data kept in ${config.dataDir}`);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres({
        dataDir: join(config.dataDir, 'postgres'),
        port: config.EMBEDDED_POSTGRES_PORT,
        log: (line) => say(`postgres: ${line}`),
      });
      databaseUrl = postgres.url;
    }
    let kafkaBrokers = config.KAFKA_BROKERS;
    if (!kafkaBrokers) {
      broker = await startBroker({ port: config.KAFKA_PORT, host: config.HOST, dataDir: join(config.dataDir, 'kafka') });
      kafkaBrokers = broker.brokers;
      say(`kafka broker ${kafkaBrokers} (data ${join(config.dataDir, 'kafka')})`);
    }

    // SERVICES=none runs only the infrastructure (`npm run infra`), for `nx serve <app>` beside it.
    const selected =
      config.SERVICES === 'none' ? [] : config.SERVICES ? config.SERVICES.split(',').map((name) => name.trim()) : SERVICES.map((s) => s.name);
    const unknown = selected.filter((name) => !SERVICES.some((s) => s.name === name));
    if (unknown.length > 0) throw new Error(`SERVICES names unknown services: ${unknown.join(', ')} (known: ${SERVICES.map((s) => s.name).join(', ')})`);

    for (const definition of SERVICES.filter((s) => selected.includes(s.name))) {
      const port = config.servicePorts[definition.portVariable] ?? definition.defaultPort;
      const service = new ServiceProcess(
        definition,
        port,
        { ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: kafkaBrokers, HOST: config.HOST, DATA_DIR: config.dataDir },
        join(config.dataDir, 'logs', `${definition.name}.log`),
      );
      services.push(service);
    }
    await Promise.all(
      services.map(async (service) => {
        service.start();
        const live = await waitUntilLive(service, config.HOST, config.LAUNCHER_READY_TIMEOUT_MS);
        if (!live) {
          const reason = service.lastErrors().join(' | ') || `not live within ${config.LAUNCHER_READY_TIMEOUT_MS} ms`;
          throw new Error(`${service.service.name} failed to start: ${reason} (log: ${service.logFile})`);
        }
        say(`${service.service.name} http://${config.HOST}:${service.port}`);
        superviseRestarts(service, config.HOST, config.LAUNCHER_READY_TIMEOUT_MS, () => stopping);
      }),
    );
    say(`logs in ${join(config.dataDir, 'logs')}; Ctrl-C stops everything`);
  } catch (error) {
    complain(`launcher: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

void main();
