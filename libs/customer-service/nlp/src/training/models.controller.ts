import { Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@verticals/platform';
import { type CatalogModelVersion, ModelCatalogService } from '../catalog/model-catalog.service';
import { type TextModelKind } from '../model-kinds';
import { KIND_ROUTE_PREFIXES, ModelKindFromRoute, NLP_PERMISSIONS } from './model-kind.param';

export interface ModelVersionList {
  kind: TextModelKind;
  activeVersion: number;
  items: CatalogModelVersion[];
}

/** The model versions a tenant can use, and switching between them (activation and rollback alike). */
@ApiTags('models')
@Controller(KIND_ROUTE_PREFIXES.map((prefix) => `${prefix}/models`))
export class ModelsController {
  constructor(private readonly catalog: ModelCatalogService) {}

  @Get()
  @RequirePermission(NLP_PERMISSIONS.read)
  @ApiOkResponse({ description: 'Seeded and this tenant\'s fitted versions with metrics; which is active' })
  async list(@ModelKindFromRoute() kind: TextModelKind): Promise<ModelVersionList> {
    const items = await this.catalog.listVersions(kind);
    return { kind, activeVersion: items.find((v) => v.active)?.version ?? this.catalog.defaultVersion(kind), items };
  }

  @Post(':version/activate')
  @HttpCode(200)
  @RequirePermission(NLP_PERMISSIONS.activate)
  @ApiOkResponse({ description: 'The version now serving this tenant' })
  activate(@ModelKindFromRoute() kind: TextModelKind, @Param('version', new ParseIntPipe()) version: number): Promise<CatalogModelVersion> {
    return this.catalog.activate(kind, version);
  }
}
