import { z } from 'zod';

/** Open Inference Protocol V2 datatypes the engine serves. */
export const TensorDtypeSchema = z.enum(['FP32', 'INT64', 'INT32', 'BOOL', 'UINT8', 'BYTES']);
export type TensorDtype = z.infer<typeof TensorDtypeSchema>;

/** -1 marks a dynamic dimension; with batching, dim 0 is the batch dimension and must be -1. */
const ShapeSchema = z.array(z.number().int().min(-1)).min(1);

export const TensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: TensorDtypeSchema,
  shape: ShapeSchema,
  /** FP32 only: accept NaN/Infinity (rejected with 400 by default). */
  allowNonFinite: z.boolean().optional(),
  /** Upper bound on elements per request, checked before any allocation. */
  maxElements: z.number().int().positive().optional(),
  /** Value used to pad dynamic non-batch dimensions when rows of different lengths share a batch (default 0). */
  padValue: z.number().optional(),
});

export const OutputSpecSchema = z.object({
  name: z.string().min(1),
  dtype: TensorDtypeSchema,
  shape: ShapeSchema,
  labels: z.array(z.string()).optional(),
});

export const BatchingPolicySchema = z.object({
  maxBatchSize: z.number().int().positive(),
  maxQueueDelayMicros: z.number().int().min(0),
  preferredBatchSizes: z.array(z.number().int().positive()).optional(),
  /** Bound on queued rows; beyond it requests fail fast with QUEUE_FULL. */
  maxQueueSize: z.number().int().positive(),
});

export const ExecutionProviderSchema = z.enum(['cpu', 'cuda']);

export const SessionOptionsSchema = z.object({
  intraOpNumThreads: z.number().int().min(0).optional(),
  interOpNumThreads: z.number().int().min(0).optional(),
  graphOptimizationLevel: z.enum(['disabled', 'basic', 'extended', 'all']).optional(),
  enableCpuMemArena: z.boolean().optional(),
  /**
   * Let ORT's intra/inter-op threads busy-wait for the next operator. Off by default: after every run
   * they would spin on a core the service needs (measured: a whole core on 2 cores, for requests 3 ms apart).
   */
  allowSpinning: z.boolean().optional(),
});

/**
 * Small batches of a small model run on the calling thread while its workers are idle, or while their
 * pipelines are full and the thread would wait (see runtime/inline-session.ts), when their compute,
 * measured at load, fits `maxMicros`; 0 turns it off.
 */
export const InlinePolicySchema = z.object({
  maxMicros: z.number().int().min(0).max(1000),
});

export const ModelCardSchema = z.object({
  description: z.string(),
  trainingData: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  intendedUse: z.string(),
  limitations: z.string(),
});

export const ModelConfigSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'model names are folder names: letters, digits, _ . -'),
    version: z.number().int().positive(),
    platform: z.literal('onnxruntime'),
    inputs: z.array(TensorSpecSchema).min(1),
    outputs: z.array(OutputSpecSchema).min(1),
    /** Owned by the domain; the engine passes it through untouched. */
    preprocessing: z.record(z.string(), z.unknown()).optional(),
    batching: BatchingPolicySchema.optional(),
    instances: z.number().int().positive().optional(),
    executionProviders: z.array(ExecutionProviderSchema).min(1).optional(),
    sessionOptions: SessionOptionsSchema.optional(),
    inline: InlinePolicySchema.optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex characters'),
    card: ModelCardSchema,
  })
  .superRefine((config, ctx) => {
    if (!config.batching) return;
    for (const spec of [...config.inputs, ...config.outputs]) {
      if (spec.shape[0] !== -1) ctx.addIssue({ code: 'custom', path: ['batching'], message: `with batching, '${spec.name}' needs a dynamic batch dimension (shape[0] = -1)` });
    }
  });

export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type TensorSpec = z.infer<typeof TensorSpecSchema>;
export type OutputSpec = z.infer<typeof OutputSpecSchema>;
export type BatchingPolicy = z.infer<typeof BatchingPolicySchema>;
export type SessionOptionsConfig = z.infer<typeof SessionOptionsSchema>;
export type ExecutionProvider = z.infer<typeof ExecutionProviderSchema>;
export type ModelCard = z.infer<typeof ModelCardSchema>;
