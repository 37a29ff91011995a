import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateKnowledgeArticleDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ maxLength: 20000, description: 'The answer given to customers.' })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body!: string;

  @ApiPropertyOptional({ type: [String], description: 'Example customer questions this article answers (paraphrases help matching).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  questions?: string[];
}

/** Every field of an article, each optional (validation and OpenAPI metadata inherited). */
export class UpdateKnowledgeArticleDto extends PartialType(CreateKnowledgeArticleDto) {}
