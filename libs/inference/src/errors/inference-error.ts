export enum InferenceErrorCode {
  MODEL_NOT_FOUND = 'MODEL_NOT_FOUND',
  MODEL_NOT_READY = 'MODEL_NOT_READY',
  MODEL_LOAD_FAILED = 'MODEL_LOAD_FAILED',
  INVALID_INPUT = 'INVALID_INPUT',
  QUEUE_FULL = 'QUEUE_FULL',
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  CANCELLED = 'CANCELLED',
  INTERNAL = 'INTERNAL',
}

/** The one error type the engine throws; `httpStatus` maps it for V2 responses and problem+json. */
export class InferenceError extends Error {
  override readonly name = 'InferenceError';

  constructor(
    readonly code: InferenceErrorCode,
    message: string,
    /** Seconds a client should wait before retrying (QUEUE_FULL, MODEL_NOT_READY). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return inferenceErrorHttpStatus(this.code);
  }
}

export function inferenceErrorHttpStatus(code: InferenceErrorCode): number {
  switch (code) {
    case InferenceErrorCode.MODEL_NOT_FOUND:
      return 404;
    case InferenceErrorCode.INVALID_INPUT:
    case InferenceErrorCode.MODEL_LOAD_FAILED:
      return 400;
    case InferenceErrorCode.QUEUE_FULL:
    case InferenceErrorCode.MODEL_NOT_READY:
      return 503;
    case InferenceErrorCode.DEADLINE_EXCEEDED:
      return 504;
    case InferenceErrorCode.CANCELLED:
      // nginx's "client closed request": nobody is there to read it, but logs and metrics stay honest.
      return 499;
    case InferenceErrorCode.INTERNAL:
      return 500;
  }
}

/** The first line of an error's message: native errors (ORT) carry long multi-line details. */
export function errorFirstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

export function invalidInput(message: string): InferenceError {
  return new InferenceError(InferenceErrorCode.INVALID_INPUT, message);
}
