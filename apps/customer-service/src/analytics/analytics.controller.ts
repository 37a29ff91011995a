import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@verticals/platform';
import { AnalyticsQueryDto } from './analytics-query.dto';
import { AnalyticsService } from './analytics.service';

@ApiTags('analytics')
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @RequirePermission('analytics:read')
  @ApiOperation({ summary: 'Containment, escalation rate by reason, time to agent claim, sentiment distribution' })
  summary(@Query() query: AnalyticsQueryDto) {
    return this.analytics.summary(query.from, query.to);
  }
}
