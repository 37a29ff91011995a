export { startTestInfrastructure, type TestInfrastructure } from './start-test-infrastructure';
export { createTestDatabase } from './test-database';
export { waitFor } from './wait-for';
