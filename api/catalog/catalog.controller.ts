import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../domain/identity';
import { productOfferingCreateSchema, productOfferingPatchSchema } from '../../domain/product-offering';
import { CurrentActor } from '../auth/auth.guard';
import { pageOffset, pageSize } from '../common/guards';
import { MarketSegmentsService } from './market-segments.service';
import { ProductOfferingsService } from './product-offerings.service';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api')
export class CatalogController {
  constructor(
    private readonly offerings: ProductOfferingsService,
    private readonly segments: MarketSegmentsService,
  ) {}

  @Get('product-offerings')
  @ApiOperation({ summary: 'TMF620 product offerings' })
  @ApiQuery({ name: 'lifecycleStatus', required: false })
  @ApiQuery({ name: 'marketSegmentId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  listOfferings(@CurrentActor() actor: Actor, @Query() q: Record<string, string | undefined>) {
    return this.offerings.list(actor, { lifecycleStatus: q.lifecycleStatus, marketSegmentId: q.marketSegmentId }, { limit: pageSize(q.limit), offset: pageOffset(q.offset) });
  }

  @Get('product-offerings/:id')
  getOffering(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.offerings.get(actor, id);
  }

  @Post('product-offerings')
  @ApiOperation({ summary: 'Create a product offering (catalog-manager)' })
  @ApiBody({ schema: productOfferingCreateSchema as object })
  createOffering(@CurrentActor() actor: Actor, @Body() body: unknown) {
    return this.offerings.create(actor, body);
  }

  @Patch('product-offerings/:id')
  @ApiOperation({ summary: 'Change a product offering (catalog-manager); segment links come from market strategies' })
  @ApiBody({ schema: productOfferingPatchSchema as object })
  updateOffering(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.offerings.update(actor, id, body);
  }

  @Get('market-segments')
  @ApiOperation({ summary: 'Market segments (written by the market-strategy process)' })
  @ApiQuery({ name: 'lifecycleStatus', required: false })
  @ApiQuery({ name: 'marketStrategyId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  listSegments(@CurrentActor() actor: Actor, @Query() q: Record<string, string | undefined>) {
    return this.segments.list(actor, { lifecycleStatus: q.lifecycleStatus, marketStrategyId: q.marketStrategyId }, { limit: pageSize(q.limit), offset: pageOffset(q.offset) });
  }

  @Get('market-segments/:id')
  getSegment(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.segments.get(actor, id);
  }
}
