import { ESCALATION_RULES, type EscalationInput, type EscalationThresholds, type TurnSignal, escalationPriority, evaluateEscalationRules } from './escalation-rules';

const thresholds: EscalationThresholds = {
  enabled: new Set(ESCALATION_RULES),
  negativeStreak: 2,
  trendWindow: 3,
  trendDrop: 0.6,
  lowConfidenceStreak: 3,
  intentConfidence: 0.4,
};

const neutral: TurnSignal = { sentimentLabel: 'neutral', sentimentScore: 0, intentName: 'order_status', intentConfidence: 0.9 };
const negative: TurnSignal = { sentimentLabel: 'negative', sentimentScore: -0.8, intentName: 'order_status', intentConfidence: 0.9 };
const positive: TurnSignal = { sentimentLabel: 'positive', sentimentScore: 0.8, intentName: 'greeting_thanks', intentConfidence: 0.9 };

function input(overrides: Omit<Partial<EscalationInput>, 'current'> & { current?: Partial<EscalationInput['current']> } = {}): EscalationInput {
  return {
    text: overrides.text ?? 'where is my order',
    history: overrides.history ?? [],
    lowConfidenceStreak: overrides.lowConfidenceStreak ?? 0,
    current: { ...neutral, language: 'en', languageSupported: true, ...overrides.current },
  };
}

const rulesOf = (fired: { rule: string }[]) => fired.map((rule) => rule.rule);

describe('evaluateEscalationRules', () => {
  it('fires nothing for a calm, understood, supported message', () => {
    expect(evaluateEscalationRules(input(), thresholds)).toEqual([]);
  });

  it('fires human-request on the human_request intent above the confidence floor', () => {
    const fired = evaluateEscalationRules(input({ current: { intentName: 'human_request', intentConfidence: 0.7 } }), thresholds);
    expect(fired).toEqual([expect.objectContaining({ rule: 'human-request', reasonCode: 'customer-requested-human' })]);
  });

  it('fires human-request on an explicit ask even when the intent model missed it', () => {
    const fired = evaluateEscalationRules(input({ text: 'Can I speak to a real person please', current: { intentName: 'other', intentConfidence: 0.3 } }), thresholds);
    expect(rulesOf(fired)).toEqual(['human-request']);
  });

  it('does not count a low-confidence human_request or complaint prediction', () => {
    expect(evaluateEscalationRules(input({ current: { intentName: 'complaint', intentConfidence: 0.2 } }), thresholds)).toEqual([]);
  });

  it('fires complaint on the complaint intent', () => {
    expect(rulesOf(evaluateEscalationRules(input({ current: { intentName: 'complaint', intentConfidence: 0.8 } }), thresholds))).toEqual(['complaint']);
  });

  it('fires negative-streak on two negative messages in a row, not on one', () => {
    expect(evaluateEscalationRules(input({ current: negative }), thresholds)).toEqual([]);
    expect(rulesOf(evaluateEscalationRules(input({ history: [neutral, negative], current: negative }), thresholds))).toEqual(['negative-streak']);
    expect(evaluateEscalationRules(input({ history: [negative, neutral], current: negative }), thresholds)).toEqual([]);
  });

  it('fires falling-sentiment when polarity falls by the configured drop over the window', () => {
    const slightlyNegative: TurnSignal = { ...neutral, sentimentLabel: 'neutral', sentimentScore: -0.3 };
    const fired = evaluateEscalationRules(input({ history: [positive, neutral], current: slightlyNegative }), thresholds);
    expect(fired).toEqual([expect.objectContaining({ rule: 'falling-sentiment', reasonCode: 'negative-sentiment' })]);
    expect(evaluateEscalationRules(input({ history: [neutral, neutral], current: slightlyNegative }), thresholds)).toEqual([]);
  });

  it('fires repeated-low-confidence at the configured streak', () => {
    expect(evaluateEscalationRules(input({ lowConfidenceStreak: 2 }), thresholds)).toEqual([]);
    expect(rulesOf(evaluateEscalationRules(input({ lowConfidenceStreak: 3 }), thresholds))).toEqual(['repeated-low-confidence']);
  });

  it('fires unsupported-language for a language the models do not support', () => {
    const fired = evaluateEscalationRules(input({ current: { language: 'ja', languageSupported: false } }), thresholds);
    expect(fired).toEqual([expect.objectContaining({ rule: 'unsupported-language', reasonCode: 'policy-required' })]);
  });

  it('records every rule that fired together', () => {
    const fired = evaluateEscalationRules(
      input({ text: 'I want to talk to a human', history: [negative], current: { ...negative, intentName: 'complaint', intentConfidence: 0.9 } }),
      thresholds,
    );
    expect(rulesOf(fired)).toEqual(['human-request', 'complaint', 'negative-streak']);
  });

  it('skips rules that configuration disabled', () => {
    const onlyLanguage = { ...thresholds, enabled: new Set(['unsupported-language'] as const) };
    expect(evaluateEscalationRules(input({ text: 'talk to a human', current: { ...negative } , history: [negative] }), onlyLanguage)).toEqual([]);
  });

  it('honours a stricter negative streak', () => {
    const strict = { ...thresholds, negativeStreak: 3 };
    expect(evaluateEscalationRules(input({ history: [negative], current: negative }), strict)).toEqual([]);
    expect(rulesOf(evaluateEscalationRules(input({ history: [negative, negative], current: negative }), strict))).toEqual(['negative-streak']);
  });
});

describe('escalationPriority', () => {
  it('is urgent for an angry customer asking for a person, high for complaints, low for language only', () => {
    const fire = (rule: string) => ({ rule, reasonCode: 'policy-required', detail: '' }) as never;
    expect(escalationPriority([fire('human-request')], negative)).toBe('urgent');
    expect(escalationPriority([fire('complaint')], neutral)).toBe('high');
    expect(escalationPriority([fire('human-request')], neutral)).toBe('normal');
    expect(escalationPriority([fire('unsupported-language')], neutral)).toBe('low');
  });
});
