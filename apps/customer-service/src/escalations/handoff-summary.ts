import { type Message } from '../conversations/message.entity';
import { type Conversation } from '../conversations/conversation.entity';
import { type FiredRule } from './escalation-rules';

export type SentimentDirection = 'falling' | 'rising' | 'stable';

/** What an agent sees before claiming: enough context to answer without asking the customer again. */
export interface HandoffSummary {
  customer: { customerId: string; channel: string; language: string | null };
  intent: { name: string; confidence: number } | null;
  sentimentTrend: {
    direction: SentimentDirection;
    /** Oldest first: the customer's messages' polarity in [-1, 1]. */
    scores: number[];
    labels: string[];
  };
  /** The last turns (customer, bot), PII masked, oldest first. */
  lastMessages: { author: string; text: string; at: string }[];
  reasons: string[];
  /** One line for queue views and the escalation event. */
  text: string;
}

const LAST_MESSAGES = 6;
const TREND_MESSAGES = 5;

/** The intent an agent should see: the latest confident topic, not a trailing "thanks" or "other". */
function topicIntent(customerMessages: readonly Message[]): { name: string; confidence: number } | null {
  const topical = [...customerMessages].reverse().find((message) => message.intentName && !['greeting_thanks', 'other'].includes(message.intentName));
  const chosen = topical ?? customerMessages[customerMessages.length - 1];
  return chosen?.intentName ? { name: chosen.intentName, confidence: chosen.intentConfidence ?? 0 } : null;
}

function direction(scores: readonly number[]): SentimentDirection {
  if (scores.length < 2) return 'stable';
  const delta = (scores[scores.length - 1] ?? 0) - (scores[0] ?? 0);
  if (delta <= -0.25) return 'falling';
  if (delta >= 0.25) return 'rising';
  return 'stable';
}

/** `messages`: the conversation's turns so far, oldest first, including the one that escalated. */
export function buildHandoffSummary(conversation: Conversation, messages: readonly Message[], fired: readonly FiredRule[]): HandoffSummary {
  const customerMessages = messages.filter((message) => message.author === 'customer');
  const trend = customerMessages.slice(-TREND_MESSAGES);
  const scores = trend.map((message) => message.sentimentScore ?? 0);
  const intent = topicIntent(customerMessages);
  const sentimentTrend = { direction: direction(scores), scores, labels: trend.map((message) => message.sentimentLabel ?? 'neutral') };
  const reasons = fired.map((rule) => rule.rule);
  const lastCustomerText = customerMessages[customerMessages.length - 1]?.text ?? '';
  const text = [
    `Customer ${conversation.customerId} on ${conversation.channel}`,
    intent ? `intent ${intent.name}` : null,
    `sentiment ${sentimentTrend.direction}`,
    `escalated for ${reasons.join(', ')}`,
    `last message: "${lastCustomerText.slice(0, 300)}"`,
  ]
    .filter((part) => part !== null)
    .join('; ');
  return {
    customer: { customerId: conversation.customerId, channel: conversation.channel, language: conversation.language },
    intent,
    sentimentTrend,
    lastMessages: messages.slice(-LAST_MESSAGES).map((message) => ({ author: message.author, text: message.text, at: message.createdAt.toISOString() })),
    reasons,
    text: text.slice(0, 4000),
  };
}
