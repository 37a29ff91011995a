import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/page';
import { ESCALATION_STATUSES, type EscalationStatus } from './escalation.entity';

export class ListEscalationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ESCALATION_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(ESCALATION_STATUSES)
  status?: EscalationStatus;
}
