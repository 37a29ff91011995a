import { ortSessionOptions } from './ort-session-options';

const base = { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const, enableCpuMemArena: true };

describe('ortSessionOptions', () => {
  it('turns ORT thread spinning off unless the model allows it', () => {
    expect(ortSessionOptions({ ...base, allowSpinning: false }, ['cpu']).extra).toEqual({
      session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } },
    });
    expect(ortSessionOptions({ ...base, allowSpinning: true }, ['cpu']).extra).toEqual({
      session: { intra_op: { allow_spinning: '1' }, inter_op: { allow_spinning: '1' } },
    });
  });

  it('passes the thread counts and providers through and never hands ORT the engine-only flag', () => {
    const options = ortSessionOptions({ ...base, allowSpinning: false }, ['cuda', 'cpu']);
    expect(options).toMatchObject({ intraOpNumThreads: 2, interOpNumThreads: 1, executionProviders: ['cuda', 'cpu'], executionMode: 'sequential' });
    expect(options).not.toHaveProperty('allowSpinning');
  });
});
