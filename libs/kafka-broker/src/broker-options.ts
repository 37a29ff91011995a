import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { z } from 'zod';

export const fsyncPolicies = ['always', 'interval', 'never'] as const;
export type FsyncPolicy = (typeof fsyncPolicies)[number];

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Settings with defaults; validated once by startBroker. */
export const brokerSettingsSchema = z.object({
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(9092),
  host: z.string().min(1).default('127.0.0.1'),
  /** Host put in Metadata; default: the local address each client connected to. */
  advertisedHost: z.string().min(1).optional(),
  /** Omitted: everything stays in memory (unit tests). */
  dataDir: z.string().min(1).optional(),
  nodeId: z.number().int().min(0).default(1),
  clusterId: z.string().min(1).default('verticals-embedded'),
  autoCreateTopics: z.boolean().default(true),
  defaultPartitions: z.number().int().min(1).max(10000).default(1),
  fsync: z.enum(fsyncPolicies).default('interval'),
  fsyncIntervalMs: z.number().int().min(1).default(1000),
  retentionMs: z.number().int().min(-1).default(7 * DAY_MS),
  retentionBytes: z.number().int().min(-1).default(-1),
  segmentBytes: z.number().int().min(1024).default(64 * 1024 * 1024),
  indexIntervalBytes: z.number().int().min(1).default(4096),
  retentionCheckIntervalMs: z.number().int().min(10).default(60_000),
  /** Frames above this size close the connection (Kafka's socket.request.max.bytes). */
  maxFrameBytes: z.number().int().min(1024).default(100 * 1024 * 1024),
  groupMinSessionTimeoutMs: z.number().int().min(1).default(100),
  groupMaxSessionTimeoutMs: z.number().int().min(1).default(30 * 60 * 1000),
  /** Sweep interval for expired group members. */
  sessionCheckIntervalMs: z.number().int().min(5).default(100),
  logLevel: z.enum(logLevels).default('warn'),
});

export type BrokerSettings = z.infer<typeof brokerSettingsSchema>;

export type BrokerOptions = z.input<typeof brokerSettingsSchema> & {
  /** Where metrics are registered; default a new Registry exposed as `broker.metrics`. */
  readonly registry?: Registry;
  /** A pino logger; default one at `logLevel` writing to stdout. */
  readonly logger?: Logger;
};
