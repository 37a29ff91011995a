/** Kinds of personal data the masker finds; they travel in events as `piiKinds`. */
export type PiiKind = 'email' | 'iban' | 'card-number' | 'phone';

export interface MaskedText {
  text: string;
  /** Each kind found at least once, in a stable order. */
  kinds: PiiKind[];
}

const PLACEHOLDER: Record<PiiKind, string> = {
  email: '[email]',
  iban: '[iban]',
  'card-number': '[card]',
  phone: '[phone]',
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Country code, check digits, then 11-30 alphanumerics, optionally grouped by spaces (ISO 13616).
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gi;
// 13-19 digits, optionally grouped by single spaces or dashes (ISO/IEC 7812 lengths).
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// A leading +, or digit groups joined by separators / a parenthesised area code. Bare digit runs
// (order numbers, tracking ids) are left alone on purpose: support conversations need them.
const PHONE = /(?:\+\d[\d\s().-]{6,20}\d|\(\d{2,5}\)\s?\d[\d\s.-]{4,14}\d|\b\d{2,5}[\s.-]\d{2,5}[\s.-]\d{2,6}(?:[\s.-]\d{2,6})?\b)/g;

function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** Luhn (mod 10) check of a card number's digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 7064 mod 97-10 check of an IBAN. */
export function passesIbanCheck(candidate: string): boolean {
  const iban = candidate.replace(/\s/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/**
 * Replaces emails, IBANs (mod-97 checked), card numbers (Luhn checked) and phone numbers with
 * placeholders. Applied before anything is stored or published: only the inbound Kafka topic
 * carries raw text.
 */
export function maskPii(input: string): MaskedText {
  const found = new Set<PiiKind>();
  let text = input.replace(EMAIL, () => {
    found.add('email');
    return PLACEHOLDER.email;
  });
  text = text.replace(IBAN, (match) => {
    // The pattern is greedy over following words; the IBAN is the longest prefix whose check passes.
    for (let end = match.length; end >= 15; end--) {
      if (match[end - 1] === ' ') continue;
      if (passesIbanCheck(match.slice(0, end))) {
        found.add('iban');
        return PLACEHOLDER.iban + match.slice(end);
      }
    }
    return match;
  });
  text = text.replace(CARD, (match) => {
    if (!passesLuhn(digitsOf(match))) return match;
    found.add('card-number');
    return PLACEHOLDER['card-number'];
  });
  text = text.replace(PHONE, (match) => {
    const digits = digitsOf(match).length;
    if (digits < 7 || digits > 15) return match;
    found.add('phone');
    return PLACEHOLDER.phone;
  });
  const order: PiiKind[] = ['email', 'iban', 'card-number', 'phone'];
  return { text, kinds: order.filter((kind) => found.has(kind)) };
}
