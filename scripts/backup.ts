/** `npm run backup -- <file> [--force]`: an online backup of DATABASE_PATH (see src/ops/backup.ts). */
import '../src/backup.js';
