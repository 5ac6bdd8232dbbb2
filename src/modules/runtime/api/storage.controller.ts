import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { invalid } from '../../../shared/kernel/problem';
import { RemoveStorage } from '../application/commands/remove-storage.command';
import { WriteStorage } from '../application/commands/write-storage.command';
import { ReadStorage } from '../application/queries/read-storage.query';
import { STORAGE_KEY } from '../domain/storage-quota';
import { StorageValueRequest, StorageValueResponse } from './dto/storage.dto';
import { LAUNCH_NOT_FOUND } from './launches.controller';

const KEY_PARAM = { name: 'key', description: 'Letters, digits and . _ : - (1 to 128)', example: 'favourites' };

/** superapp.storage: per user × mini-app, at most 100 keys, 16 KiB a value, 1 MiB in all. */
@ApiTags('runtime')
@Controller('runtime/launches/:launchId/storage')
export class StorageController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':key')
  @ApiOperation({
    operationId: 'readStorage',
    summary: 'superapp.storage.get(key)',
    description:
      "For superapp.storage.get(key): the value this user's copy of the mini-app stored under the key; 404 when there is none.",
  })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: StorageValueResponse })
  @ApiNotFoundResponse({ description: `${LAUNCH_NOT_FOUND}; or no such key` })
  async read(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Param('key') key: string,
  ): Promise<StorageValueResponse> {
    return { key, value: await this.queries.execute(new ReadStorage(caller.id, launchId, checkedKey(key))) };
  }

  @Put(':key')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'writeStorage',
    summary:
      'superapp.storage.set(key, value): at most 100 keys, 16 KiB a value (as JSON), 1 MiB in all, per user and mini-app',
    description:
      'For superapp.storage.set(key, value): stores a JSON value for this user and mini-app. Quotas: 100 keys, 16 KiB a value and 1 MiB in all (413 or 422 beyond).',
  })
  @ApiParam(KEY_PARAM)
  @ApiNoContentResponse({ description: 'Stored' })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  @ApiPayloadTooLargeResponse({ description: 'storage-value-too-large: the value is over 16 KiB' })
  @ApiUnprocessableEntityResponse({ description: 'storage-too-many-keys (100) or storage-full (1 MiB)' })
  async write(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Param('key') key: string,
    @Body() body: StorageValueRequest,
  ): Promise<void> {
    await this.commands.execute(new WriteStorage(caller.id, launchId, checkedKey(key), body.value));
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeStorage',
    summary: 'superapp.storage.remove(key)',
    description: 'For superapp.storage.remove(key): deletes the value under the key, if any.',
  })
  @ApiParam(KEY_PARAM)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: `${LAUNCH_NOT_FOUND}; or no such key` })
  async remove(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Param('key') key: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveStorage(caller.id, launchId, checkedKey(key)));
  }
}

function checkedKey(key: string): string {
  if (!STORAGE_KEY.test(key))
    throw invalid('validation', 'Invalid request', 'The storage key is not valid.', [
      { pointer: '#/key', detail: 'must be 1 to 128 letters, digits and . _ : -' },
    ]);
  return key;
}
