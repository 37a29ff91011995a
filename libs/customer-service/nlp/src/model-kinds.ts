/** The two text models of the customer-service vertical; each kind is one model name in the repository. */
export const TEXT_MODEL_KINDS = ['sentiment', 'intent'] as const;
export type TextModelKind = (typeof TEXT_MODEL_KINDS)[number];

export const MODEL_NAMES: Record<TextModelKind, string> = {
  sentiment: 'customer-service-sentiment',
  intent: 'customer-service-intent',
};

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** The support taxonomy the default intent model answers with (and uploads are checked against). */
export const INTENT_TAXONOMY = [
  'order_status',
  'shipping',
  'returns_refunds',
  'billing',
  'account_login',
  'product_question',
  'complaint',
  'human_request',
  'greeting_thanks',
  'other',
] as const;
export type IntentName = (typeof INTENT_TAXONOMY)[number];

export function isTextModelKind(value: string): value is TextModelKind {
  return (TEXT_MODEL_KINDS as readonly string[]).includes(value);
}
