import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, RequirePermission } from '@verticals/platform';
import { ActingAgent } from '../common/acting-agent.decorator';
import { ListEscalationsQueryDto } from './escalation.dto';
import { EscalationService } from './escalation.service';

@ApiTags('escalations')
@Controller('v1/escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationService) {}

  @Get()
  @RequirePermission('escalations:read')
  @ApiOperation({ summary: 'The agents\' queue, oldest first, with handoff summaries' })
  queue(@Query() query: ListEscalationsQueryDto) {
    return this.escalations.queue(query.status ?? 'open', query.cursor, query.limit);
  }

  @Get(':id')
  @RequirePermission('escalations:read')
  @AuditRead()
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.escalations.get(id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @RequirePermission('escalations:write')
  @ApiOperation({ summary: 'Take the conversation over (409 when someone else already has)' })
  claim(@Param('id', ParseUUIDPipe) id: string, @ActingAgent() agentId: string) {
    return this.escalations.claim(id, agentId);
  }
}
