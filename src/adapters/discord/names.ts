/** The two application commands (see commands.ts for why there are two). Kept apart so naming them loads no SDK. */
export const MAIN_COMMAND = 'aws';
export const ADMIN_COMMAND = 'aws-admin';
/** The argument a Discord shard process is started with (main.ts, in its shard role). */
export const SHARD_FLAG = '--discord-shard';
