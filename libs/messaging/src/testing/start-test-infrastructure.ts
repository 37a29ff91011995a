import { resolve } from 'node:path';
import { spawnScript } from '@verticals/persistence/testing';

export interface TestInfrastructure {
  /** URL of the `verticals` database; create your own with createTestDatabase(). */
  databaseUrl: string;
  /** Bootstrap list of the embedded broker, e.g. "127.0.0.1:40123". */
  kafkaBrokers: string;
  stop(): Promise<void>;
}

/** Spawns test-infrastructure.ts (PostgreSQL + Kafka broker) and waits for its addresses. */
export async function startTestInfrastructure(timeoutMs = 60_000): Promise<TestInfrastructure> {
  const child = await spawnScript<{ databaseUrl: string; kafkaBrokers: string }>(resolve(__dirname, 'test-infrastructure.ts'), [], process.env, timeoutMs);
  return {
    ...child.ready,
    stop: async () => {
      await child.stop();
    },
  };
}
