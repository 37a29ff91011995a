import { maskPii, passesIbanCheck, passesLuhn } from './pii-masker';

describe('maskPii', () => {
  it('masks email addresses', () => {
    expect(maskPii('write to jane.doe+orders@example.co.uk please')).toEqual({ text: 'write to [email] please', kinds: ['email'] });
  });

  it('masks card numbers that pass the Luhn check, grouped or not', () => {
    expect(maskPii('card 4111 1111 1111 1111 was charged').text).toBe('card [card] was charged');
    expect(maskPii('card 4111-1111-1111-1111').text).toBe('card [card]');
    expect(maskPii('my visa 4012888888881881').kinds).toEqual(['card-number']);
  });

  it('leaves 16-digit numbers that fail the Luhn check (order ids) alone', () => {
    expect(maskPii('order 4111111111111112 is late')).toEqual({ text: 'order 4111111111111112 is late', kinds: [] });
  });

  it('masks phone numbers in international and grouped formats', () => {
    expect(maskPii('call me on +44 20 7946 0958').text).toBe('call me on [phone]');
    expect(maskPii('or (415) 555-2671 after 5').text).toBe('or [phone] after 5');
    expect(maskPii('mobile 020-7946-0958').kinds).toEqual(['phone']);
  });

  it('keeps bare order numbers and short numbers', () => {
    expect(maskPii('where is order 12345678, 3 items').text).toBe('where is order 12345678, 3 items');
  });

  it('masks IBANs with a valid check', () => {
    expect(maskPii('refund to GB82 WEST 1234 5698 7654 32 thanks')).toEqual({ text: 'refund to [iban] thanks', kinds: ['iban'] });
    expect(maskPii('refund to DE89370400440532013000').text).toBe('refund to [iban]');
  });

  it('reports every kind found once, in a stable order', () => {
    const masked = maskPii('a@b.io, +1 415 555 2671, 4111111111111111, b@c.io');
    expect(masked.kinds).toEqual(['email', 'card-number', 'phone']);
    expect(masked.text).toBe('[email], [phone], [card], [email]');
  });

  it('returns text without PII unchanged', () => {
    expect(maskPii('Where is my parcel?')).toEqual({ text: 'Where is my parcel?', kinds: [] });
  });
});

describe('check digits', () => {
  it('Luhn accepts valid and rejects altered numbers', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });

  it('IBAN mod 97 accepts valid and rejects altered IBANs', () => {
    expect(passesIbanCheck('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanCheck('GB82WEST12345698765433')).toBe(false);
  });
});
