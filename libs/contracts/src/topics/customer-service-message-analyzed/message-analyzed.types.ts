import { type z } from 'zod';
import { type messageAnalyzedV1Schema } from './message-analyzed.schema';

export type MessageAnalyzedV1 = z.infer<typeof messageAnalyzedV1Schema>;
export type MessageAnalyzed = MessageAnalyzedV1;
