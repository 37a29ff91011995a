import type * as ort from 'onnxruntime-node';
import { type SessionWorkerData } from './worker-protocol';

/**
 * The ORT options a session worker creates its session with. Thread spinning is an ORT session config
 * entry (onnxruntime_session_options_config_keys.h), which the Node binding reads from `extra`. ORT's own
 * native log is set to fatal: the engine reports an accelerator fallback in one warning line instead.
 */
export function ortSessionOptions(sessionOptions: SessionWorkerData['sessionOptions'], providers: string[]): ort.InferenceSession.SessionOptions {
  const { allowSpinning, ...options } = sessionOptions;
  const spinning = allowSpinning ? '1' : '0';
  return {
    ...options,
    executionMode: 'sequential',
    executionProviders: providers,
    logSeverityLevel: 4,
    extra: { session: { intra_op: { allow_spinning: spinning }, inter_op: { allow_spinning: spinning } } },
  };
}
