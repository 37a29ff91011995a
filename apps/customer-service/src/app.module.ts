import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type ServiceConfig, type ConfigOf } from '@verticals/platform';
import { customerService } from './customer-service.service';

export type CustomerServiceConfig = ConfigOf<typeof customerService>;

@Module({})
export class AppModule {
  static register(config: ServiceConfig<CustomerServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forService({ service: customerService, config })] };
  }
}
