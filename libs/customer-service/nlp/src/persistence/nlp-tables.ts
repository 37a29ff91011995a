import { CreateCustomerServiceNlpTables1763880000000 } from './create-nlp-tables.migration';
import { FittedModelVersionEntity } from './fitted-model-version.entity';
import { ModelActivationEntity } from './model-activation.entity';
import { TrainingFeedbackEntity } from './training-feedback.entity';
import { TrainingJobEntity } from './training-job.entity';

/** Add to the service definition's `database.entities`. */
export const customerServiceNlpEntities = [ModelActivationEntity, FittedModelVersionEntity, TrainingJobEntity, TrainingFeedbackEntity];

/** Add to the service definition's `database.migrations` (after the service's baseline). */
export const customerServiceNlpMigrations = [CreateCustomerServiceNlpTables1763880000000];
