/**
 * Production entry of the backup command (the image has no tsx):
 *   docker compose exec bot node dist/backup.js /data/backups/bot-$(date +%F).sqlite
 * Development: `npm run backup -- <file>` runs the same code through scripts/backup.ts.
 */
import { existsSync } from 'node:fs';
import { runBackupCli } from './ops/backup.js';

// Same rule as main.ts: an optional .env, real environment variables win.
if (existsSync('.env')) process.loadEnvFile('.env');
process.exitCode = await runBackupCli(process.argv.slice(2), process.env);
