import { type z } from 'zod';
import { type escalationRequestedV1Schema } from './escalation-requested.schema';

export type EscalationRequestedV1 = z.infer<typeof escalationRequestedV1Schema>;
export type EscalationRequested = EscalationRequestedV1;
