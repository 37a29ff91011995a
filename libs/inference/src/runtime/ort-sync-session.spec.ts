import { syncSessionsAvailable } from './ort-sync-session';

describe('ort-sync-session', () => {
  // The fast path reaches into onnxruntime-node's dist/binding; an upgrade that moves it falls back to
  // the public API silently, so this pins it for the version in the lockfile.
  it('finds onnxruntime-node native session (synchronous runs in session workers)', () => {
    expect(syncSessionsAvailable).toBe(true);
  });
});
