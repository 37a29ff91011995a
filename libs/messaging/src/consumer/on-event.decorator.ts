import { type TopicDefinition } from '@verticals/contracts';
import { type EventHandlerOptions } from './event-handler.types';

export const ON_EVENT_METADATA = Symbol('messaging:on-event');

export interface OnEventMetadata {
  topic: TopicDefinition;
  options: EventHandlerOptions;
}

/**
 * Marks a provider method as the handler of `topic`: `(event, context) => Promise<void>`.
 * MessagingModule discovers it at bootstrap and registers it with the service's consumer group.
 */
export function OnEvent(topic: TopicDefinition, options: EventHandlerOptions = {}): MethodDecorator {
  return (target, propertyKey) => {
    const metadata: OnEventMetadata = { topic, options };
    Reflect.defineMetadata(ON_EVENT_METADATA, metadata, target, propertyKey);
  };
}
