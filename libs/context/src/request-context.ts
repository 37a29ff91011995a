import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the work in progress: an HTTP request or a consumed event. */
export interface RequestContext {
  requestId: string;
  correlationId: string;
  /** Set by authentication once the caller is known. */
  tenantId?: string;
  principal?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Correlation id of the current request or event; messaging copies it into produced envelopes. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
