// The store adapters are DirectoryStores of saml-edge/entra as they are (one KeyValueStore interface):
// each is passed as `store` and typed as a DirectoryStore and a KeyValueStore. Compiled (never run) by
// run.mjs under the same tsconfigs as usage.ts.
import type { KeyValueStore, ReplayStore } from 'saml-edge';
import { DenoKvStore, type DenoKvLike } from 'saml-edge/deno-kv';
import { DurableObjectStore, type DurableObjectNamespaceLike } from 'saml-edge/durable-object';
import { EntraDirectory, MemoryDirectoryStore, type DirectoryStore, type SyncResult } from 'saml-edge/entra';
import { RedisStore, type RedisClientLike } from 'saml-edge/redis';

export function stores(redis: RedisClientLike, namespace: DurableObjectNamespaceLike, kv: DenoKvLike): DirectoryStore[] {
  const list: DirectoryStore[] = [new RedisStore(redis), new DurableObjectStore(namespace), new DenoKvStore(kv), new MemoryDirectoryStore()];
  const asKeyValue: KeyValueStore[] = list;
  const asReplay: ReplayStore = new MemoryDirectoryStore();
  return asKeyValue.length > 0 && asReplay ? list : [];
}

export async function syncInto(store: DirectoryStore): Promise<boolean> {
  const directory = new EntraDirectory({
    tenant: '00000000-0000-0000-0000-000000000000',
    clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
    clientSecret: 'secret',
    store,
    allowUnsynchronizedUsers: false,
  });
  const r: SyncResult = await directory.sync({ maxPages: 20 });
  const lease: boolean = await directory.store.consume('entra:sync:lease', 1000, 0);
  await directory.store.put('k', 'v', { ttlMs: 1000 });
  return r.complete && lease;
}
