import { defineService } from '@verticals/platform';
import { migrations } from './migrations';

export const customerService = defineService({
  name: 'customer-service',
  description: 'Support chatbot: intents, answers, sentiment and escalation to human agents.',
  port: { variable: 'CUSTOMER_SERVICE_PORT', default: 3101 },
  config: {},
  database: { schema: 'customer_service', entities: [], migrations },
});
