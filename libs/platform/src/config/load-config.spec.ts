import { z } from 'zod';
import { defineService } from '../bootstrap/service-definition';
import { loadServiceConfig } from '../bootstrap/create-service-app';
import { ConfigValidationError, loadConfig } from './load-config';
import { EMBEDDED_DATABASE_URL, envBoolean, envInt } from './base-config.schema';

const service = defineService({
  name: 'example',
  description: 'test service',
  port: { variable: 'EXAMPLE_PORT', default: 3999 },
  config: { EXAMPLE_THRESHOLD: envInt(5, 1, 10), EXAMPLE_SECRET_KEY: z.string().min(16, 'must be at least 16 characters') },
});

describe('configuration', () => {
  it('applies defaults and coerces types', () => {
    const config = loadServiceConfig(service, { EXAMPLE_SECRET_KEY: 'x'.repeat(16) });
    expect(config.port).toBe(3999);
    expect(config.get('DATABASE_URL')).toBe(EMBEDDED_DATABASE_URL);
    expect(config.get('KAFKA_BROKERS')).toEqual(['127.0.0.1:9092']);
    expect(config.get('EXAMPLE_THRESHOLD')).toBe(5);
    expect(loadServiceConfig(service, { EXAMPLE_SECRET_KEY: 'x'.repeat(16), EXAMPLE_PORT: '4001', KAFKA_BROKERS: 'a:1, b:2' }).all()).toMatchObject({
      EXAMPLE_PORT: 4001,
      KAFKA_BROKERS: ['a:1', 'b:2'],
    });
  });

  it('names every missing or invalid variable in one line, hiding secret values', () => {
    const attempt = () =>
      loadServiceConfig(service, {
        EXAMPLE_PORT: 'eighty',
        DATABASE_URL: 'mysql://db',
        EXAMPLE_THRESHOLD: '11',
        KAFKA_BROKERS: 'no-port',
        EXAMPLE_SECRET_KEY: 'short-secret',
      });
    expect(attempt).toThrow(ConfigValidationError);
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain("EXAMPLE_PORT must be an integer (got 'eighty')");
    expect(message).toContain("DATABASE_URL must be a postgres://user:password@host:port/database URL (got 'mysql://db')");
    expect(message).toContain("EXAMPLE_THRESHOLD must be <= 10 (got '11')");
    expect(message).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
    expect(message).toContain('EXAMPLE_SECRET_KEY must be at least 16 characters (got a value that is hidden here)');
    expect(message).not.toContain('short-secret');
  });

  it('reports a missing required variable as missing', () => {
    expect(() => loadServiceConfig(service, {})).toThrow(/EXAMPLE_SECRET_KEY .*\(missing\)/);
  });

  it('reads booleans strictly', () => {
    const schema = z.object({ FLAG: envBoolean(false) });
    expect(loadConfig(schema, { FLAG: 'yes' }).FLAG).toBe(true);
    expect(loadConfig(schema, {}).FLAG).toBe(false);
    expect(() => loadConfig(schema, { FLAG: 'maybe' })).toThrow(/FLAG must be one of true\/false/);
  });
});
