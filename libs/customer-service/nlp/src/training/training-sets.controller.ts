import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException, RateLimitClass, RequirePermission } from '@verticals/platform';
import { type DatasetFormat } from '@verticals/text-models';
import { type TextModelKind } from '../model-kinds';
import { KIND_ROUTE_PREFIXES, ModelKindFromRoute, NLP_PERMISSIONS } from './model-kind.param';
import { TrainingJobService, type TrainingJobPage } from './training-job.service';
import { type TrainingJobView } from './training-job.view';

interface TrainingSetJsonBody {
  format?: unknown;
  content?: unknown;
  includeFeedback?: unknown;
  labels?: unknown;
}

/**
 * Uploads of labelled training sets (CSV `text,label` or JSONL) that start a fitting job, and the jobs' status.
 * Body: raw `text/csv`, `application/x-ndjson` or `application/jsonl`, or JSON `{ format, content }`.
 * Query: `labels=custom` (intents: any label set instead of the taxonomy), `includeFeedback=true`.
 */
@ApiTags('training-sets')
@Controller([...KIND_ROUTE_PREFIXES])
export class TrainingSetsController {
  constructor(private readonly jobs: TrainingJobService) {}

  @Post('training-sets')
  @HttpCode(202)
  @RequirePermission(NLP_PERMISSIONS.train)
  @RateLimitClass('expensive')
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/jsonl', 'application/json')
  @ApiAcceptedResponse({ description: 'The queued job: { id, status, progress, stage, ... }' })
  async submit(
    @ModelKindFromRoute() kind: TextModelKind,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('labels') labels?: string,
    @Query('includeFeedback') includeFeedback?: string,
  ): Promise<TrainingJobView> {
    const upload = readUpload(body, contentType ?? '');
    if (labels !== undefined && labels !== 'custom' && labels !== 'taxonomy') throw badQuery('labels', 'must be custom or taxonomy');
    if (labels === 'custom' && kind !== 'intent') throw badQuery('labels', 'custom labels exist for intents only');
    if (includeFeedback !== undefined && includeFeedback !== 'true' && includeFeedback !== 'false') throw badQuery('includeFeedback', 'must be true or false');
    return this.jobs.submit({
      kind,
      content: upload.content,
      format: upload.format,
      customLabels: (labels ?? upload.labels) === 'custom',
      includeFeedback: (includeFeedback ?? String(upload.includeFeedback ?? false)) === 'true',
    });
  }

  @Get('training-sets')
  @RequirePermission(NLP_PERMISSIONS.read)
  @ApiOkResponse({ description: '{ items, total, limit, offset }, newest first' })
  list(@ModelKindFromRoute() kind: TextModelKind, @Query('limit') limit?: string, @Query('offset') offset?: string): Promise<TrainingJobPage> {
    return this.jobs.list(kind, { limit: intQuery('limit', limit, 20, 1, 100), offset: intQuery('offset', offset, 0, 0, 1_000_000) });
  }

  @Get('training-sets/:id')
  @RequirePermission(NLP_PERMISSIONS.read)
  @ApiOkResponse({ description: 'status queued|running|succeeded|failed, progress 0..1, stage, metrics, modelVersion' })
  get(@ModelKindFromRoute() kind: TextModelKind, @Param('id', new ParseUUIDPipe()) id: string): Promise<TrainingJobView> {
    return this.jobs.get(kind, id);
  }
}

function readUpload(body: unknown, contentType: string): { content: string; format?: DatasetFormat; labels?: string; includeFeedback?: boolean } {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (typeof body === 'string') {
    const format: DatasetFormat | undefined = type === 'text/csv' ? 'csv' : type === 'application/x-ndjson' || type === 'application/jsonl' ? 'jsonl' : undefined;
    return { content: body, format };
  }
  if (body && typeof body === 'object' && type.endsWith('json')) {
    const json = body as TrainingSetJsonBody;
    const errors = [];
    if (json.format !== 'csv' && json.format !== 'jsonl') errors.push({ field: 'format', rule: 'isIn', message: 'format must be csv or jsonl' });
    if (typeof json.content !== 'string' || json.content === '') errors.push({ field: 'content', rule: 'isString', message: 'content must be a non-empty string' });
    if (json.includeFeedback !== undefined && typeof json.includeFeedback !== 'boolean') errors.push({ field: 'includeFeedback', rule: 'isBoolean', message: 'includeFeedback must be a boolean' });
    if (json.labels !== undefined && json.labels !== 'custom' && json.labels !== 'taxonomy') errors.push({ field: 'labels', rule: 'isIn', message: 'labels must be custom or taxonomy' });
    if (errors.length > 0) throw new ProblemException({ status: 400, type: 'validation-failed', title: 'Bad Request', detail: 'The request body is invalid.', errors });
    return { content: json.content as string, format: json.format as DatasetFormat, labels: json.labels as string | undefined, includeFeedback: json.includeFeedback as boolean | undefined };
  }
  throw new ProblemException({
    status: 415,
    type: 'unsupported-media-type',
    title: 'Unsupported Media Type',
    detail: 'Send text/csv, application/x-ndjson, application/jsonl, or application/json { format, content }.',
  });
}

function badQuery(field: string, message: string): ProblemException {
  return new ProblemException({ status: 400, type: 'validation-failed', title: 'Bad Request', detail: `Query parameter ${field} ${message}.`, errors: [{ field, rule: 'isIn', message }] });
}

function intQuery(field: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ProblemException({ status: 400, type: 'validation-failed', title: 'Bad Request', detail: `${field} must be an integer in ${min}..${max}.`, errors: [{ field, rule: 'isInt', message: `must be an integer in ${min}..${max}` }] });
  }
  return value;
}
