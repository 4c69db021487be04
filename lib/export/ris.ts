/** RIS (EndNote, Mendeley, Zotero). One `TAG  - value` line per field; values on one line. */
import { impliedType } from '../core/citation';
import type { ItemType, PaperRecord } from '../core/types';
import { citationKeys, citedDate } from './bibtex';
import { statusTag } from '../core/status';
import { isCorporate, OTHERS, splitName } from './names';

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

const RIS_TYPES: Record<ItemType, string> = {
  article: 'JOUR',
  inproceedings: 'CPAPER',
  preprint: 'PREP',
  book: 'BOOK',
  thesis: 'THES',
  report: 'RPRT',
  misc: 'GEN',
};

export function toRis(papers: PaperRecord[]): string {
  const keys = citationKeys(papers);
  return papers
    .map((p, i) => {
      const type = impliedType(p) ?? (p.ids.doi ? 'article' : 'misc');
      const date = citedDate(p);
      const [first, last] = (p.pages ?? '').split(/\s*(?:-+|–)\s*/);
      const lines: Array<[string, string | undefined]> = [
        ['TY', RIS_TYPES[type]],
        ['ID', keys[i]],
        ['TI', oneLine(p.title)],
        ...p.authors
          .filter((a) => a !== OTHERS)
          .map((a): [string, string] => {
            if (isCorporate(a)) return ['AU', a];
            const { given, family, suffix } = splitName(a);
            return ['AU', given ? `${family}, ${given}${suffix ? `, ${suffix}` : ''}` : family];
          }),
        ['PY', date?.slice(0, 4)],
        ['DA', date?.replace(/-/g, '/')],
        [type === 'inproceedings' ? 'T2' : 'JO', p.container && oneLine(p.container)],
        ['VL', p.volume],
        ['IS', p.issue],
        ['SP', first || undefined],
        ['EP', last || undefined],
        ['PB', p.publisher ?? (p.ids.arxiv && type === 'preprint' ? 'arXiv' : undefined)],
        ['DO', p.ids.doi],
        ['UR', p.links.abs ?? p.links.hf],
        ['L1', p.links.pdf],
        ['AB', p.abstract && oneLine(p.abstract)],
        ['AN', p.ids.arxiv && `arXiv:${p.ids.arxiv}`],
        ...p.tags.map((t): [string, string] => ['KW', t]),
        ['KW', p.status && statusTag(p.status)],
        ['N1', p.note && oneLine(p.note)],
        ['ER', ''],
      ];
      return lines
        .filter(([tag, v]) => tag === 'ER' || v)
        .map(([tag, v]) => `${tag}  - ${v}`.trimEnd())
        .join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
