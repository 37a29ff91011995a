import { type z } from 'zod';

/** Partitions and retention a topic is provisioned with (on real Kafka and the embedded broker). */
export interface TopicProvisioning {
  partitions: number;
  retentionMs: number;
}

/**
 * A topic's contract: its name, the record key (a field of the payload, the entity id that keeps
 * one entity's events ordered), its payload schema per version, and provisioning defaults.
 * `currentVersion` is what producers write; consumers accept the versions listed in `versions`.
 */
export interface TopicDefinition<
  TName extends string = string,
  TVersions extends Record<number, z.ZodType> = Record<number, z.ZodType>,
  TCurrent extends keyof TVersions & number = keyof TVersions & number,
> {
  readonly name: TName;
  readonly keyField: string;
  readonly versions: TVersions;
  readonly currentVersion: TCurrent;
  readonly provisioning: TopicProvisioning;
  /** Provisioning of `<name>.dlq`. */
  readonly deadLetterProvisioning: TopicProvisioning;
}

/** Dead letters of a topic live in `<topic>.dlq`. */
export type DeadLetterTopicName<TName extends string> = `${TName}.dlq`;

/** The payload producers write: the current version's schema output. */
export type TopicPayload<TTopic extends TopicDefinition> = z.infer<TTopic['versions'][TTopic['currentVersion']]>;

/** The payload a consumer may receive: any version the definition lists. */
export type TopicPayloadAnyVersion<TTopic extends TopicDefinition> = {
  [V in keyof TTopic['versions']]: z.infer<TTopic['versions'][V]>;
}[keyof TTopic['versions']];
