import type { PaperRecord } from '../core/types';
import { toBackup } from './backup';
import { toBibtex } from './bibtex';
import { toCslJson } from './csl';
import { toMarkdown } from './markdown';
import { toRis } from './ris';

export const EXPORT_FORMATS = {
  bibtex: { label: 'BibTeX', ext: 'bib', mime: 'application/x-bibtex', write: (p: PaperRecord[]) => toBibtex(p, 'bibtex') },
  biblatex: { label: 'BibLaTeX', ext: 'bib', mime: 'application/x-bibtex', write: (p: PaperRecord[]) => toBibtex(p, 'biblatex') },
  csl: { label: 'CSL-JSON', ext: 'json', mime: 'application/vnd.citationstyles.csl+json', write: toCslJson },
  ris: { label: 'RIS', ext: 'ris', mime: 'application/x-research-info-systems', write: toRis },
  markdown: { label: 'Markdown notes', ext: 'md', mime: 'text/markdown', write: (p: PaperRecord[]) => toMarkdown(p) },
  backup: { label: 'JSON backup', ext: 'json', mime: 'application/json', write: (p: PaperRecord[]) => toBackup(p) },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function exportFileName(format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 10);
  const suffix = format === 'backup' ? 'backup' : format === 'csl' ? 'csl' : format === 'biblatex' ? 'biblatex' : 'library';
  return `gloss-${suffix}-${stamp}.${EXPORT_FORMATS[format].ext}`;
}
