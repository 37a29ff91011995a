import { type KnowledgeAnswer } from '../knowledge/knowledge-base.service';

export type ReplyKind = 'answer' | 'greeting' | 'thanks' | 'rephrase' | 'offer-human' | 'handoff';

export interface ComposedReply {
  kind: ReplyKind;
  text: string;
  /** The knowledge-base article the answer comes from. */
  citation: { articleId: string; title: string } | null;
  answerConfidence: number | null;
}

export type ReplyPlan =
  | { kind: 'answer'; answer: KnowledgeAnswer }
  | { kind: 'greeting'; thanks: boolean }
  | { kind: 'rephrase' }
  | { kind: 'offer-human' }
  | { kind: 'handoff' };

/** The bot's words for each outcome of a turn. Answers quote the article and name it as the source. */
export function composeReply(plan: ReplyPlan): ComposedReply {
  switch (plan.kind) {
    case 'answer':
      return {
        kind: 'answer',
        text: `${plan.answer.article.body}\n\nSource: "${plan.answer.article.title}"`,
        citation: { articleId: plan.answer.article.id, title: plan.answer.article.title },
        answerConfidence: plan.answer.confidence,
      };
    case 'greeting':
      return plan.thanks
        ? { kind: 'thanks', text: "You're welcome! Is there anything else I can help you with?", citation: null, answerConfidence: null }
        : { kind: 'greeting', text: 'Hello! How can I help you today?', citation: null, answerConfidence: null };
    case 'rephrase':
      return {
        kind: 'rephrase',
        text: "I'm not sure I understood. Could you rephrase your question, for example with the order number or the product name?",
        citation: null,
        answerConfidence: null,
      };
    case 'offer-human':
      return {
        kind: 'offer-human',
        text: "I'm sorry, I couldn't find an answer to that. Would you like to talk to a human agent? Just say \"talk to an agent\".",
        citation: null,
        answerConfidence: null,
      };
    case 'handoff':
      return {
        kind: 'handoff',
        text: "I'm passing you to a human agent now; they will see our conversation so far, so you won't need to repeat yourself.",
        citation: null,
        answerConfidence: null,
      };
  }
}
