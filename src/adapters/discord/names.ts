/** The two application commands (see commands.ts for why there are two). Kept apart so naming them loads no SDK. */
export const MAIN_COMMAND = 'aws';
export const ADMIN_COMMAND = 'aws-admin';
