export { PersistenceModule } from './persistence.module';
export {
  createServiceDataSource,
  initializeServiceDataSource,
  describeConnectionError,
  DatabaseUnavailableError,
  type ServiceDataSourceOptions,
} from './data-source/create-data-source';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type EmbeddedPostgresHandle,
} from './embedded/embedded-postgres';
