import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@verticals/platform';
import { PageQueryDto } from '../common/page';
import { CreateKnowledgeArticleDto, UpdateKnowledgeArticleDto } from './knowledge-article.dto';
import { KnowledgeBaseService, knowledgeArticleView } from './knowledge-base.service';

@ApiTags('knowledge')
@Controller('v1/knowledge/articles')
export class KnowledgeArticlesController {
  constructor(private readonly knowledge: KnowledgeBaseService) {}

  @Post()
  @RequirePermission('knowledge:write')
  async create(@Body() dto: CreateKnowledgeArticleDto) {
    return knowledgeArticleView(await this.knowledge.create(dto));
  }

  @Get()
  @RequirePermission('knowledge:read')
  list(@Query() query: PageQueryDto) {
    return this.knowledge.list(query.cursor, query.limit);
  }

  @Get(':id')
  @RequirePermission('knowledge:read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return knowledgeArticleView(await this.knowledge.get(id));
  }

  @Patch(':id')
  @RequirePermission('knowledge:write')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateKnowledgeArticleDto) {
    return knowledgeArticleView(await this.knowledge.update(id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('knowledge:write')
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.knowledge.remove(id);
  }
}
