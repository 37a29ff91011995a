import { Injectable } from '@nestjs/common';
import { type EventEnvelope, messageReceivedTopic, type MessageReceived } from '@verticals/contracts';
import { type EventHandlerContext, OnEvent } from '@verticals/messaging';
import { ConversationTurnService } from '../conversations/conversation-turn.service';

/** Messages from other channels (email, chat widgets): the same turn as over REST, applied exactly once. */
@Injectable()
export class MessageReceivedConsumer {
  constructor(private readonly turns: ConversationTurnService) {}

  @OnEvent(messageReceivedTopic)
  async onMessageReceived(event: EventEnvelope<MessageReceived>, { manager }: EventHandlerContext): Promise<void> {
    await this.turns.receiveFromChannel(event, manager);
  }
}
