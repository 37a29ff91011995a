import { Agent, request } from 'node:http';

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
}

function post(agent: Agent, url: URL, apiKey: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });
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
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  let started = performance.now();
  const total = plan.warmup + plan.messages;
  const caller = async () => {
    for (let i = next++; i < total; i = next++) {
      const conversation = plan.conversations[i % plan.conversations.length] as string;
      const body = JSON.stringify({ text: uniqueText(plan.texts, (plan.firstText ?? 0) + i) });
      const sent = performance.now();
      const status = await post(agent, new URL(`${plan.base}/v1/conversations/${conversation}/messages`), plan.apiKey, body);
      if (status !== 201) failures++;
      if (i >= plan.warmup) latenciesMs.push(performance.now() - sent);
      if (i === plan.warmup - 1) started = performance.now();
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, caller));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, latenciesMs, failures };
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
