import { type BaseConfig } from './base-config.schema';

/**
 * The validated configuration of the running service, injectable anywhere.
 * `get` is typed by the service's own schema: `config.get<CustomerServiceConfig>('ESCALATION_...')`.
 */
export class ServiceConfig<T extends BaseConfig = BaseConfig> {
  constructor(
    readonly serviceName: string,
    readonly port: number,
    private readonly values: T,
  ) {}

  get<K extends keyof T>(key: K): T[K] {
    return this.values[key];
  }

  /** The whole typed config, for code that destructures several values. */
  all(): Readonly<T> {
    return this.values;
  }
}
