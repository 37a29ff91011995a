import { LANGUAGE_LETTER_HINTS, LANGUAGE_STOPWORDS } from './language-profiles';

export type DetectedLanguage = 'en' | 'es' | 'fr' | 'de' | 'it' | 'pt' | 'nl' | 'und';

export interface LanguageDetection {
  /** 'und' (undetermined) when the text has no word that any profile knows. */
  language: DetectedLanguage;
  /** Share of the evidence for the winner, in [0, 1]. */
  confidence: number;
  scores: Record<string, number>;
}

const INDEX = new Map<string, string[]>();
for (const [language, words] of Object.entries(LANGUAGE_STOPWORDS)) {
  for (const word of words) INDEX.set(word, [...(INDEX.get(word) ?? []), language]);
}

/**
 * Detects en, es, fr, de, it, pt or nl from function words and telltale letters, so the bot can hand
 * messages in languages it does not support to a person. Shared words split their vote between languages.
 */
export function detectLanguage(text: string): LanguageDetection {
  const scores: Record<string, number> = Object.fromEntries(Object.keys(LANGUAGE_STOPWORDS).map((l) => [l, 0]));
  const lower = text.normalize('NFKC').toLowerCase();
  for (const word of lower.match(/[\p{L}']+/gu) ?? []) {
    const languages = INDEX.get(word.replace(/^'+|'+$/g, ''));
    if (languages) for (const language of languages) scores[language] = (scores[language] ?? 0) + 1 / languages.length;
  }
  for (const [pattern, language] of LANGUAGE_LETTER_HINTS) if (pattern.test(lower)) scores[language] = (scores[language] ?? 0) + 1.5;
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const [winner, top] = ranked[0] as [string, number];
  const total = ranked.reduce((a, [, s]) => a + s, 0);
  if (top === 0) return { language: 'und', confidence: 0, scores };
  // Ties go to English: the bot's own language is the cheaper mistake for a short ambiguous message.
  const language = top === scores['en'] ? 'en' : winner;
  return { language: language as DetectedLanguage, confidence: top / (total + 0.5), scores };
}

export function isSupportedLanguage(detection: LanguageDetection, supported: readonly DetectedLanguage[] = ['en']): boolean {
  return detection.language === 'und' || supported.includes(detection.language);
}
