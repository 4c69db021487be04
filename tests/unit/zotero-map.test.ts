import { describe, expect, test } from 'vitest';
import { aliasesOf } from '../../lib/core/ids';
import {
  GLOSS_EXTRA_LINE,
  idsOfItem,
  identityKeys,
  itemToPaper,
  itemTypeFor,
  normalizeDate,
  paperToItemFields,
  setExtraLine,
  toCreator,
} from '../../lib/zotero/map';
import type { ZoteroItemData } from '../../lib/zotero/types';
import { paper } from './zotero-helpers';

const item = (d: Partial<ZoteroItemData>): ZoteroItemData => ({ key: 'ABCD2345', version: 1, itemType: 'journalArticle', ...d });

describe('paper → Zotero item', () => {
  test('item types: preprint for arXiv, conference paper for proceedings, journal article for a DOI', () => {
    expect(itemTypeFor(paper({ arxiv: '2401.12345' }, 't'))).toBe('preprint');
    expect(itemTypeFor(paper({ arxiv: '2401.12345', doi: '10.1145/1' }, 't'))).toBe('journalArticle');
    expect(itemTypeFor(paper({ openreview: 'abcXYZ' }, 't'))).toBe('conferencePaper');
    expect(itemTypeFor(paper({ url: 'aclanthology.org/2024.acl-long.1' }, 't'))).toBe('conferencePaper');
    expect(itemTypeFor(paper({ doi: '10.1038/x' }, 't'))).toBe('journalArticle');
    expect(itemTypeFor(paper({ url: 'example.org/paper' }, 't'))).toBe('document');
  });

  test('an arXiv paper keeps its id where Zotero looks for it (archiveID, DOI, URL)', () => {
    const f = paperToItemFields(paper({ arxiv: '2401.12345' }, 'A Title', { published: '2024-01' }));
    expect(f).toMatchObject({
      itemType: 'preprint',
      archiveID: 'arXiv:2401.12345',
      DOI: '10.48550/arxiv.2401.12345',
      repository: 'arXiv',
      url: 'https://arxiv.org/abs/2401.12345',
      date: '2024-01',
    });
    expect(f.extra).toBe(GLOSS_EXTRA_LINE);
  });

  test('a published paper with an arXiv version keeps the arXiv id in extra', () => {
    const f = paperToItemFields(paper({ arxiv: '2401.12345', doi: '10.1145/3442188.3445922' }, 'T'));
    expect(f.DOI).toBe('10.1145/3442188.3445922');
    expect(f.extra).toBe(`arXiv: 2401.12345\n${GLOSS_EXTRA_LINE}`);
  });

  test('creators', () => {
    expect(toCreator('Ada Lovelace')).toEqual({ creatorType: 'author', firstName: 'Ada', lastName: 'Lovelace' });
    expect(toCreator('Jean-Paul  de la Tour')).toEqual({ creatorType: 'author', firstName: 'Jean-Paul de la', lastName: 'Tour' });
    expect(toCreator('Turing, Alan M.')).toEqual({ creatorType: 'author', firstName: 'Alan M.', lastName: 'Turing' });
    expect(toCreator('OpenAI')).toEqual({ creatorType: 'author', name: 'OpenAI' });
  });

  test('the Gloss line in extra is added and removed without touching the user’s lines', () => {
    expect(setExtraLine('Citation Key: x\nPMID: 1', GLOSS_EXTRA_LINE, true)).toBe(`Citation Key: x\nPMID: 1\n${GLOSS_EXTRA_LINE}`);
    expect(setExtraLine(`Citation Key: x\n${GLOSS_EXTRA_LINE}\nPMID: 1`, GLOSS_EXTRA_LINE, false)).toBe('Citation Key: x\nPMID: 1');
    expect(setExtraLine(undefined, GLOSS_EXTRA_LINE, false)).toBe('');
  });
});

describe('Zotero item → identity', () => {
  test.each([
    [{ itemType: 'preprint', archiveID: 'arXiv:2401.12345' }, { arxiv: '2401.12345' }],
    [{ url: 'https://arxiv.org/abs/2401.12345v3' }, { arxiv: '2401.12345' }],
    [{ extra: 'tldr: x\narXiv: 2401.12345v2' }, { arxiv: '2401.12345' }],
    [{ DOI: '10.48550/arXiv.2401.12345' }, { arxiv: '2401.12345' }],
    [
      { DOI: 'https://doi.org/10.1145/ABC', url: 'https://arxiv.org/abs/2401.12345' },
      { arxiv: '2401.12345', doi: '10.1145/abc' },
    ],
    [{ itemType: 'document', extra: 'DOI: 10.1000/XYZ' }, { doi: '10.1000/xyz' }],
    [{ url: 'https://openreview.net/forum?id=aBc_12-3' }, { openreview: 'aBc_12-3' }],
    [{ url: 'https://www.example.org/paper/?utm_source=x#top' }, { url: 'example.org/paper' }],
    [{ url: 'https://doi.org/10.1234/x', DOI: '10.1234/x' }, { doi: '10.1234/x' }],
  ] as [Partial<ZoteroItemData>, object][])('%j → %j', (d, ids) => expect(idsOfItem(item(d))).toEqual(ids));

  test('a paper saved in Gloss and the item made from it meet on the same aliases', () => {
    for (const p of [
      paper({ arxiv: '2401.12345' }, 'T'),
      paper({ doi: '10.1145/3442188.3445922' }, 'T'),
      paper({ arxiv: '2401.00001', doi: '10.1234/abc' }, 'T'),
      paper({ openreview: 'xYz123' }, 'T'),
    ]) {
      const back = itemToPaper(item(paperToItemFields(p)))!;
      expect(back.id).toBe(p.id);
      expect(aliasesOf(back.ids)).toEqual(expect.arrayContaining(aliasesOf(p.ids)));
      expect(back.authors).toEqual(p.authors);
      expect(back.published).toBe(p.published);
    }
  });

  test('the title key links a preprint and its published version', () => {
    const a = identityKeys({ arxiv: '2401.12345' }, 'Attention Is All You Need, Again!');
    const b = identityKeys({ doi: '10.1234/x' }, 'attention is all you need again');
    expect(a.filter((k) => b.includes(k))).toEqual(['title:attention is all you need again']);
    // Short titles would join unrelated papers.
    expect(identityKeys({}, 'Introduction')).toEqual([]);
  });

  test('notes, attachments and untitled items with no identifier are not papers', () => {
    expect(itemToPaper(item({ itemType: 'note', note: '<p>x</p>' }))).toBeUndefined();
    expect(itemToPaper(item({ itemType: 'attachment' }))).toBeUndefined();
    expect(itemToPaper(item({ title: '' }))).toBeUndefined();
    expect(itemToPaper(item({ title: 'Only a title' }))).toMatchObject({ id: 'zotero:ABCD2345', source: 'zotero' });
  });

  test('hostile field types do not throw', () => {
    const weird = item({ title: 42 as never, creators: 'x' as never, tags: [null] as never, extra: {} as never, url: 5 as never, DOI: [] as never });
    expect(() => itemToPaper(weird)).not.toThrow();
    expect(() => idsOfItem(weird)).not.toThrow();
  });

  test.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-03', '2024-03'],
    ['March 5, 2024', '2024-03-05'],
    ['Spring 2019', '2019'],
    ['Sept. 2020', '2020-09'],
    ['5 Mar 2021', '2021-03-05'],
    ['', undefined],
    ['n.d.', undefined],
  ])('date %j → %j', (d, out) => expect(normalizeDate(d)).toBe(out));
});
