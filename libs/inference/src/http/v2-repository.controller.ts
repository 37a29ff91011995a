import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { InferenceErrorFilter } from './inference-error.filter';
import { V2ProtocolService } from './v2-protocol.service';

/** Triton's model repository and statistics extensions. */
@Controller('v2')
@UseFilters(InferenceErrorFilter)
export class V2RepositoryController {
  constructor(private readonly protocol: V2ProtocolService) {}

  @Post('repository/index')
  @HttpCode(200)
  index(@Body() body: unknown) {
    return this.protocol.repositoryIndex(body);
  }

  @Post('repository/models/:model/load')
  @HttpCode(200)
  async load(@Param('model') model: string): Promise<void> {
    await this.protocol.load(model);
  }

  @Post('repository/models/:model/unload')
  @HttpCode(200)
  async unload(@Param('model') model: string): Promise<void> {
    await this.protocol.unload(model);
  }

  @Get('models/stats')
  allStatistics() {
    return this.protocol.statistics();
  }

  @Get('models/:model/stats')
  statistics(@Param('model') model: string) {
    return this.protocol.statistics(model);
  }

  @Get('models/:model/versions/:version/stats')
  versionStatistics(@Param('model') model: string, @Param('version') version: string) {
    return this.protocol.statistics(model, version);
  }
}
