/**
 * A paper saved from arXiv shows as saved on its CVF, NeurIPS, PMLR, OpenReview and Scholar
 * rows, which carry none of its arXiv identifiers: the library links them by title and authors
 * (lib/library/identity.ts samePaperByTitle) and then by the venue ids it learns. Through
 * LibraryService on fake-indexeddb, with the entries the adapters read from the real captures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { paperFromUrl, recognize } from '../../lib/sites/registry';
import type { PaperMeta } from '../../lib/core/types';
import { freshDb, paper } from './helpers';

const dir = join(import.meta.dirname, '../fixtures/pages');
const fromPage = (file: string, url: string) => recognize(documentFromHtml(readFileSync(join(dir, file), 'utf8')), url).map((e) => e.paper);

const resnetArxiv = paper(
  { arxiv: '1512.03385' },
  {
    title: 'Deep Residual Learning for Image Recognition',
    authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
  },
);
const attentionArxiv = paper(
  { arxiv: '1706.03762' },
  {
    title: 'Attention Is All You Need',
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit', 'Llion Jones', 'Aidan N. Gomez', 'Lukasz Kaiser', 'Illia Polosukhin'],
  },
);
const clipArxiv = paper(
  { arxiv: '2103.00020' },
  {
    title: 'Learning Transferable Visual Models From Natural Language Supervision',
    authors: ['Alec Radford', 'Jong Wook Kim', 'Chris Hallacy'],
  },
);
const hierarchiesArxiv = paper(
  { arxiv: '1712.00948' },
  {
    title: 'Learning Multi-Level Hierarchies with Hindsight',
    authors: ['Andrew Levy', 'George Konidaris', 'Robert Platt', 'Kate Saenko'],
  },
);

const cvfResnet = () =>
  fromPage(
    'cvf/cvf_CVPR2016_He_Deep_Residual_Learning_paper_2026-09.html',
    'https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html',
  )[0];
const neuripsAttention = () =>
  fromPage(
    'neurips/neurips_paper_2017_3f5ee243_attention_2026-09.html',
    'https://proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
  )[0];
const pmlrClip = () => fromPage('pmlr/pmlr_v139_radford21a_clip_2026-09.html', 'https://proceedings.mlr.press/v139/radford21a.html')[0];
const openreviewRow = () =>
  fromPage('openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://openreview.net/group?id=ICLR.cc/2019/Conference').find(
    (p) => p.title === 'Learning Multi-Level Hierarchies with Hindsight',
  )!;
/** A Scholar [CITATION] row for ResNet, as the 2025 result markup shows one (no link: cluster id only). */
const scholarResnet = () =>
  recognize(
    documentFromHtml(
      `<div class="gs_r gs_or gs_scl" data-cid="8kIZgzgPiqQJ"><div class="gs_ri"><h3 class="gs_rt"><span class="gs_ctu"><span class="gs_ct1">[CITATION]</span></span> Deep residual learning for image recognition</h3><div class="gs_a">K He, X Zhang, S Ren, J Sun&nbsp;- Proceedings of the IEEE conference on …, 2016</div></div></div>`,
    ),
    'https://scholar.google.com/scholar?q=resnet',
  )[0].paper;

let db: GlossDB;
let lib: LibraryService;
let clock: number;
beforeEach(() => {
  db = freshDb();
  clock = 1_000;
  lib = new LibraryService(db, { now: () => clock++ });
});

describe('venue rows find the arXiv record', () => {
  test('the rows carry no arXiv id, only their venue ids', () => {
    expect([cvfResnet(), neuripsAttention(), pmlrClip(), openreviewRow(), scholarResnet()].map((p) => p.id)).toEqual([
      'cvf:He_Deep_Residual_Learning_CVPR_2016_paper',
      'neurips:3f5ee243547dee91fbd053c1c4a845aa',
      'pmlr:v139/radford21a',
      'openreview:ryzECoAcY7',
      'scholar:11856305704398308082',
    ]);
  });

  test('CVF, NeurIPS, PMLR, OpenReview and Scholar rows show the paper saved from arXiv, with its note', async () => {
    for (const p of [resnetArxiv, attentionArxiv, clipArxiv, hierarchiesArxiv]) await lib.save({ paper: p, note: `note on ${p.id}` });
    const rows: PaperMeta[] = [cvfResnet(), neuripsAttention(), pmlrClip(), openreviewRow(), scholarResnet()];
    const states = await lib.lookup({ papers: rows });
    expect(states.map((s) => [s.saved, s.id, s.note])).toEqual([
      [true, 'arxiv:1512.03385', 'note on arxiv:1512.03385'],
      [true, 'arxiv:1706.03762', 'note on arxiv:1706.03762'],
      [true, 'arxiv:2103.00020', 'note on arxiv:2103.00020'],
      [true, 'arxiv:1712.00948', 'note on arxiv:1712.00948'],
      [true, 'arxiv:1512.03385', 'note on arxiv:1512.03385'],
    ]);
  });

  test('saving from the venue row merges into the arXiv record and keeps the venue ids as aliases', async () => {
    await lib.save({ paper: resnetArxiv, note: 'mine' });
    await lib.save({ paper: cvfResnet() });
    await lib.save({ paper: scholarResnet() });
    expect(await db.papers.count()).toBe(1);
    const rec = await db.papers.get('arxiv:1512.03385');
    expect(rec).toMatchObject({ note: 'mine', title: 'Deep Residual Learning for Image Recognition' });
    expect(rec!.aliases).toEqual(expect.arrayContaining(['cvf:He_Deep_Residual_Learning_CVPR_2016_paper', 'scholar:11856305704398308082']));
    // From now on the venue id alone finds it (a row whose title the page shortened, say).
    expect((await lib.get({ id: 'cvf:He_Deep_Residual_Learning_CVPR_2016_paper' }))!.id).toBe('arxiv:1512.03385');
    const renamed = { ...cvfResnet(), title: 'ResNet' };
    expect((await lib.lookup({ papers: [renamed] }))[0]).toMatchObject({ saved: true, id: 'arxiv:1512.03385' });
  });

  test('negative control: the same title by other authors is another paper, in lookup and in save', async () => {
    await lib.save({ paper: resnetArxiv, note: 'mine' });
    const impostor = { ...cvfResnet(), authors: ['Someone Else', 'Another Person'] };
    expect((await lib.lookup({ papers: [impostor] }))[0]).toMatchObject({ saved: false, id: 'cvf:He_Deep_Residual_Learning_CVPR_2016_paper' });
    await lib.save({ paper: impostor });
    expect(await db.papers.count()).toBe(2);
    expect((await db.papers.get('arxiv:1512.03385'))!.aliases).not.toContain('cvf:He_Deep_Residual_Learning_CVPR_2016_paper');
  });

  test('a paper saved from a bare venue link (context menu) takes its real title when its page is seen', async () => {
    const bare = paperFromUrl('https://proceedings.mlr.press/v139/radford21a/radford21a.pdf')!;
    expect(bare).toMatchObject({ id: 'pmlr:v139/radford21a', title: 'pmlr:v139/radford21a' });
    await lib.save({ paper: bare });
    await lib.save({ paper: pmlrClip() });
    expect(await db.papers.count()).toBe(1);
    expect((await db.papers.get('pmlr:v139/radford21a'))!.title).toBe('Learning Transferable Visual Models From Natural Language Supervision');
  });
});
