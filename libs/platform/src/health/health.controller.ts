import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadinessRegistry, type ReadinessResult } from './readiness';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every dependency the service needs (database, Kafka, models) answers. */
  @Get('ready')
  @ApiOkResponse({ description: 'Ready to take traffic' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body says which' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessResult> {
    const result = await this.readiness.evaluate();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
