import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ApiIdParams, IdParam } from '../validate/id-param';
import { ClientDto } from './client.dto';

@ApiTags('clients')
@ApiSecurity('X-Auth-Token')
@Controller('client')
export class ClientsController {
  @Get(':cid')
  @ApiOperation({ operationId: 'getClient', summary: "The client's own record (clients use it to check their credentials)" })
  @ApiIdParams('cid')
  @ApiOkResponse({ type: ClientDto })
  @ApiErrorResponses(400, 401, 403, 429)
  get(@IdParam('cid') cid: number): ClientDto {
    return { cid };
  }
}
