import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type TextModelKind } from '../model-kinds';

/** Which version of a model kind serves a tenant's messages; no row = the highest seeded version. */
@Entity({ name: 'cs_nlp_model_activations' })
export class ModelActivationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: TextModelKind;

  @Column({ type: 'integer' })
  version!: number;

  /** The version active before this one (the rollback target). */
  @Column({ name: 'previous_version', type: 'integer', nullable: true })
  previousVersion!: number | null;

  @Column({ name: 'activated_at', type: 'timestamptz', default: () => 'now()' })
  activatedAt!: Date;
}
