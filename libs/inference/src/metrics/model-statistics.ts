/** Triton statistics extension counters for one model version (durations in nanoseconds). */
export interface DurationStat {
  count: number;
  ns: number;
}

export interface ModelVersionStatistics {
  name: string;
  version: string;
  last_inference: number;
  inference_count: number;
  execution_count: number;
  inference_stats: {
    success: DurationStat;
    fail: DurationStat;
    queue: DurationStat;
    compute_input: DurationStat;
    compute_infer: DurationStat;
    compute_output: DurationStat;
  };
  batch_stats: Array<{ batch_size: number; compute_input: DurationStat; compute_infer: DurationStat; compute_output: DurationStat }>;
}

const zero = (): DurationStat => ({ count: 0, ns: 0 });

export class ModelStatistics {
  private lastInference = 0;
  private inferenceCount = 0;
  private executionCount = 0;
  private readonly success = zero();
  private readonly fail = zero();
  private readonly queue = zero();
  private readonly computeInput = zero();
  private readonly computeInfer = zero();
  private readonly computeOutput = zero();
  private readonly byBatchSize = new Map<number, { input: DurationStat; infer: DurationStat; output: DurationStat }>();

  constructor(
    private readonly name: string,
    private readonly version: number,
  ) {}

  recordSuccess(ns: number): void {
    add(this.success, ns);
  }

  recordFailure(ns: number): void {
    add(this.fail, ns);
  }

  recordQueue(ns: number): void {
    add(this.queue, ns);
  }

  recordExecution(rows: number, inputNs: number, inferNs: number, outputNs: number): void {
    this.lastInference = Date.now();
    this.inferenceCount += rows;
    this.executionCount += 1;
    add(this.computeInput, inputNs);
    add(this.computeInfer, inferNs);
    add(this.computeOutput, outputNs);
    let bucket = this.byBatchSize.get(rows);
    if (!bucket) this.byBatchSize.set(rows, (bucket = { input: zero(), infer: zero(), output: zero() }));
    add(bucket.input, inputNs);
    add(bucket.infer, inferNs);
    add(bucket.output, outputNs);
  }

  snapshot(): ModelVersionStatistics {
    return {
      name: this.name,
      version: String(this.version),
      last_inference: this.lastInference,
      inference_count: this.inferenceCount,
      execution_count: this.executionCount,
      inference_stats: {
        success: { ...this.success },
        fail: { ...this.fail },
        queue: { ...this.queue },
        compute_input: { ...this.computeInput },
        compute_infer: { ...this.computeInfer },
        compute_output: { ...this.computeOutput },
      },
      batch_stats: [...this.byBatchSize.entries()]
        .sort(([a], [b]) => a - b)
        .map(([size, s]) => ({ batch_size: size, compute_input: { ...s.input }, compute_infer: { ...s.infer }, compute_output: { ...s.output } })),
    };
  }
}

function add(stat: DurationStat, ns: number): void {
  stat.count += 1;
  stat.ns += Math.round(ns);
}
