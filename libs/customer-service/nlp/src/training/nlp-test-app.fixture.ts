import { type DynamicModule, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { PlatformModule, createServiceApp, defineService, loadServiceConfig, type ServiceApp } from '@verticals/platform';
import { CustomerServiceNlpModule } from '../customer-service-nlp.module';
import { type CustomerServiceNlpOptions } from '../customer-service-nlp.options';
import { customerServiceNlpEntities, customerServiceNlpMigrations } from '../persistence/nlp-tables';

export const SEED_MODELS = resolve(__dirname, '../../../../../models');

export const nlpTestService = defineService({
  name: 'customer-service-nlp-test',
  description: 'Test app for the customer-service NLP module',
  port: { variable: 'CS_NLP_TEST_PORT', default: 0 },
  config: {},
  database: { schema: 'customer_service', entities: customerServiceNlpEntities, migrations: customerServiceNlpMigrations },
});

@Module({})
class NlpTestModule {}

/** The NLP module in a platform app (auth, problem+json, DB with the real migrations), as the service runs it. */
export async function buildNlpTestApp(env: Record<string, string>, nlp: Partial<CustomerServiceNlpOptions> & { repositoryPath: string }): Promise<ServiceApp<typeof nlpTestService>> {
  const config = loadServiceConfig(nlpTestService, { LOG_LEVEL: 'warn', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000', ...env });
  return createServiceApp(nlpTestService, config, (serviceConfig): DynamicModule => ({
    module: NlpTestModule,
    imports: [
      PlatformModule.forService({ service: nlpTestService, config: serviceConfig, permissions: { agent: ['conversations:*'] } }),
      CustomerServiceNlpModule.register({ seedRepositoryPath: SEED_MODELS, ...nlp }),
    ],
  }));
}
