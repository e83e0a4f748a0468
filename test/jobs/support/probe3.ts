let t = Date.now();
const { loadBank } = await import('../../../src/content/loader.js'); console.error('import loader', Date.now() - t); t = Date.now();
const b = loadBank(); console.error('loadBank', b.size, Date.now() - t); t = Date.now();
await import('../../../src/adapters/discord/index.js'); console.error('discord index', Date.now() - t); t = Date.now();
await import('../../../src/store/sqlite/store.js'); console.error('sqlite', Date.now() - t); t = Date.now();
