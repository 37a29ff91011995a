import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { InferenceError } from '../errors/inference-error';

/** V2 error body: `{"error": "<message>"}`, with Retry-After when retrying later can help. */
@Catch(InferenceError)
export class InferenceErrorFilter implements ExceptionFilter {
  catch(error: InferenceError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent || response.writableEnded) return;
    if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(error.httpStatus).json({ error: error.message });
  }
}
