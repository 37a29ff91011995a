import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditEventsQueryDto {
  /** Inclusive lower bound, ISO-8601. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Exclusive upper bound, ISO-8601. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Actor id (API key id or token subject), or `type:id`. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  actor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,19}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}
