import { type z } from 'zod';
import { type ServiceDataSourceOptions } from '@verticals/persistence';
import { type BaseConfig, serviceConfigSchema } from '../config/base-config.schema';

export interface ServiceDefinition<Extra extends z.ZodRawShape = z.ZodRawShape, Port extends string = string> {
  /** Kebab-case service name: logs, metrics labels, OpenAPI title. */
  name: string;
  /** One-line description for the OpenAPI document. */
  description: string;
  version?: string;
  port: { variable: Port; default: number };
  /** The service's own environment variables, beyond the base ones. */
  config: Extra;
  /** Its PostgreSQL schema, entities and migrations; omit for a service without state. */
  database?: Omit<ServiceDataSourceOptions, 'url' | 'poolSize' | 'connectTimeoutMs' | 'applicationName'>;
}

export function defineService<Extra extends z.ZodRawShape, Port extends string>(definition: ServiceDefinition<Extra, Port>) {
  return { ...definition, configSchema: serviceConfigSchema(definition.port.variable, definition.port.default, definition.config) };
}

export type DefinedService<Extra extends z.ZodRawShape = z.ZodRawShape, Port extends string = string> = ReturnType<typeof defineService<Extra, Port>>;
export type ConfigOf<S extends DefinedService> = BaseConfig & z.infer<S['configSchema']>;
