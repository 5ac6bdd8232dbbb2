import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CATEGORIES, CATEGORY_POLICY, SCOPES } from '../../../shared/contracts/review';

class CategoryPolicyResponse {
  @ApiProperty({ enum: CATEGORIES })
  category: string;
  @ApiProperty({ enum: SCOPES, isArray: true, description: 'The scopes a mini-app of this category may request' })
  allowedScopes: string[];
}

class PolicyResponse {
  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes: string[];
  @ApiProperty({ type: [CategoryPolicyResponse] })
  categories: CategoryPolicyResponse[];
}

@ApiTags('review')
@Controller('review/policy')
export class PolicyController {
  @Get()
  @ApiOperation({
    operationId: 'getReviewPolicy',
    summary: 'The review policy: which scopes each category may request',
    description: 'The review policy: every SDK scope, and which of them each category of mini-app may request.',
  })
  @ApiOkResponse({ type: PolicyResponse })
  policy(): PolicyResponse {
    return {
      scopes: [...SCOPES],
      categories: CATEGORIES.map((category) => ({ category, allowedScopes: [...CATEGORY_POLICY[category]] })),
    };
  }
}
