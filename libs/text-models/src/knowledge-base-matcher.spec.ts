import { KnowledgeBaseMatcher } from './knowledge-base-matcher';

function supportKnowledgeBase(): KnowledgeBaseMatcher {
  const kb = new KnowledgeBaseMatcher();
  kb.add({ id: 'refund-policy', title: 'How refunds work', questions: ['When will I get my refund?'], body: 'Refunds are paid to the original payment method within 5 working days of receiving your return.' });
  kb.add({ id: 'reset-password', title: 'Reset your password', questions: ['I forgot my password'], body: 'Use the forgot password link on the sign-in page to get a reset e-mail.' });
  kb.add({ id: 'track-order', title: 'Track your order', questions: ['Where is my order?'], body: 'Use the tracking link in your dispatch e-mail to see where your order is.' });
  kb.add({ id: 'international-shipping', title: 'Shipping abroad', questions: ['Do you ship to other countries?'], body: 'We ship to 40 countries; customs fees may apply.' });
  return kb;
}

describe('KnowledgeBaseMatcher', () => {
  it.each([
    ['how long until I get my money back', 'refund-policy'],
    ['cant remember my pasword and cant log in', 'reset-password'],
    ['my parcel still hasnt arrived, where is it', 'track-order'],
    ['can you send packages to other countries', 'international-shipping'],
  ])('finds the article for the paraphrase "%s"', (query, articleId) => {
    const [top] = supportKnowledgeBase().match(query);
    expect(top?.articleId).toBe(articleId);
    expect(top?.confidence).toBeGreaterThan(0);
    expect(top?.confidence).toBeLessThanOrEqual(1);
  });

  it('is less confident on an unrelated question than on a close paraphrase', () => {
    const kb = supportKnowledgeBase();
    const close = kb.match('when do I get my refund')[0]?.confidence ?? 0;
    const unrelated = kb.match('what is the weather like on your order desk')[0]?.confidence ?? 0;
    expect(close).toBeGreaterThan(0.6);
    expect(unrelated).toBeLessThan(close);
    expect(kb.match('xyzzy')).toEqual([]);
  });

  it('adds and removes articles incrementally', () => {
    const kb = supportKnowledgeBase();
    expect(kb.match('money back please')[0]?.articleId).toBe('refund-policy');
    expect(kb.remove('refund-policy')).toBe(true);
    expect(kb.match('money back please').some((m) => m.articleId === 'refund-policy')).toBe(false);
    kb.add({ id: 'refund-policy-v2', title: 'Getting a refund' });
    expect(kb.match('money back please')[0]?.articleId).toBe('refund-policy-v2');
    expect(kb.size).toBe(4);
    expect(kb.remove('missing')).toBe(false);
  });

  it('calibrates confidence so that right answers score higher than wrong ones', () => {
    const kb = supportKnowledgeBase();
    const calibration = kb.calibrate([
      { query: 'refund please', articleId: 'refund-policy' },
      { query: 'forgot password', articleId: 'reset-password' },
      { query: 'where is my parcel', articleId: 'track-order' },
      { query: 'do you deliver to France', articleId: 'international-shipping' },
      { query: 'are you hiring', articleId: null },
      { query: 'order pizza', articleId: null },
    ]);
    expect(calibration.scoreWeight).toBeGreaterThan(0);
    const right = kb.match('I want a refund')[0]?.confidence ?? 0;
    const wrong = kb.match('tell me a joke about cats')[0]?.confidence ?? 0;
    expect(right).toBeGreaterThan(wrong);
  });
});
