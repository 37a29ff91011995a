import { Baseline1763870000000 } from './1763870000000-baseline';

/** Applied in order at start; never edit one that has shipped, add a new one. */
export const migrations = [Baseline1763870000000];
