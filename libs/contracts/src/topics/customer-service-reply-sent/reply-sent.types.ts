import { type z } from 'zod';
import { type replySentV1Schema } from './reply-sent.schema';

export type ReplySentV1 = z.infer<typeof replySentV1Schema>;
export type ReplySent = ReplySentV1;
