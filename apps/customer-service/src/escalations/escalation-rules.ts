import { type escalationReasonCodes } from '@verticals/contracts';

export const ESCALATION_RULES = [
  'human-request',
  'complaint',
  'negative-streak',
  'falling-sentiment',
  'repeated-low-confidence',
  'unsupported-language',
] as const;
export type EscalationRuleName = (typeof ESCALATION_RULES)[number];
export type EscalationReasonCode = (typeof escalationReasonCodes)[number];

/** The contract's coarse reason code for each rule (the rule name itself is recorded too). */
export const REASON_CODE_OF: Record<EscalationRuleName, EscalationReasonCode> = {
  'human-request': 'customer-requested-human',
  complaint: 'sensitive-topic',
  'negative-streak': 'negative-sentiment',
  'falling-sentiment': 'negative-sentiment',
  'repeated-low-confidence': 'low-intent-confidence',
  'unsupported-language': 'policy-required',
};

export interface EscalationThresholds {
  enabled: ReadonlySet<EscalationRuleName>;
  /** Consecutive negative customer messages (this one included) that escalate. */
  negativeStreak: number;
  /** Customer messages (this one included) over which the sentiment trend is measured. */
  trendWindow: number;
  /** Fall of polarity (scale -1..1) from the window's first to its last message that escalates. */
  trendDrop: number;
  /** Consecutive bot turns without a confident answer (this one included) that escalate. */
  lowConfidenceStreak: number;
  /** Minimum intent confidence for `complaint` / `human_request` to count. */
  intentConfidence: number;
}

export interface TurnSignal {
  sentimentLabel: 'negative' | 'neutral' | 'positive';
  /** Polarity in [-1, 1]. */
  sentimentScore: number;
  intentName: string;
  intentConfidence: number;
}

export interface EscalationInput {
  text: string;
  current: TurnSignal & { language: string; languageSupported: boolean };
  /** Earlier customer messages of the conversation, oldest first. */
  history: readonly TurnSignal[];
  /** Bot turns in a row without a confident answer, including this one. */
  lowConfidenceStreak: number;
}

export interface FiredRule {
  rule: EscalationRuleName;
  reasonCode: EscalationReasonCode;
  /** One sentence for the agent: why this rule fired. */
  detail: string;
}

// Explicit asks, in addition to the intent model's human_request class: escalation on an explicit
// request must not depend on a classifier's confidence.
const EXPLICIT_HUMAN_REQUEST =
  /\b(?:(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|some|the)?\s*(?:real\s+|live\s+)?(?:human|person|agent|someone|representative|operator)|(?:real|live)\s+(?:human|person|agent)|human\s+agent|customer\s+service\s+(?:rep|representative)|representative\s+please|agent\s+please)\b/i;

export function evaluateEscalationRules(input: EscalationInput, thresholds: EscalationThresholds): FiredRule[] {
  const fired: FiredRule[] = [];
  const fire = (rule: EscalationRuleName, detail: string) => {
    if (thresholds.enabled.has(rule)) fired.push({ rule, reasonCode: REASON_CODE_OF[rule], detail });
  };
  const { current } = input;
  const turns = [...input.history, current];

  if (current.intentName === 'human_request' && current.intentConfidence >= thresholds.intentConfidence) {
    fire('human-request', `Intent human_request (confidence ${current.intentConfidence.toFixed(2)}).`);
  } else if (EXPLICIT_HUMAN_REQUEST.test(input.text)) {
    fire('human-request', 'The customer asked for a person.');
  }

  if (current.intentName === 'complaint' && current.intentConfidence >= thresholds.intentConfidence) {
    fire('complaint', `Intent complaint (confidence ${current.intentConfidence.toFixed(2)}).`);
  }

  const recent = turns.slice(-thresholds.negativeStreak);
  if (recent.length >= thresholds.negativeStreak && recent.every((turn) => turn.sentimentLabel === 'negative')) {
    fire('negative-streak', `${thresholds.negativeStreak} negative messages in a row.`);
  } else {
    const window = turns.slice(-thresholds.trendWindow);
    if (window.length >= thresholds.trendWindow && current.sentimentLabel !== 'positive') {
      const first = window[0]?.sentimentScore ?? 0;
      const fall = first - current.sentimentScore;
      if (fall >= thresholds.trendDrop) {
        fire('falling-sentiment', `Sentiment fell by ${fall.toFixed(2)} over the last ${window.length} messages.`);
      }
    }
  }

  if (input.lowConfidenceStreak >= thresholds.lowConfidenceStreak) {
    fire('repeated-low-confidence', `${input.lowConfidenceStreak} answers in a row below the confidence threshold.`);
  }

  if (!current.languageSupported) {
    fire('unsupported-language', `Language '${current.language}' is not supported by the models.`);
  }
  return fired;
}

/** Urgency for the agents' queue, from the rules that fired and the current sentiment. */
export function escalationPriority(fired: readonly FiredRule[], current: TurnSignal): 'low' | 'normal' | 'high' | 'urgent' {
  const rules = new Set(fired.map((rule) => rule.rule));
  const negative = current.sentimentLabel === 'negative' || rules.has('negative-streak') || rules.has('falling-sentiment');
  if (negative && (rules.has('complaint') || rules.has('human-request'))) return 'urgent';
  if (negative || rules.has('complaint')) return 'high';
  if (rules.has('unsupported-language')) return 'low';
  return 'normal';
}
