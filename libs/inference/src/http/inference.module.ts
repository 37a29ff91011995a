import { type DynamicModule, Module } from '@nestjs/common';
import { InferenceEngine, type InferenceEngineOptions, createInferenceEngine } from '../engine/inference-engine';
import { V2InferenceController } from './v2-inference.controller';
import { V2ProtocolService } from './v2-protocol.service';
import { V2RepositoryController } from './v2-repository.controller';

/**
 * Mounts the V2 API and provides the engine (inject it by its class, `InferenceEngine`). The engine's
 * worker threads stop when the Nest application closes.
 */
@Module({})
export class InferenceModule {
  static register(options: InferenceEngineOptions): DynamicModule {
    return {
      module: InferenceModule,
      // The repository controller first: its literal `models/stats` route must win over `models/:model`.
      controllers: [V2RepositoryController, V2InferenceController],
      providers: [{ provide: InferenceEngine, useFactory: () => createInferenceEngine(options) }, V2ProtocolService],
      exports: [InferenceEngine],
    };
  }
}
