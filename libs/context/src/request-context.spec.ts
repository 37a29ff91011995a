import { currentContext, currentCorrelationId, runWithContext } from './request-context';

describe('request context', () => {
  it('is visible to awaited work started inside runWithContext and gone outside it', async () => {
    expect(currentContext()).toBeUndefined();
    const seen = await runWithContext({ requestId: 'r1', correlationId: 'c1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('c1');
    expect(currentContext()).toBeUndefined();
  });

  it('keeps concurrent contexts apart', async () => {
    const read = (id: string) =>
      runWithContext({ requestId: id, correlationId: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return currentContext()?.requestId;
      });
    await expect(Promise.all(['a', 'b', 'c'].map(read))).resolves.toEqual(['a', 'b', 'c']);
  });
});
