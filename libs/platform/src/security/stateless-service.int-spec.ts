import { Controller, HttpCode, Module, Post, type DynamicModule } from '@nestjs/common';
import { generateKeyPairSync, type KeyObject, sign as signWithKey } from 'node:crypto';
import request from 'supertest';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp, loadServiceConfig } from '../bootstrap/create-service-app';
import { defineService } from '../bootstrap/service-definition';
import { PlatformModule } from '../platform.module';
import { AuditTrail } from './audit-trail.service';
import { unguardedRoutes } from './route-security.inspector';
import { RequirePermission } from './security.decorators';
import { hostRequire } from './testing/host-require';

jest.mock('jose', () => hostRequire('jose'));

@Controller('v1/scores')
class ScoresController {
  @Post()
  @HttpCode(200)
  @RequirePermission('scores:write')
  score() {
    return { score: 0.5 };
  }
}

@Module({})
class StatelessModule {}

const statelessService = defineService({
  name: 'stateless-test',
  description: 'A service without a database',
  port: { variable: 'STATELESS_TEST_PORT', default: 0 },
  config: {},
});

function signJwt(key: KeyObject, claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'ES256', typ: 'JWT' })}.${encode({ iss: 'issuer', aud: 'aud', sub: 'svc-1', exp: now + 60, ...claims })}`;
  return `${body}.${signWithKey('sha256', Buffer.from(body), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

describe('a service without a database', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const logLines: string[] = [];
  let app: NestExpressApplication;

  beforeAll(async () => {
    const config = loadServiceConfig(statelessService, {
      AUTH_JWT_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      AUTH_JWT_ISSUER: 'issuer',
      AUTH_JWT_AUDIENCE: 'aud',
    });
    ({ app } = await createServiceApp(statelessService, config, (serviceConfig): DynamicModule => ({
      module: StatelessModule,
      imports: [
        PlatformModule.forService({
          service: statelessService,
          config: serviceConfig,
          permissions: { service: ['scores:write'] },
          logDestination: { write: (line: string) => void logLines.push(line) },
        }),
      ],
      controllers: [ScoresController],
    })));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('has every route guarded', () => {
    expect(unguardedRoutes(app)).toEqual([]);
  });

  it('accepts JWTs signed by the configured public key, rejects API keys, and audits to the logs', async () => {
    const http = request(app.getHttpServer());
    await http
      .post('/v1/scores')
      .set('X-API-Key', 'vk_any-key-is-unknown-without-a-database-000000')
      .expect(401);
    await http
      .post('/v1/scores')
      .set('Authorization', `Bearer ${signJwt(keys.privateKey, { tenant_id: 't1', roles: 'service' })}`)
      .expect(200);
    await http
      .post('/v1/scores')
      .set('Authorization', `Bearer ${signJwt(keys.privateKey, { tenant_id: 't1', roles: ['agent'] })}`)
      .expect(403);
    await app.get(AuditTrail).settled();
    const audit = logLines
      .map(
        (line) =>
          JSON.parse(line) as {
            msg: string;
            audit?: { statusCode: number; tenantId: string | null; actorId: string | null };
          },
      )
      .filter((line) => line.msg === 'audit event');
    expect(audit.map((line) => line.audit?.statusCode)).toEqual([401, 200, 403]);
    expect(audit[1]?.audit).toMatchObject({ tenantId: 't1', actorId: 'svc-1' });
  });
});
