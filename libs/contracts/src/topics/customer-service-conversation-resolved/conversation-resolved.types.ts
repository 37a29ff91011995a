import { type z } from 'zod';
import { type conversationResolvedV1Schema } from './conversation-resolved.schema';

export type ConversationResolvedV1 = z.infer<typeof conversationResolvedV1Schema>;
export type ConversationResolved = ConversationResolvedV1;
