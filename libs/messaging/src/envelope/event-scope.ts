import { AsyncLocalStorage } from 'node:async_hooks';
import { type EventEnvelope } from '@verticals/contracts';

const storage = new AsyncLocalStorage<EventEnvelope>();

/** Runs a handler with the event it handles, so that events it produces name it as their cause. */
export function runInEventScope<T>(envelope: EventEnvelope, work: () => T): T {
  return storage.run(envelope, work);
}

export function currentEvent(): EventEnvelope | undefined {
  return storage.getStore();
}
