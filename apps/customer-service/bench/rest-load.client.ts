import { KeepAliveConnection } from './keep-alive-connection';

/** What the bench process sends the load generator (a child process, so it does not share the server's event loop). */
export interface RestLoadPlan {
  base: string;
  apiKey: string;
  conversations: string[];
  texts: string[];
  warmup: number;
  messages: number;
  concurrency: number;
  /** Index of the first message's text (uniqueText), so that texts stay unique across rounds. */
  firstText?: number;
}

export interface RestLoadResult {
  seconds: number;
  latenciesMs: number[];
  failures: number;
  /** CPU the load generator itself used per message (user + system), to show what it takes from the 2 cores. */
  cpuMsPerMessage: number;
}

/**
 * Message `i`: one of the sample texts made unique with an order reference, as real customers' messages are
 * (repeated texts would let the featurizers' per-text memo answer from cache and flatter the figures).
 */
export function uniqueText(texts: readonly string[], i: number): string {
  return `${texts[i % texts.length] as string} Order A${100_000 + i}.`;
}

/** Posts `warmup + messages` customer messages round-robin over the conversations with `concurrency` callers; times the last `messages`. */
export async function runRestLoad(plan: RestLoadPlan): Promise<RestLoadResult> {
  const base = new URL(plan.base);
  const connections = await Promise.all(Array.from({ length: plan.concurrency }, () => KeepAliveConnection.open(base)));
  const headers = { 'X-Api-Key': plan.apiKey };
  const cpuBefore = process.cpuUsage();
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  let started = performance.now();
  const total = plan.warmup + plan.messages;
  const caller = async (connection: KeepAliveConnection) => {
    for (let i = next++; i < total; i = next++) {
      const conversation = plan.conversations[i % plan.conversations.length] as string;
      const body = JSON.stringify({ text: uniqueText(plan.texts, (plan.firstText ?? 0) + i) });
      const sent = performance.now();
      const status = await connection.post(`/v1/conversations/${conversation}/messages`, headers, body);
      if (status !== 201) failures++;
      if (i >= plan.warmup) latenciesMs.push(performance.now() - sent);
      if (i === plan.warmup - 1) started = performance.now();
    }
  };
  await Promise.all(connections.map(caller));
  const seconds = (performance.now() - started) / 1000;
  for (const connection of connections) connection.close();
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, latenciesMs, failures, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / total };
}

// Run as a child of the bench: receives the plan over IPC, answers with the result.
if (process.send) {
  process.once('message', (plan: RestLoadPlan) => {
    runRestLoad(plan).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
