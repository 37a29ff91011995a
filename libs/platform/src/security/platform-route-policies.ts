import { HealthController } from '../health/health.controller';
import { MetricsController } from '../metrics/metrics.controller';
import { PlatformPermission } from './roles';
import { publicOn, requirePermissionOn } from './security.decorators';

/** Health probes are public; /metrics is public while METRICS_PUBLIC, else needs `metrics:read`. */
export function declarePlatformRoutePolicies(): void {
  publicOn(HealthController);
  publicOn(MetricsController, { when: 'METRICS_PUBLIC' });
  requirePermissionOn(MetricsController, PlatformPermission.MetricsRead);
}
