import { parseHTML } from 'linkedom';

/** A Document from saved HTML, outside a browser (extractor CLI, unit tests). */
export function documentFromHtml(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** windows-1252 bytes 0x80–0x9F (the five it leaves undefined map to the same code point, as in browsers). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Saved page bytes as text, decoded the way a browser would without HTTP headers: a BOM, else
 * the `<meta charset>` / `http-equiv` declaration in the first 1,024 bytes, else UTF-8. Older
 * proceedings sites (cv-foundation.org) declare ISO-8859-1, which browsers read as
 * windows-1252; an unknown label falls back to UTF-8 rather than failing.
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const label = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  // Node 20's decoder reads windows-1252 as ISO-8859-1 (0x80–0x9F become C1 controls, where
  // browsers put curly quotes, dashes, €…); those 32 bytes are mapped here as browsers map them.
  if (decoder.encoding === 'windows-1252') return decoder.decode(bytes).replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
  // A page cannot declare itself UTF-16 in a meta tag it wrote in ASCII (the HTML spec's rule).
  if (decoder.encoding.startsWith('utf-16')) decoder = new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
