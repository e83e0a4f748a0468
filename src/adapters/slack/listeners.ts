/**
 * Bolt listeners: `/aws`, button clicks and the Home tab. Every listener
 * acknowledges first (Slack's 3-second window is for the ack alone) and then
 * does the work, answering through the payload's response_url.
 *
 *   /aws <text>   -> handleText; a question goes to the channel with a Reveal
 *                    button, everything else is ephemeral
 *   Reveal        -> a new ephemeral message with the answer and grade buttons
 *   Grade         -> replaces that ephemeral message: the answer stays, the
 *                    buttons become the outcome ("🔥 4-day streak")
 *   app_home_opened -> views.publish of the user's progress
 */
import type { App, RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { decodeAction } from '../../core/actions.js';
import { answerCard } from '../../core/cards.js';
import type { CoreDeps } from '../../core/context.js';
import { errorReply, handleAction, handleText, unwrapped, type Handled, type HandleWrapper } from '../../core/dispatch.js';
import type { Reply } from '../../core/messages.js';
import type { Logger } from '../../core/ports.js';
import { progressFor } from '../../core/usecases/progress.js';
import { dueReviewList } from '../../core/usecases/review.js';
import { userToday } from '../../core/usecases/zone.js';
import type { SlackAdminDirectory } from './admin.js';
import { PostAckQueue } from './work-queue.js';
import { fromAppHomeOpened, fromBlockActions, fromSlashCommand, slackContext, slackUserKey, type SlackCaller } from './normalize.js';
import { renderHomeView, renderReply, type HomeModel } from './render.js';

export interface ListenerOptions {
  deps: CoreDeps;
  logger: Logger;
  admins: SlackAdminDirectory;
  /** The slash command as configured in the manifest. */
  commandName: string;
  /** Due reviews for the Home tab (default: the core's review queue). */
  dueReviews?: (userKey: string) => HomeModel['dueReviews'];
  /** Wraps each command and button press (timing, log line, shutdown drain). */
  wrap?: HandleWrapper;
}

const MALFORMED = errorReply('Sorry, Slack sent me something I could not read. Please try again.');

function toResponse(reply: Reply, replaceOriginal: boolean): RespondArguments {
  return {
    response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
    replace_original: replaceOriginal,
    ...renderReply(reply),
  };
}

/** The answer the user was looking at, without its buttons, followed by the outcome. */
function gradedAnswer(deps: CoreDeps, actionId: string, outcome: Reply): Reply {
  const decoded = decodeAction(actionId);
  const q = decoded.ok ? deps.bank.get(decoded.action.questionId) : undefined;
  if (!q) return outcome;
  const answer = answerCard(deps.bank, q).blocks.filter((b) => b.kind !== 'actions');
  return { ...outcome, blocks: [...answer, ...outcome.blocks] };
}

export function registerListeners(app: App, opts: ListenerOptions): void {
  const { deps, logger, admins } = opts;
  const wrap = opts.wrap ?? unwrapped;
  const isAdmin = (caller: SlackCaller) => admins.isAdmin(caller.teamId, caller.userId);
  // After each ack, work waits its turn so that other requests' acks go first.
  const queue = new PostAckQueue();

  const send = async (respond: RespondFn | undefined, message: RespondArguments, what: string) => {
    if (!respond) {
      logger.warn({ what }, 'Slack payload had no response_url; reply dropped');
      return;
    }
    try {
      await respond(message);
    } catch (err) {
      // An expired or overused response_url (5 uses / 30 minutes) must not crash the listener.
      logger.warn({ what, err: (err as Error).message }, 'Slack respond() failed');
    }
  };

  const logHandled = (handled: Handled, caller: SlackCaller) =>
    logger.debug({ command: handled.command, outcome: handled.outcome, user: slackUserKey(caller.teamId, caller.userId) }, 'slack handled');

  app.command(opts.commandName, async ({ ack, body, respond }) => {
    await ack();
    await queue.turn();
    const input = fromSlashCommand(body);
    if (!input) {
      logger.warn({}, 'malformed slash command payload');
      await send(respond, toResponse(MALFORMED, false), 'command');
      return;
    }
    const caller = input.caller;
    await wrap({ platform: 'slack', user: slackUserKey(caller.teamId, caller.userId) }, async () => {
      const handled = await handleText(input.text, slackContext(caller, deps, isAdmin));
      logHandled(handled, caller);
      await send(respond, toResponse(handled.reply, false), 'command');
      return handled;
    });
  });

  app.action({ type: 'block_actions' }, async ({ ack, body, respond }) => {
    await ack();
    await queue.turn();
    const input = fromBlockActions(body);
    if (!input) {
      logger.warn({}, 'malformed block_actions payload');
      await send(respond, { ...toResponse(MALFORMED, false), response_type: 'ephemeral' }, 'action');
      return;
    }
    const caller = input.caller;
    await wrap({ platform: 'slack', user: slackUserKey(caller.teamId, caller.userId) }, async () => {
      const handled = await handleAction(input.actionId, slackContext(caller, deps, isAdmin));
      logHandled(handled, caller);
      // Only an ephemeral message may be replaced: replacing a channel post would change it for everyone.
      const replace = handled.command === 'grade' && handled.outcome === 'ok' && input.ephemeral;
      const reply = replace ? gradedAnswer(deps, input.actionId, handled.reply) : handled.reply;
      await send(respond, { ...toResponse(reply, replace), response_type: 'ephemeral' }, handled.command);
      return handled;
    });
  });

  app.event('app_home_opened', async ({ body, client }) => {
    const home = fromAppHomeOpened(body);
    // The Messages tab fires this event too; only the Home tab shows progress.
    if (!home || (home.tab !== null && home.tab !== 'home')) return;
    await publishHome(client, deps, home.teamId, home.userId, opts.dueReviews, logger);
  });

  app.error(async (error) => {
    logger.error({ err: error.message, code: (error as { code?: string }).code }, 'Slack listener failed');
  });
}

export async function publishHome(
  client: webApi.WebClient,
  deps: CoreDeps,
  teamId: string,
  userId: string,
  dueReviews: ListenerOptions['dueReviews'],
  logger: Logger,
): Promise<void> {
  const userKey = slackUserKey(teamId, userId);
  try {
    const progress = progressFor(deps, userKey, userToday(deps, userKey));
    const model: HomeModel = { progress };
    // The core's due list unless a caller supplies its own (tests).
    model.dueReviews = dueReviews ? dueReviews(userKey) : dueReviewList(deps, userKey);
    await client.views.publish({ user_id: userId, view: renderHomeView(model) });
  } catch (err) {
    logger.warn({ user: userKey, err: (err as Error).message }, 'publishing the Home tab failed');
  }
}
