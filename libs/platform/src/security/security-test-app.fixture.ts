import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Module,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  type DynamicModule,
} from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import {
  Column,
  DataSource,
  Entity,
  type MigrationInterface,
  PrimaryColumn,
  type QueryRunner,
} from 'typeorm';
import { createServiceApp, loadServiceConfig, type ServiceApp } from '../bootstrap/create-service-app';
import { defineService } from '../bootstrap/service-definition';
import { PlatformModule } from '../platform.module';
import { AuditTrail } from './audit-trail.service';
import { AuditRead, Public, RateLimitClass, RequirePermission } from './security.decorators';
import { TenantScopedRepository } from './tenant-scoped.repository';

/** A tenant-owned row, as every domain entity is. */
@Entity({ name: 'notes' })
export class Note {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  text!: string;
}

export class Notes1763860000100 implements MigrationInterface {
  name = 'Notes1763860000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "security_test"."notes" (id uuid PRIMARY KEY, tenant_id text NOT NULL, text text NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "security_test"."notes"`);
  }
}

class NoteDto {
  @IsString()
  @MaxLength(1000)
  text!: string;
}

@Controller('v1')
export class NotesController {
  private readonly notes: TenantScopedRepository<Note>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {
    this.notes = new TenantScopedRepository(dataSource, Note);
  }

  @Get('ping')
  @Public()
  ping() {
    return { pong: true };
  }

  @Get('notes')
  @RequirePermission('notes:read')
  list() {
    return this.notes.find({ order: { text: 'ASC' } });
  }

  @Get('notes/:id')
  @RequirePermission('notes:read')
  @AuditRead()
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.notes.findOneByOrFail({ id });
  }

  @Post('notes')
  @RequirePermission('notes:write')
  async create(@Body() body: NoteDto) {
    const note = await this.notes.save({ id: randomUUID(), text: body.text });
    this.audit.annotate({ resourceId: note.id, details: { length: body.text.length } });
    return note;
  }

  @Patch('notes/:id')
  @RequirePermission('notes:write')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: NoteDto) {
    await this.notes.updateOneOrFail({ id }, { text: body.text });
    return this.notes.findOneByOrFail({ id });
  }

  @Delete('notes/:id')
  @HttpCode(204)
  @RequirePermission('notes:delete')
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.notes.deleteOneOrFail({ id });
  }

  @Post('notes/:id/summaries')
  @HttpCode(200)
  @RequirePermission('notes:read')
  @RateLimitClass('expensive')
  async summarize(@Param('id', ParseUUIDPipe) id: string) {
    const note = await this.notes.findOneByOrFail({ id });
    await this.audit.record({
      action: 'note.summarized',
      resourceId: id,
      details: { words: note.text.split(/\s+/).length },
    });
    return { summary: note.text.slice(0, 20) };
  }

  /** Declares nothing on purpose: only roles granted everything reach it. */
  @Get('undeclared')
  undeclared() {
    return { reached: true };
  }
}

export const securityTestService = defineService({
  name: 'security-test',
  description: 'Test app for the platform security baseline',
  port: { variable: 'SECURITY_TEST_PORT', default: 0 },
  config: {},
  database: { schema: 'security_test', entities: [Note], migrations: [Notes1763860000100] },
});

export const testPermissions = {
  agent: ['notes:read', 'notes:write'],
  analyst: ['notes:read'],
};

@Module({})
class SecurityTestModule {}

export interface SecurityTestAppOptions {
  env: Record<string, string | undefined>;
  /** Receives every JSON log line. */
  logLines?: string[];
}

export async function buildSecurityTestApp({
  env,
  logLines,
}: SecurityTestAppOptions): Promise<ServiceApp<typeof securityTestService>> {
  const config = loadServiceConfig(securityTestService, { LOG_LEVEL: 'info', ...env });
  const logDestination = logLines ? { write: (line: string) => void logLines.push(line) } : undefined;
  return createServiceApp(securityTestService, config, (serviceConfig): DynamicModule => ({
    module: SecurityTestModule,
    imports: [
      PlatformModule.forService({
        service: securityTestService,
        config: serviceConfig,
        permissions: testPermissions,
        logDestination,
      }),
    ],
    controllers: [NotesController],
  }));
}

/** Resolves once `check` holds, polling every 10 ms for up to 2 s (then returns: the caller asserts). */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
