// Runs the DocumentStore contract against both adapters: the embedded store in a temp directory
// and MongoDB (FerretDB from scripts/services.sh, or the server at MONGODB_URL).
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { mongodbUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { documentStoreContract, type StoreHarness } from './document-store.contract.ts';
import { orderedIndexContract } from './ordered-index.contract.ts';

async function embedded(cacheBytes?: number): Promise<StoreHarness> {
  const tmp = tempDir('store');
  const store = new EmbeddedStore({ dir: tmp.dir, ...(cacheBytes !== undefined ? { cacheBytes } : {}) });
  return {
    store,
    cleanup: async () => {
      await store.close();
      tmp.remove();
    },
  };
}

documentStoreContract('embedded', () => embedded());
orderedIndexContract('embedded', () => embedded());
// A budget of a few documents: nearly every read goes back to the journal.
documentStoreContract('embedded, documents read back from disk', () => embedded(4_096));
orderedIndexContract('embedded, documents read back from disk', () => embedded(4_096));
orderedIndexContract('mongodb', async () => {
  const store = await MongoStore.connect({ url: mongodbUrl(), dbName: uniqueNamespace('ordered') });
  return {
    store,
    cleanup: async () => {
      await store.dropDatabase();
      await store.close();
    },
  };
});

for (const writeStrategy of ['auto', 'atomic'] as const) {
  // 'auto' is what runs in production (read-check-write on FerretDB); 'atomic' is the MongoDB path,
  // forced here so that it runs against FerretDB in CI too.
  documentStoreContract(`mongodb (${writeStrategy} writes)`, async () => {
    const store = await MongoStore.connect({
      url: mongodbUrl(),
      dbName: uniqueNamespace('store'),
      writeStrategy,
    });
    return {
      store,
      cleanup: async () => {
        await store.dropDatabase();
        await store.close();
      },
    };
  });
}
