import 'reflect-metadata';
import { runService } from '@verticals/platform';
import { AppModule } from './app.module';
import { customerService } from './customer-service.service';

void runService(customerService, (config) => AppModule.register(config));
