/** The Store contract on a real PostgreSQL server (started by test/support/postgres-global.ts). */
import { freshPostgresStore } from '../../support/postgres.js';
import { storeContract } from './suite.js';

storeContract('postgres', async () => {
  const opened = await freshPostgresStore();
  return { store: opened.store, close: () => opened.close() };
});
