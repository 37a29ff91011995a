import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'knowledge_articles' })
@Index('knowledge_articles_tenant_idx', ['tenantId', 'createdAt', 'id'])
export class KnowledgeArticle {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Example customer questions this article answers: they improve paraphrase matching. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  questions!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
