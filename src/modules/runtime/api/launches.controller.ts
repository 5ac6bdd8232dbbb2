import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { miniAppOrigin } from '../../../platform/config/mini-app-origin';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { IssueLoginCode } from '../application/commands/issue-login-code.command';
import { ReportLoadTime } from '../application/commands/report-load-time.command';
import { ShareProfile } from '../application/commands/share-profile.command';
import { StartLaunch } from '../application/commands/start-launch.command';
import { UseCapability } from '../application/commands/use-capability.command';
import { ShareContact } from '../application/commands/share-contact.command';
import { ListContacts } from '../application/queries/list-contacts.query';
import { FindRecipient } from '../application/queries/find-recipient.query';
import {
  AccessRequest,
  AccessResponse,
  ContactsResponse,
  FindRecipientRequest,
  LoadTimeRequest,
  LoginCodeResponse,
  PickContactRequest,
  ProfileResponse,
  RecipientResponse,
  SharedContactResponse,
} from './dto/capability.dto';
import { StartLaunchRequest } from './dto/launch.request';
import { LaunchResponse } from './dto/launch.response';

export const LAUNCH_NOT_FOUND = 'No such launch of yours, or it has ended (expired, or the mini-app was taken down)';

@ApiTags('runtime')
@Controller('runtime/launches')
export class LaunchesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'startLaunch',
    summary:
      "Open a live mini-app: the pinned version and bundle, its scopes with the caller's grants, its domains, and signed launchData",
    description:
      "Opens a live mini-app for the caller: pins the live version and its bundle, and answers its scopes with the caller's grants, its declared domains, and signed launchData (the caller's pairwise id in this mini-app) its backend can verify.",
  })
  @ApiCreatedResponse({ type: LaunchResponse })
  @ApiNotFoundResponse({ description: 'No live mini-app has this slug (never published, or taken down)' })
  async start(@CurrentUser() caller: AuthenticatedUser, @Body() body: StartLaunchRequest): Promise<LaunchResponse> {
    return LaunchResponse.from(
      await this.commands.execute(new StartLaunch(caller.id, body.slug)),
      miniAppOrigin(this.config),
    );
  }

  @Post(':launchId/login-code')
  @ApiOperation({
    operationId: 'issueLoginCode',
    summary:
      "superapp.login(): a one-time code (60 s) for the mini-app's backend to exchange for the user's pairwise id",
    description:
      "For superapp.login(): a one-time code, valid for 60 s and bound to this launch, that the mini-app's backend exchanges for the user's pairwise id.",
  })
  @ApiCreatedResponse({ type: LoginCodeResponse })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  async loginCode(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
  ): Promise<LoginCodeResponse> {
    return this.commands.execute(new IssueLoginCode(caller.id, launchId));
  }

  @Post(':launchId/access')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'useCapability',
    summary:
      "The shell is about to hand the mini-app something of the user's (location, camera, contacts…): whether the grant allows it; logged",
    description:
      "The shell asks before it hands the mini-app something of the user's (location, camera, contacts…): whether the caller's grant allows it. Every answer is logged in the access log.",
  })
  @ApiOkResponse({ type: AccessResponse })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  async access(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Body() body: AccessRequest,
  ): Promise<AccessResponse> {
    return this.commands.execute(new UseCapability(caller.id, launchId, body.scope));
  }

  @Get(':launchId/profile')
  @ApiOperation({
    operationId: 'shareProfile',
    summary: 'superapp.getUserProfile(): display name and avatar, when the user granted user.profile; logged',
    description:
      "For superapp.getUserProfile(): the caller's display name and avatar, if they granted `user.profile` to this mini-app; logged.",
  })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiForbiddenResponse({ description: 'permission-denied: user.profile is not granted' })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  @ApiServiceUnavailableResponse({
    description: "profile-not-ready: a brand-new account's profile has not reached the runtime yet; retry",
  })
  async profile(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
  ): Promise<ProfileResponse> {
    const { displayName, avatarUrl } = await this.commands.execute(new ShareProfile(caller.id, launchId));
    return avatarUrl ? { displayName, avatarUrl } : { displayName };
  }

  @Get(':launchId/contacts')
  @ApiOperation({
    operationId: 'listContacts',
    summary:
      "The shell's contact picker for superapp.chooseContact(): people the user has paid or been paid by, when the mini-app holds contacts; shown to the user, not handed to the mini-app",
    description:
      'Shown to the person by the shell only, under the contacts grant; nothing is handed to the mini-app and nothing is logged until one person is picked (POST). At most 50, the most recently paid first.',
  })
  @ApiOkResponse({ type: ContactsResponse })
  @ApiForbiddenResponse({ description: 'permission-denied: contacts is not granted' })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  async contacts(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
  ): Promise<ContactsResponse> {
    return { items: await this.queries.execute(new ListContacts(caller.id, launchId)) };
  }

  @Post(':launchId/contacts')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'shareContact',
    summary:
      "superapp.chooseContact(): the contact the user picked, as the mini-app's pairwise id for them and their display name; logged",
    description:
      "The one brokered use of contacts: recorded in the access log. The userId must be one of the person's contacts; the mini-app receives its own pairwise id for them, never the platform's user id.",
  })
  @ApiOkResponse({ type: SharedContactResponse })
  @ApiForbiddenResponse({ description: 'permission-denied: contacts is not granted' })
  @ApiNotFoundResponse({
    description: `${LAUNCH_NOT_FOUND}; or contact-not-found: the user has neither paid nor been paid by this person`,
  })
  async shareContact(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Body() body: PickContactRequest,
  ): Promise<SharedContactResponse> {
    return this.commands.execute(new ShareContact(caller.id, launchId, body.userId));
  }

  @Post(':launchId/recipients')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'findRecipient',
    summary:
      "superapp.requestTransfer(): who the mini-app's id names, for the shell's confirmation sheet; needs wallet.transfer",
    description:
      'The shell resolves the openid a mini-app passed to requestTransfer to the person it names, to show them in the confirmation sheet; only ids this mini-app was given resolve.',
  })
  @ApiOkResponse({ type: RecipientResponse })
  @ApiForbiddenResponse({ description: 'permission-denied: wallet.transfer is not granted' })
  @ApiNotFoundResponse({
    description: `${LAUNCH_NOT_FOUND}; or recipient-not-found: the mini-app was never given this id`,
  })
  @ApiUnprocessableEntityResponse({ description: "recipient-is-you: the id is the caller's own" })
  @ApiServiceUnavailableResponse({
    description: "profile-not-ready: the recipient's profile has not reached the runtime yet; retry",
  })
  async recipient(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Body() body: FindRecipientRequest,
  ): Promise<RecipientResponse> {
    return this.queries.execute(new FindRecipient(caller.id, launchId, body.openid));
  }

  @Post(':launchId/load-time')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'reportLoadTime',
    summary: 'superapp.reportLoadTime(ms): feeds mini_app_load_time_seconds, once per launch',
    description:
      'For superapp.reportLoadTime(ms): how long the mini-app took to become usable, once per launch; feeds the `mini_app_load_time_seconds` metric.',
  })
  @ApiNoContentResponse({ description: 'Recorded' })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  @ApiConflictResponse({ description: 'load-time-reported: this launch reported already' })
  async loadTime(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Body() body: LoadTimeRequest,
  ): Promise<void> {
    await this.commands.execute(new ReportLoadTime(caller.id, launchId, body.ms));
  }
}
