import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, RequirePermission } from '@verticals/platform';
import { ActingAgent } from '../common/acting-agent.decorator';
import { PageQueryDto } from '../common/page';
import { CreateConversationDto, ListConversationsQueryDto, PostMessageDto, ResolveConversationDto } from './conversation.dto';
import { ConversationService } from './conversation.service';
import { ConversationTurnService } from './conversation-turn.service';

@ApiTags('conversations')
@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationService,
    private readonly turns: ConversationTurnService,
  ) {}

  @Post()
  @RequirePermission('conversations:write')
  @ApiOperation({ summary: 'Start a conversation' })
  create(@Body() dto: CreateConversationDto) {
    return this.conversations.create(dto);
  }

  @Get()
  @RequirePermission('conversations:read')
  @ApiOperation({ summary: 'Conversations, oldest first (cursor pagination)' })
  list(@Query() query: ListConversationsQueryDto) {
    return this.conversations.list(query.status, query.cursor, query.limit);
  }

  @Get(':id')
  @RequirePermission('conversations:read')
  @AuditRead()
  @ApiOperation({ summary: 'Status, transcript with analyses, sentiment timeline, escalation history' })
  detail(@Param('id', ParseUUIDPipe) id: string) {
    return this.conversations.detail(id);
  }

  @Get(':id/messages')
  @RequirePermission('conversations:read')
  @AuditRead()
  @ApiOperation({ summary: 'The transcript, oldest first (cursor pagination)' })
  messages(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto) {
    return this.conversations.messagesOf(id, query.cursor, query.limit);
  }

  @Post(':id/messages')
  @RequirePermission('conversations:write')
  @ApiOperation({ summary: "A customer's message: stored masked, analysed, answered or escalated" })
  postMessage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PostMessageDto) {
    return this.turns.postCustomerMessage(id, dto.text);
  }

  @Post(':id/agent-messages')
  @RequirePermission('escalations:write')
  @ApiOperation({ summary: "The claiming agent's reply" })
  postAgentMessage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PostMessageDto, @ActingAgent() agentId: string) {
    return this.conversations.postAgentMessage(id, agentId, dto.text);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequirePermission('escalations:write')
  @ApiOperation({ summary: 'Close the conversation; a corrected intent is kept as training data' })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveConversationDto, @ActingAgent() agentId: string) {
    return this.conversations.resolve(id, agentId, dto);
  }
}
