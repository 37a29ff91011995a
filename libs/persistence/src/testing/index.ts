// Test support, imported by other projects' tests as @verticals/persistence/testing; never by runtime code.
export { spawnScript, type SpawnedScript } from './spawn-script';
export { startTestPostgres, createTestDatabase, freePort, EMBEDDED_POSTGRES_CLI, type TestPostgres } from './test-postgres';
