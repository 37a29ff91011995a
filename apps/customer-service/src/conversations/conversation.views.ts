import { type Conversation } from './conversation.entity';
import { type Message } from './message.entity';

export interface MessageAnalysisView {
  sentiment: { label: string; score: number; confidence: number };
  intent: { name: string; confidence: number };
  language: { code: string; supported: boolean };
}

export interface MessageView {
  id: string;
  conversationId: string;
  author: string;
  agentId: string | null;
  text: string;
  piiKinds: string[];
  analysis: MessageAnalysisView | null;
  citation: { articleId: string; confidence: number | null } | null;
  createdAt: string;
}

export interface ConversationView {
  id: string;
  customerId: string;
  channel: string;
  language: string | null;
  status: string;
  agentId: string | null;
  messageCount: number;
  resolution: string | null;
  resolutionCode: string | null;
  correctIntent: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export function analysisView(message: Message): MessageAnalysisView | null {
  if (message.author !== 'customer' || message.sentimentLabel === null) return null;
  return {
    sentiment: { label: message.sentimentLabel, score: message.sentimentScore ?? 0, confidence: message.sentimentConfidence ?? 0 },
    intent: { name: message.intentName ?? 'other', confidence: message.intentConfidence ?? 0 },
    language: { code: message.language ?? 'und', supported: message.languageSupported ?? true },
  };
}

export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    author: message.author,
    agentId: message.agentId,
    text: message.text,
    piiKinds: message.piiKinds,
    analysis: analysisView(message),
    citation: message.articleId ? { articleId: message.articleId, confidence: message.answerConfidence } : null,
    createdAt: message.createdAt.toISOString(),
  };
}

export function conversationView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    customerId: conversation.customerId,
    channel: conversation.channel,
    language: conversation.language,
    status: conversation.status,
    agentId: conversation.agentId,
    messageCount: conversation.messageCount,
    resolution: conversation.resolution,
    resolutionCode: conversation.resolutionCode,
    correctIntent: conversation.correctIntent,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
  };
}
