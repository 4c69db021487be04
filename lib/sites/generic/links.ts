/**
 * Plain links to papers, for pages that are not about papers (blogs, READMEs, social sites)
 * when the user opts in, and for result lists that link out (Google Scholar). The link kinds
 * are in lib/sites/paper-urls.ts; rows and titles in generic/listing.ts.
 */
import type { PaperIds, RecognizedEntry } from '../../core/types';
import { idsFromPaperUrl } from '../paper-urls';
import { recognizeListing } from './listing';

export function idsFromLink(href: string): PaperIds | undefined {
  return idsFromPaperUrl(href);
}

export function recognizeLinks(doc: Document, url: URL): RecognizedEntry[] {
  return recognizeListing(doc, url);
}
