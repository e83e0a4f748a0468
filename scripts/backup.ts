/** `npm run backup -- <file> [--force]`: an online backup of DATABASE_PATH (see src/ops/backup.ts). */
import { existsSync } from 'node:fs';
import { runBackupCli } from '../src/ops/backup.js';

if (existsSync('.env')) process.loadEnvFile('.env');
process.exitCode = await runBackupCli(process.argv.slice(2), process.env);
