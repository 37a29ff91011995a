import { Body, Controller, Get, type DynamicModule, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import request from 'supertest';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { PlatformModule } from '../platform.module';
import { defineService } from '../bootstrap/service-definition';
import { createServiceApp, loadServiceConfig } from '../bootstrap/create-service-app';
import { ReadinessRegistry } from '../health/readiness';
import { Public } from '../security/security.decorators';
import { ProblemException } from './problem-details';

class CreateWidgetDto {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(5)
  quantity!: number;
}

@Public()
@Controller('widgets')
class WidgetsController {
  @Post()
  create(@Body() body: CreateWidgetDto): CreateWidgetDto {
    return body;
  }

  @Get('conflict')
  conflict(): never {
    throw new ProblemException({ status: 409, type: 'widget-conflict', title: 'Widget conflict', detail: 'widget 7 is locked', code: 'WIDGET_LOCKED' });
  }

  @Get('crash')
  crash(): never {
    throw new Error('database password is hunter2');
  }
}

const service = defineService({ name: 'edges', description: 'platform edge tests', port: { variable: 'EDGES_PORT', default: 0 }, config: {} });

@Module({})
class EdgesModule {
  static register(config: ReturnType<typeof loadServiceConfig<typeof service>>): DynamicModule {
    return { module: EdgesModule, imports: [PlatformModule.forService({ service, config })], controllers: [WidgetsController] };
  }
}

describe('platform HTTP edges', () => {
  let app: NestExpressApplication;
  let readiness: ReadinessRegistry;
  let healthy = true;

  beforeAll(async () => {
    const config = loadServiceConfig(service, { BODY_LIMIT_BYTES: '2048', LOG_LEVEL: 'silent' });
    ({ app } = await createServiceApp(service, config, (c) => EdgesModule.register(c)));
    readiness = app.get(ReadinessRegistry);
    readiness.register({ name: 'database', check: async () => (healthy ? undefined : Promise.reject(new Error('connection refused'))) });
  });

  afterAll(async () => app.close());

  it('answers validation errors as problem+json naming each field and rule', async () => {
    const response = await request(app.getHttpServer()).post('/widgets').send({ name: 'far too long a name', quantity: 9, extra: true });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'https://verticals.dev/problems/validation-failed', title: 'Request validation failed', status: 400, instance: '/widgets' });
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', rule: 'maxLength', message: 'name must be shorter than or equal to 10 characters' },
        { field: 'quantity', rule: 'max', message: 'quantity must not be greater than 5' },
        { field: 'extra', rule: 'whitelistValidation', message: 'property extra should not exist' },
      ]),
    );
    expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
  });

  it('passes valid bodies through, transformed to the DTO', async () => {
    await request(app.getHttpServer()).post('/widgets').send({ name: 'bolt', quantity: 2 }).expect(201, { name: 'bolt', quantity: 2 });
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const response = await request(app.getHttpServer()).get('/no/such/route');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/no/such/route' });
  });

  it('answers bodies over the limit with 413 and malformed JSON with 400, both problem+json', async () => {
    const big = await request(app.getHttpServer()).post('/widgets').set('content-type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(4096), quantity: 1 }));
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(big.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    const malformed = await request(app.getHttpServer()).post('/widgets').set('content-type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('renders domain problems with their code and hides internal errors behind a correlation id', async () => {
    const conflict = await request(app.getHttpServer()).get('/widgets/conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ type: 'https://verticals.dev/problems/widget-conflict', code: 'WIDGET_LOCKED', detail: 'widget 7 is locked' });
    const crash = await request(app.getHttpServer()).get('/widgets/crash').set('X-Correlation-Id', 'corr-123');
    expect(crash.status).toBe(500);
    expect(crash.body).toMatchObject({ status: 500, correlationId: 'corr-123' });
    expect(JSON.stringify(crash.body)).not.toContain('hunter2');
  });

  it('echoes request and correlation ids', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').set('X-Request-Id', 'req-1').set('X-Correlation-Id', 'corr-1');
    expect(response.headers['x-request-id']).toBe('req-1');
    expect(response.headers['x-correlation-id']).toBe('corr-1');
  });

  it('reports liveness always and readiness from every registered check', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    healthy = true;
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
    healthy = false;
    const notReady = await request(app.getHttpServer()).get('/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ status: 'error', checks: { database: { status: 'down', error: 'connection refused' } } });
    healthy = true;
  });

  it('exposes Prometheus metrics with request durations by route template and status', async () => {
    await request(app.getHttpServer()).post('/widgets').send({ name: 'nut', quantity: 1 });
    await request(app.getHttpServer()).get('/definitely/unknown');
    const response = await request(app.getHttpServer()).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/http_request_duration_seconds_count\{service="edges",method="POST",route="\/widgets",status_code="201"\} [1-9]/);
    expect(response.text).toMatch(/http_request_duration_seconds_count\{service="edges",method="GET",route="unmatched",status_code="404"\} [1-9]/);
    expect(response.text).toContain('process_cpu_seconds_total');
  });

  it('serves the OpenAPI document generated from the DTOs and its UI', async () => {
    const json = await request(app.getHttpServer()).get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.info.title).toBe('edges');
    expect(json.body.paths['/widgets'].post).toBeDefined();
    expect(json.body.paths['/health/ready'].get).toBeDefined();
    const ui = await request(app.getHttpServer()).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
