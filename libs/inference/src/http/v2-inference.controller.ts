import { Body, Controller, Get, HttpCode, Param, Post, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { abortSignalForResponse } from './client-abort.signal';
import { InferenceErrorFilter } from './inference-error.filter';
import { V2ProtocolService } from './v2-protocol.service';

/** Open Inference Protocol V2 (REST): health, metadata, inference. */
@Controller('v2')
@UseFilters(InferenceErrorFilter)
export class V2InferenceController {
  constructor(private readonly protocol: V2ProtocolService) {}

  @Get()
  serverMetadata() {
    return this.protocol.serverMetadata();
  }

  @Get('health/live')
  live(): void {
    return undefined;
  }

  @Get('health/ready')
  ready(@Res({ passthrough: true }) response: Response): void {
    if (!this.protocol.serverReady()) response.status(400);
  }

  @Get('models/:model')
  modelMetadata(@Param('model') model: string) {
    return this.protocol.modelMetadata(model);
  }

  @Get('models/:model/versions/:version')
  modelVersionMetadata(@Param('model') model: string, @Param('version') version: string) {
    return this.protocol.modelMetadata(model, version);
  }

  @Get('models/:model/ready')
  modelReady(@Param('model') model: string, @Res({ passthrough: true }) response: Response): void {
    if (!this.protocol.modelReady(model)) response.status(400);
  }

  @Get('models/:model/versions/:version/ready')
  modelVersionReady(@Param('model') model: string, @Param('version') version: string, @Res({ passthrough: true }) response: Response): void {
    if (!this.protocol.modelReady(model, version)) response.status(400);
  }

  @Post('models/:model/infer')
  @HttpCode(200)
  infer(@Param('model') model: string, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    return this.protocol.infer(model, undefined, body, abortSignalForResponse(response));
  }

  @Post('models/:model/versions/:version/infer')
  @HttpCode(200)
  inferVersion(@Param('model') model: string, @Param('version') version: string, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    return this.protocol.infer(model, version, body, abortSignalForResponse(response));
  }
}
