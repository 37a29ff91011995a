import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KnowledgeBaseMatcher } from '@verticals/text-models';
import { ServiceConfig, TenantScopedRepository, requireTenantId } from '@verticals/platform';
import { type CustomerServiceConfig } from '../customer-service.config';
import { afterCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '../common/page';
import { KnowledgeArticle } from './knowledge-article.entity';
import { type CreateKnowledgeArticleDto, type UpdateKnowledgeArticleDto } from './knowledge-article.dto';

export interface KnowledgeAnswer {
  article: { id: string; title: string; body: string };
  confidence: number;
}

interface TenantIndex {
  matcher: KnowledgeBaseMatcher;
  articles: Map<string, KnowledgeArticle>;
  loadedAt: number;
  loading?: Promise<TenantIndex>;
}

export interface KnowledgeArticleView {
  id: string;
  title: string;
  body: string;
  questions: string[];
  createdAt: string;
  updatedAt: string;
}

export function knowledgeArticleView(article: KnowledgeArticle): KnowledgeArticleView {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    questions: article.questions,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
  };
}

/**
 * Articles per tenant, and one in-memory paraphrase index per tenant kept in step with this
 * replica's edits at once and with other replicas' edits every CS_KB_REFRESH_MS.
 */
@Injectable()
export class KnowledgeBaseService {
  private readonly articles: TenantScopedRepository<KnowledgeArticle>;
  private readonly indexes = new Map<string, TenantIndex>();
  private readonly refreshMs: number;

  constructor(dataSource: DataSource, config: ServiceConfig<CustomerServiceConfig>) {
    this.articles = new TenantScopedRepository(dataSource, KnowledgeArticle);
    this.refreshMs = config.get('CS_KB_REFRESH_MS');
  }

  async create(dto: CreateKnowledgeArticleDto): Promise<KnowledgeArticle> {
    const now = new Date();
    const article = await this.articles.save({ id: randomUUID(), title: dto.title, body: dto.body, questions: dto.questions ?? [], createdAt: now, updatedAt: now });
    this.indexed(requireTenantId(), article);
    return article;
  }

  async list(cursor: string | undefined, limit = DEFAULT_PAGE_SIZE): Promise<Page<KnowledgeArticleView>> {
    const rows = await this.articles.find({ where: afterCursor<KnowledgeArticle>({}, cursor), order: { createdAt: 'ASC', id: 'ASC' }, take: limit + 1 });
    return toPage(rows, limit, knowledgeArticleView);
  }

  get(id: string): Promise<KnowledgeArticle> {
    return this.articles.findOneByOrFail({ id });
  }

  async update(id: string, dto: UpdateKnowledgeArticleDto): Promise<KnowledgeArticle> {
    const article = await this.articles.findOneByOrFail({ id });
    const changed = { ...article, ...dto, updatedAt: new Date() };
    const saved = await this.articles.save(changed);
    this.indexed(requireTenantId(), saved);
    return saved;
  }

  async remove(id: string): Promise<void> {
    await this.articles.deleteOneOrFail({ id });
    const index = this.indexes.get(requireTenantId());
    if (index) {
      index.matcher.remove(id);
      index.articles.delete(id);
    }
  }

  /** The best article for a customer's question, with the matcher's calibrated confidence; null when the base is empty. */
  async bestAnswer(question: string): Promise<KnowledgeAnswer | null> {
    const index = await this.indexOf(requireTenantId());
    const [best] = index.matcher.match(question, 1);
    const article = best ? index.articles.get(best.articleId) : undefined;
    if (!best || !article) return null;
    return { article: { id: article.id, title: article.title, body: article.body }, confidence: best.confidence };
  }

  private indexed(tenantId: string, article: KnowledgeArticle): void {
    const index = this.indexes.get(tenantId);
    if (!index) return;
    index.matcher.remove(article.id);
    index.matcher.add({ id: article.id, title: article.title, body: article.body, questions: article.questions });
    index.articles.set(article.id, article);
  }

  private async indexOf(tenantId: string): Promise<TenantIndex> {
    const current = this.indexes.get(tenantId);
    if (current && Date.now() - current.loadedAt < this.refreshMs) return current;
    if (current?.loading) return current.loading;
    const loading = this.load().then((index) => {
      this.indexes.set(tenantId, index);
      return index;
    });
    if (current) {
      current.loading = loading;
      // A stale index keeps answering while the fresh one loads.
      void loading.catch(() => undefined).finally(() => delete current.loading);
      return current;
    }
    return loading;
  }

  /** Reads the current tenant's articles (the scoped repository adds the tenant). */
  private async load(): Promise<TenantIndex> {
    const rows = await this.articles.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const matcher = new KnowledgeBaseMatcher();
    const articles = new Map<string, KnowledgeArticle>();
    for (const row of rows) {
      matcher.add({ id: row.id, title: row.title, body: row.body, questions: row.questions });
      articles.set(row.id, row);
    }
    return { matcher, articles, loadedAt: Date.now() };
  }
}
