import { type DynamicModule, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createServiceDataSource, initializeServiceDataSource, type ServiceDataSourceOptions } from './data-source/create-data-source';

const DATA_SOURCE_CLOSER = Symbol('DATA_SOURCE_CLOSER');

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Provides the service's TypeORM `DataSource`, connected and migrated before the app starts.
 * Repositories take it by injection: `constructor(private readonly db: DataSource)`.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: ServiceDataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createServiceDataSource(options);
            await initializeServiceDataSource(dataSource, options);
            return dataSource;
          },
        },
        { provide: DATA_SOURCE_CLOSER, useClass: DataSourceCloser },
      ],
      exports: [DataSource],
    };
  }
}
