import { GlossDB } from '../../lib/db/schema';
import { canonicalId } from '../../lib/ids';
import type { PaperIds, PaperMeta } from '../../lib/types';

let counter = 0;

/** A fresh database in fake-indexeddb, unique per call so tests never share state. */
export function freshDb(): GlossDB {
  return new GlossDB(`gloss-test-${Date.now()}-${counter++}`);
}

export function paper(ids: PaperIds, overrides: Partial<PaperMeta> = {}): PaperMeta {
  return {
    id: canonicalId(ids)!,
    ids,
    title: `Paper ${JSON.stringify(ids)}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: 'An abstract.',
    published: '2026-06-26',
    links: {},
    source: 'test',
    ...overrides,
  };
}
