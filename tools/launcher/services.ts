/** The services `npm start` runs, with their entry points and default ports (ARCHITECTURE.md). */
export interface LaunchedService {
  name: string;
  entry: string;
  portVariable: string;
  defaultPort: number;
}

export const SERVICES: readonly LaunchedService[] = [
  { name: 'customer-service', entry: 'apps/customer-service/src/main.ts', portVariable: 'CUSTOMER_SERVICE_PORT', defaultPort: 3101 },
];
