import { Baseline1763870000000 } from './1763870000000-baseline';
import { Conversations1763890000000 } from './1763890000000-conversations';

/** Applied in order at start; never edit one that has shipped, add a new one. */
export const migrations = [Baseline1763870000000, Conversations1763890000000];
