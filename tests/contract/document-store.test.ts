// Runs the DocumentStore contract against both adapters: the embedded store in a temp directory
// and MongoDB (FerretDB from scripts/services.sh, or the server at MONGODB_URL).
import { EmbeddedStore } from '../../engine/src/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '../../engine/src/adapters/store/mongodb/mongo-store.ts';
import { mongodbUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { documentStoreContract } from './document-store.contract.ts';

documentStoreContract('embedded', async () => {
  const tmp = tempDir('store');
  const store = new EmbeddedStore({ dir: tmp.dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      tmp.remove();
    },
  };
});

documentStoreContract('mongodb', async () => {
  const store = await MongoStore.connect({ url: mongodbUrl(), dbName: uniqueNamespace('store') });
  return {
    store,
    cleanup: async () => {
      await store.dropDatabase();
      await store.close();
    },
  };
});
