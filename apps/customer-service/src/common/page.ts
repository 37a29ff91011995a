import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Equal, type FindOptionsWhere, MoreThan } from 'typeorm';
import { ProblemException } from '@verticals/platform';

/** `?cursor&limit` of every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface CursorPosition {
  createdAt: Date;
  id: string;
}

/** Opaque cursor: base64url of `<createdAt ms>.<id>`, ordering by (createdAt, id). */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.getTime()}.${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const [millis, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  const time = Number(millis);
  if (!id || !Number.isSafeInteger(time) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new ProblemException({ status: 400, type: 'invalid-cursor', title: 'Bad Request', detail: 'The cursor is not one this API returned.', code: 'invalid-cursor' });
  }
  return { createdAt: new Date(time), id };
}

/** WHERE clauses (OR-ed) for rows after the cursor, on top of `filter`. */
export function afterCursor<T extends CursorPosition>(filter: FindOptionsWhere<T>, cursor: string | undefined): FindOptionsWhere<T>[] {
  if (!cursor) return [filter];
  const position = decodeCursor(cursor);
  return [
    { ...filter, createdAt: MoreThan(position.createdAt) } as FindOptionsWhere<T>,
    { ...filter, createdAt: Equal(position.createdAt), id: MoreThan(position.id) } as FindOptionsWhere<T>,
  ];
}

/** Rows were fetched with `limit + 1`: the extra one says whether a next page exists. */
export function toPage<T extends CursorPosition, V>(rows: T[], limit: number, view: (row: T) => V): Page<V> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export const DEFAULT_PAGE_SIZE = 50;
