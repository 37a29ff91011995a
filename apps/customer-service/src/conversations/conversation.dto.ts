import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { resolutionCodes } from '@verticals/contracts';
import { PageQueryDto } from '../common/page';
import { CHANNELS, CONVERSATION_STATUSES, type Channel, type ConversationStatus } from './conversation.entity';

export class CreateConversationDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  customerId!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ description: 'BCP 47 tag, e.g. en or de-CH' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  language?: string;
}

export class PostMessageDto {
  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;
}

export class ResolveConversationDto {
  @ApiProperty({ maxLength: 2000, description: 'What was done, in the agent\'s words (PII is masked before storing).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  resolution!: string;

  @ApiPropertyOptional({ enum: resolutionCodes })
  @IsOptional()
  @IsIn(resolutionCodes)
  resolutionCode?: (typeof resolutionCodes)[number];

  @ApiPropertyOptional({ description: 'The intent the conversation really had; kept as a training example.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:\- ]{1,64}$/)
  correctIntent?: string;
}

export class ListConversationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES)
  status?: ConversationStatus;
}
