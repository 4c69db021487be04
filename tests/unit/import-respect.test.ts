/**
 * Imports never destroy: a merge never makes a record worse (more authors, a title with its
 * subtitle and a venue win; less never does), the preview says per paper what would change, a
 * replace takes a local backup first; and RIS and CSL-JSON bring their venue in.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { importsApi } from '../../lib/background/imports';
import type { GlossDB } from '../../lib/db/schema';
import { toCslJson } from '../../lib/export/csl';
import { toRis } from '../../lib/export/ris';
import { parseImport } from '../../lib/import';
import { Backups } from '../../lib/library/backups';
import { addsSubtitle, improveFromFile } from '../../lib/library/paper-merge';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
const now = () => Date.UTC(2026, 0, 1);
beforeEach(() => {
  db = freshDb();
  lib = new LibraryService(db, { now });
});

const eldr = paper(
  { doi: '10.1000/eldr' },
  { title: 'ELDR: Efficient Long-Document Retrieval', authors: ['A One', 'B Two', 'C Three', 'D Four', 'E Five', 'F Six'] },
);

describe('a merge never degrades a record', () => {
  test('the reported damage: an "(imported copy)" title and one author change nothing', async () => {
    await lib.save({ paper: eldr });
    const copy = { ...eldr, title: 'ELDR (imported copy)', authors: ['A One'] };
    const preview = await lib.importItems({ items: [{ paper: copy, note: 'from the file', where: 'entry 1' }], dryRun: true });
    expect(preview.changes).toEqual([{ id: eldr.id, title: eldr.title, fields: ['note'] }]);
    await lib.importItems({ items: [{ paper: copy, note: 'from the file', where: 'entry 1' }] });
    const rec = (await lib.get({ id: eldr.id }))!;
    expect(rec.title).toBe(eldr.title);
    expect(rec.authors).toEqual(eldr.authors);
    expect(rec.note).toBe('from the file');
  });

  test('more authors, a subtitle, a venue and a fuller date win; the preview names them', async () => {
    await lib.save({ paper: { ...eldr, title: 'ELDR', authors: ['A One'], published: '2024' } });
    const better = { ...eldr, published: '2024-05', container: 'Proceedings of ACL 2024', itemType: 'inproceedings' as const, pages: '1--9' };
    const preview = await lib.importItems({ items: [{ paper: better, where: 'entry 1' }], dryRun: true });
    expect(preview.changes?.[0].fields).toEqual(['title', 'authors', 'published', 'itemType', 'container', 'pages']);
    await lib.importItems({ items: [{ paper: better, where: 'entry 1' }] });
    expect(await lib.get({ id: eldr.id })).toMatchObject({
      title: eldr.title,
      authors: eldr.authors,
      published: '2024-05',
      container: 'Proceedings of ACL 2024',
      pages: '1--9',
    });
  });

  test('the rule, alone', () => {
    expect(addsSubtitle('ELDR', 'ELDR: Efficient Long-Document Retrieval')).toBe(true);
    expect(addsSubtitle('ELDR', 'ELDR — a study')).toBe(true);
    expect(addsSubtitle('ELDR', 'ELDR (imported copy)')).toBe(false);
    expect(addsSubtitle('ELDR: Efficient', 'ELDR')).toBe(false);
    expect(addsSubtitle('Attention', 'Attention Is All You Need')).toBe(false);
    const rec = { ...eldr, aliases: [], titleKey: '', note: '', tags: [], savedAt: 1, updatedAt: 1 };
    expect(improveFromFile(rec, { ...eldr, authors: ['A One', 'others'] }).authors).toEqual(eldr.authors);
  });

  test('pages cannot improve a record beyond filling what it lacks (the page rule is unchanged)', async () => {
    await lib.save({ paper: { ...eldr, title: 'ELDR', authors: ['A One'] } });
    await lib.save({ paper: eldr });
    expect(await lib.get({ id: eldr.id })).toMatchObject({ title: 'ELDR', authors: ['A One'] });
  });
});

describe('replace', () => {
  test('takes a local backup of the library first, and says so', async () => {
    const backups = new Backups(db, lib, now);
    const api = importsApi(lib, backups, now);
    await lib.save({ paper: eldr, note: 'precious' });
    await lib.save({ paper: paper({ arxiv: '2401.00001' }) });
    const { token } = await api.importStage({ items: [{ paper: paper({ arxiv: '2402.00002' }), where: 'x' }] });
    const dry = await api.importCommit({ token, mode: 'replace', dryRun: true });
    expect(dry).toMatchObject({ removed: 2, added: 1 });
    expect(await backups.list()).toEqual([]);
    const done = await api.importCommit({ token, mode: 'replace' });
    expect(done).toMatchObject({ removed: 2, added: 1, backup: { count: 2 } });
    const [backup] = await backups.list();
    expect(backup).toMatchObject({ reason: 'before-import', count: 2 });
    // The backup restores what the replace removed.
    await backups.restore(backup.id);
    expect((await lib.get({ id: eldr.id }))!.note).toBe('precious');
  });
});

describe('RIS and CSL-JSON bring the venue', () => {
  const acl = paper(
    { doi: '10.18653/v1/2021.naacl-main.208' },
    {
      title: 'How many data points is a prompt worth?',
      authors: ['Teven Le Scao', 'Alexander M. Rush'],
      published: '2021-06',
      itemType: 'inproceedings',
      container: 'Proceedings of NAACL 2021',
      pages: '2627--2636',
      publisher: 'Association for Computational Linguistics',
    },
  );
  const journal = paper(
    { doi: '10.1371/journal.pone.0213978' },
    {
      title: 'A journal paper',
      authors: ['Zoë Müller'],
      published: '2019-04-22',
      itemType: 'article',
      container: 'PLOS ONE',
      volume: '14',
      issue: '4',
      pages: 'e0213978',
    },
  );

  test.each([
    ['RIS', toRis],
    ['CSL-JSON', toCslJson],
  ])('%s: Gloss’s own export reads back with type, container, volume, issue, pages and key', async (_, write) => {
    await lib.save({ paper: acl, tags: ['nlp'] });
    await lib.save({ paper: journal });
    const parsed = parseImport(write(await lib.all()));
    const other = new LibraryService(freshDb(), { now });
    expect(await other.importItems({ items: parsed.items })).toMatchObject({ added: 2 });
    for (const p of [acl, journal]) {
      const a = (await lib.get({ id: p.id }))!;
      const b = (await other.get({ id: p.id }))!;
      const pick = (r: typeof a) => ({
        title: r.title,
        authors: r.authors,
        published: r.published,
        itemType: r.itemType,
        container: r.container,
        volume: r.volume,
        issue: r.issue,
        pages: r.pages,
        citeKey: r.citeKey,
      });
      expect(pick(b)).toEqual(pick(a));
    }
    expect(await other.importItems({ items: parseImport(write(await lib.all())).items })).toMatchObject({ added: 0, updated: 0 });
  });

  test('RIS as publishers write it: wrapped lines, Y1 dates, a record without ER reported by line', () => {
    const ris = [
      'TY  - JOUR',
      'AU  - Müller, Zoë',
      'AU  - King, Martin',
      'TI  - Sorting things',
      'T2  - Journal of Obscure Results',
      'Y1  - 2021/03/02/',
      'VL  - 12',
      'IS  - 3',
      'SP  - 1',
      'EP  - 20',
      'DO  - 10.1000/jor.2021.12',
      'AB  - A long abstract that a tool',
      'wrapped onto a second line.',
      'ER  - ',
      '',
      'TY  - BOOK',
      'AU  - Knuth, Donald E.',
      'TI  - The TeXbook',
      'PY  - 1984',
      'SN  - 0-201-13447-0',
      'PB  - Addison-Wesley',
      'ER  - ',
      '',
      'TY  - JOUR',
      'TI  - Never ended',
    ].join('\n');
    const parsed = parseImport(ris);
    expect(parsed.format).toBe('ris');
    expect(parsed.items.map((i) => i.paper.id)).toEqual(['doi:10.1000/jor.2021.12', 'bib:isbn0201134470']);
    expect(parsed.items[0].paper).toMatchObject({
      authors: ['Zoë Müller', 'Martin King'],
      published: '2021-03-02',
      container: 'Journal of Obscure Results',
      pages: '1--20',
      issue: '3',
      abstract: 'A long abstract that a tool wrapped onto a second line.',
    });
    expect(parsed.items[1].paper).toMatchObject({ itemType: 'book', publisher: 'Addison-Wesley', published: '1984' });
    expect(parsed.skipped).toEqual([{ where: 'record at line 24', message: 'has no "ER  -" line ending it' }]);
  });
});
