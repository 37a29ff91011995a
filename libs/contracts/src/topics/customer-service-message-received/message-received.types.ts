import { type z } from 'zod';
import { type messageReceivedV1Schema } from './message-received.schema';

export type MessageReceivedV1 = z.infer<typeof messageReceivedV1Schema>;
export type MessageReceived = MessageReceivedV1;
