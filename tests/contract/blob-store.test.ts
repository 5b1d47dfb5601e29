// Runs the BlobStore contract against both adapters: files on disk in a temp directory, and GridFS
// on the MongoDB-wire server (FerretDB from scripts/services.sh, or the server at MONGODB_URL).
import { MongoClient } from 'mongodb';
import { DiskBlobStore } from '#engine/adapters/blobs/disk/disk-blob-store.ts';
import { GridFsBlobStore } from '#engine/adapters/blobs/gridfs/gridfs-blob-store.ts';
import { mongodbUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { blobStoreContract } from './blob-store.contract.ts';

blobStoreContract('disk', async () => {
  const tmp = tempDir('blobs');
  return { blobs: new DiskBlobStore({ dir: tmp.dir }), cleanup: async () => tmp.remove() };
});

blobStoreContract('gridfs', async () => {
  const client = await new MongoClient(mongodbUrl()).connect();
  const db = client.db(uniqueNamespace('blobs'));
  return {
    blobs: new GridFsBlobStore(db),
    cleanup: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
});
