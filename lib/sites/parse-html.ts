import { parseHTML } from 'linkedom';

/** A Document from saved HTML, outside a browser (extractor CLI, unit tests). */
export function documentFromHtml(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}
