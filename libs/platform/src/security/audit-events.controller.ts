import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PlatformPermission } from './roles';
import { AuditRead, RequirePermission } from './security.decorators';
import { type AuditEvent } from './audit-event';
import { AuditEventsQueryDto } from './audit-events-query.dto';
import { AuditTrail } from './audit-trail.service';

const DEFAULT_PAGE_SIZE = 50;

/** The caller's tenant's audit trail, newest first, for admins. */
@ApiTags('audit')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(@Inject(AuditTrail) private readonly audit: AuditTrail) {}

  @Get()
  @RequirePermission(PlatformPermission.AuditRead)
  @AuditRead()
  @ApiOkResponse({
    description: 'A page of audit events and the cursor of the next one (null on the last page)',
  })
  async list(
    @Query() query: AuditEventsQueryDto,
  ): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const items = await this.audit.query({
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      actor: query.actor,
      limit,
      beforeId: query.cursor,
    });
    const last = items.at(-1);
    return { items, nextCursor: items.length === limit && last ? last.id : null };
  }
}
