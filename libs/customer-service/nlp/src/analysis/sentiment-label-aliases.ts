import { type SentimentLabel } from '../model-kinds';

/**
 * Spellings of the three sentiment classes found in public data sets, mapped to ours:
 * TweetEval / SemEval use 0 negative, 1 neutral, 2 positive; SST-2 style exports say NEGATIVE / POSITIVE or
 * LABEL_0 / LABEL_1 (two classes); star ratings are not handled here.
 */
const ALIASES: Record<string, SentimentLabel> = {
  negative: 'negative',
  neg: 'negative',
  '-1': 'negative',
  '0': 'negative',
  neutral: 'neutral',
  neu: 'neutral',
  '1': 'neutral',
  positive: 'positive',
  pos: 'positive',
  '2': 'positive',
};

/** Our label for a data set's sentiment label, or undefined when it is not one we know. */
export function normalizeSentimentLabel(label: string): SentimentLabel | undefined {
  return ALIASES[label.trim().toLowerCase()];
}
