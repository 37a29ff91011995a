import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ServiceConfig } from '../config/service-config';
import { ApiKeyStore, DEFAULT_TENANT } from './api-key.store';

/**
 * On start: BOOTSTRAP_ADMIN_API_KEY, when set, exists as an admin key of the default tenant;
 * otherwise the first start of any service (no key at all yet) creates one and prints it once,
 * on stdout as a plain line, never into the JSON logs.
 */
@Injectable()
export class AdminKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Security');

  constructor(
    @Inject(ApiKeyStore) private readonly apiKeys: ApiKeyStore,
    @Inject(ServiceConfig) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { createdKey, record } = await this.apiKeys.ensureAdminKey(
      this.config.get('BOOTSTRAP_ADMIN_API_KEY'),
    );
    if (record) this.logger.log({ keyId: record.id, tenantId: record.tenantId }, 'admin API key created');
    if (createdKey) {
      process.stdout.write(
        [
          '',
          '================================================================================',
          `  First start: created an admin API key for tenant "${DEFAULT_TENANT}". It is shown only now;`,
          '  store it safely, then create narrower keys with `npm run keys -- create`.',
          `  X-API-Key: ${createdKey}`,
          '================================================================================',
          '',
        ].join('\n'),
      );
    }
  }
}
