import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { currentContext } from '@verticals/context';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, ProblemException, problemType } from './problem-details';

const slugByStatus: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/** Errors raised by Express middleware (body-parser) carry `status` and `type` but are no HttpException. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
  limit?: number;
}

export function toProblem(error: unknown, instance: string): { problem: ProblemDetails; headers: Record<string, string> } {
  const correlationId = currentContext()?.correlationId;
  if (error instanceof ProblemException) {
    const init = error.problem;
    return {
      problem: {
        type: problemType(init.type),
        title: init.title,
        status: init.status,
        detail: init.detail,
        instance,
        code: init.code,
        errors: init.errors,
        ...init.extensions,
        correlationId,
      },
      headers: init.headers ?? {},
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof response === 'object' && response !== null && 'message' in response
          ? String((response as { message: unknown }).message)
          : error.message;
    const headers: Record<string, string> = {};
    return {
      problem: {
        type: problemType(slugByStatus[status] ?? 'http-error'),
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: message,
        instance,
        correlationId,
      },
      headers,
    };
  }
  const middleware = (error ?? {}) as MiddlewareError;
  const status = middleware.status ?? middleware.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail =
      middleware.type === 'entity.too.large'
        ? `Request body exceeds the limit of ${middleware.limit ?? 'the configured'} bytes`
        : middleware.type === 'entity.parse.failed'
          ? `Request body is not valid JSON: ${middleware.message ?? ''}`.trim()
          : (middleware.message ?? STATUS_CODES[status]);
    return {
      problem: {
        type: problemType(slugByStatus[status] ?? 'bad-request'),
        title: STATUS_CODES[status] ?? 'Bad Request',
        status,
        detail,
        instance,
        correlationId,
      },
      headers: {},
    };
  }
  return {
    problem: {
      type: problemType('internal-error'),
      title: 'Internal Server Error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'An unexpected error occurred; quote the correlation id when reporting it.',
      instance,
      correlationId,
    },
    headers: {},
  };
}

export function sendProblem(response: Response, problem: ProblemDetails, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** Renders every error as RFC 9457 application/problem+json; unexpected ones are logged with their stack. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem, headers } = toProblem(error, request.originalUrl ?? request.url);
    if (problem.status >= 500) {
      this.logger.error({ err: error, status: problem.status }, 'request failed');
    }
    if (response.headersSent) return;
    sendProblem(response, problem, headers);
  }
}
