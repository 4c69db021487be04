/**
 * The one schema of Gloss's database, owned by the background. Every version ever shipped
 * stays listed here; a new version appends an entry (with its upgrade function) and a
 * fixture + test in tests/unit/db-migrations.test.ts.
 */
import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { PaperRecord } from '../types';

export const DB_NAME = 'gloss';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA: SchemaVersion[] = [
  {
    version: 1,
    // aliases is multi-entry so a lookup by any identifier (arXiv, DOI, ...) is one index query.
    stores: { papers: 'id, *aliases, savedAt, updatedAt, *tags' },
  },
];

export const LATEST_VERSION = SCHEMA[SCHEMA.length - 1].version;

export class GlossDB extends Dexie {
  papers!: EntityTable<PaperRecord, 'id'>;

  constructor(name = DB_NAME, options?: DexieOptions) {
    super(name, options);
    for (const v of SCHEMA) {
      const version = this.version(v.version).stores(v.stores);
      if (v.upgrade) version.upgrade(v.upgrade);
    }
  }
}
