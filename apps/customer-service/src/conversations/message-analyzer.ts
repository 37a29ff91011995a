/** What the NLP models make of one customer message (the shape of the NLP lib's TextAnalysisService). */
export interface MessageAnalysis {
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number; confidence: number; model: string };
  intent: { name: string; confidence: number; model: string };
  language: { code: string; confidence: number; supported: boolean };
}

/** The port the conversation flow analyses text through; bound to the NLP lib's TextAnalysisService. */
export abstract class MessageAnalyzer {
  abstract analyze(text: string, options?: { deadline?: number }): Promise<MessageAnalysis>;
}
