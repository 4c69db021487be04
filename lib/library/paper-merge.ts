/**
 * How a stored paper takes in another description of itself (a page, an imported file). Pure.
 */
import { CITATION_KEYS, type CitationFields } from '../citation';
import type { PaperMeta } from '../types';

/** The citation fields the stored paper lacks, taken from the other; what it has stays. */
export function fillCitation(stored: CitationFields, other: CitationFields): CitationFields {
  const out: CitationFields = {};
  for (const k of CITATION_KEYS) {
    const v = stored[k] || other[k];
    if (v) (out as Record<string, string>)[k] = v;
  }
  return out;
}

export type { PaperMeta };
