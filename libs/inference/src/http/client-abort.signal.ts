import type { Response } from 'express';

/** Aborts when the client goes away before the response was sent, so queued work is dropped. */
export function abortSignalForResponse(response: Response): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
