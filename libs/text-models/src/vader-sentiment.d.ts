declare module 'vader-sentiment' {
  export interface VaderPolarity {
    neg: number;
    neu: number;
    pos: number;
    compound: number;
  }
  export const SentimentIntensityAnalyzer: { polarity_scores(text: string): VaderPolarity };
}
