/** RIS (EndNote, Mendeley, Zotero). One `TAG  - value` line per field; values on one line. */
import type { PaperRecord } from '../types';
import { statusTag } from '../library/status';
import { splitName } from './names';

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

export function toRis(papers: PaperRecord[]): string {
  return papers
    .map((p) => {
      const preprint = !!p.ids.arxiv && (!p.ids.doi || p.ids.doi.startsWith('10.48550/'));
      const lines: Array<[string, string | undefined]> = [
        ['TY', preprint ? 'PREP' : 'JOUR'],
        ['TI', oneLine(p.title)],
        ...p.authors.map((a): [string, string] => {
          const { given, family } = splitName(a);
          return ['AU', given ? `${family}, ${given}` : family];
        }),
        ['PY', p.published?.slice(0, 4)],
        ['DA', p.published?.replace(/-/g, '/')],
        ['DO', p.ids.doi],
        ['UR', p.links.abs ?? p.links.hf],
        ['L1', p.links.pdf],
        ['AB', p.abstract && oneLine(p.abstract)],
        ...(p.ids.arxiv ? ([['AN', `arXiv:${p.ids.arxiv}`], ['PB', 'arXiv']] as Array<[string, string]>) : []),
        ...p.tags.map((t): [string, string] => ['KW', t]),
        ['KW', p.status && statusTag(p.status)],
        ['N1', p.note && oneLine(p.note)],
        ['ER', ''],
      ];
      return lines
        .filter(([, v]) => v !== undefined && (v !== '' || true))
        .filter(([tag, v]) => tag === 'ER' || v)
        .map(([tag, v]) => `${tag}  - ${v}`.trimEnd())
        .join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
