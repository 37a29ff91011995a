import { resolve } from 'node:path';
import { z } from 'zod';
import { envInt, loadConfig } from '@verticals/platform';
import { SERVICES } from './services';

// Each service's own port variable is validated here too, before anything starts.
const servicePorts = Object.fromEntries(SERVICES.map((service) => [service.portVariable, envInt(service.defaultPort, 1, 65_535)]));

const schema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().min(1).optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  EMBEDDED_POSTGRES_PORT: envInt(54329, 1, 65_535),
  KAFKA_PORT: envInt(9092, 1, 65_535),
  SERVICES: z.string().optional(),
  LAUNCHER_READY_TIMEOUT_MS: envInt(60_000, 1_000, 600_000),
  LAUNCHER_STOP_TIMEOUT_MS: envInt(10_000, 500, 120_000),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export type LauncherConfig = z.infer<typeof schema> & { dataDir: string; servicePorts: Record<string, number> };

export function loadLauncherConfig(env: Record<string, string | undefined> = process.env): LauncherConfig {
  // One parse, so every bad variable (ports included) is named in the same line.
  const values = loadConfig(schema.extend(servicePorts), env) as z.infer<typeof schema> & Record<string, unknown>;
  const ports = Object.fromEntries(SERVICES.map((service) => [service.portVariable, values[service.portVariable] as number]));
  return { ...values, dataDir: resolve(values.DATA_DIR), servicePorts: ports };
}
