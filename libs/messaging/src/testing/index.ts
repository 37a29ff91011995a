export { startTestInfrastructure, type TestInfrastructure } from './start-test-infrastructure';
export { createTestDatabase } from '@verticals/persistence/testing';
export { waitFor } from './wait-for';
