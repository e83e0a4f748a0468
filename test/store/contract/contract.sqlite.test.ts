/** The Store contract on SQLite, the embedded default. */
import { openDatabase } from '../../../src/store/sqlite/open.js';
import { SqliteStore } from '../../../src/store/sqlite/store.js';
import { storeContract } from './suite.js';

storeContract('sqlite', async () => {
  const store = new SqliteStore(openDatabase(':memory:'));
  return { store, close: () => store.close() };
});
