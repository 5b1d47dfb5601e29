// Runs async tasks one at a time per key, in call order. The MongoDB adapter funnels every
// conditional write of a document through it because FerretDB v1 applies findAndModify/update as
// "read, compute, write" without a transaction (FerretDB issue #3040): two concurrent
// conditional writes to one document could both succeed. Serialising them in the process makes
// the contract hold for all writers of this process; MongoDB itself needs no help (its
// single-document writes are atomic) and pays only a map lookup.
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
