import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest, ClientRoute } from '../authenticate/client-token.guard';
import { presentClient } from '../authenticate/clients.service';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ApiIdParams } from '../validate/id-param';
import { ClientDto } from './client.dto';

@ApiTags('clients')
@ClientRoute()
@Controller('client')
export class ClientsController {
  @Get(':cid')
  @ApiOperation({ operationId: 'getClient', summary: "The client's own record (clients use it to check their credentials)" })
  @ApiIdParams('cid')
  @ApiOkResponse({ type: ClientDto })
  @ApiErrorResponses(400, 401, 403, 429)
  get(@Req() request: AuthenticatedRequest): ClientDto {
    return presentClient(request.client);
  }
}
