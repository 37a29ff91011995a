import { type SentimentLabel } from '../model-kinds';

/**
 * Maps a Hugging Face model's class names to ours. Names are matched case-insensitively:
 * NEGATIVE/NEG/LABEL_0..., POSITIVE/POS, NEUTRAL/NEU; star-rating models ("1 star".."5 stars") map 1-2 to
 * negative, 3 to neutral, 4-5 to positive. Plain LABEL_<i> with no other hint is read by position:
 * two classes = [negative, positive] (SST-2), three = [negative, neutral, positive] (TweetEval/cardiffnlp).
 */
export function mapHfLabel(label: string, classCount: number): SentimentLabel | undefined {
  const name = label.trim().toLowerCase();
  if (/^(neg|negative)$/.test(name)) return 'negative';
  if (/^(neu|neutral)$/.test(name)) return 'neutral';
  if (/^(pos|positive)$/.test(name)) return 'positive';
  const stars = /^([1-5]) stars?$/.exec(name);
  if (stars) {
    const n = Number(stars[1]);
    return n <= 2 ? 'negative' : n === 3 ? 'neutral' : 'positive';
  }
  const indexed = /^label_(\d+)$/.exec(name);
  if (indexed) {
    const i = Number(indexed[1]);
    if (classCount === 2) return i === 0 ? 'negative' : i === 1 ? 'positive' : undefined;
    if (classCount === 3) return (['negative', 'neutral', 'positive'] as const)[i];
  }
  return undefined;
}

export interface HfScore {
  label: string;
  score: number;
}

export interface MappedSentiment {
  label: SentimentLabel;
  score: number;
  confidence: number;
}

/** Our three-way answer from one text's HF scores (all classes, i.e. `top_k: null`). */
export function toSentiment(scores: readonly HfScore[], neutralThreshold: number): MappedSentiment {
  const probability: Record<SentimentLabel, number> = { negative: 0, neutral: 0, positive: 0 };
  for (const s of scores) {
    const mapped = mapHfLabel(s.label, scores.length);
    if (mapped) probability[mapped] += s.score;
  }
  const score = probability.positive - probability.negative;
  const twoClass = !scores.some((s) => mapHfLabel(s.label, scores.length) === 'neutral');
  const top = (Object.entries(probability) as [SentimentLabel, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
  if (twoClass && top[1] < neutralThreshold) return { label: 'neutral', score, confidence: 1 - Math.abs(score) };
  return { label: top[0], score, confidence: top[1] };
}
