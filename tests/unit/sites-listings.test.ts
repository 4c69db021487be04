/**
 * Listings and paper pages of issue #15 on their real captures (tests/fixtures/pages/*​/SOURCES.md),
 * with exact counts, ids, titles and author counts. Hand-built pages are edge cases only and say
 * what markup they follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentFromHtml } from '../../lib/sites/parse-html';
import { recognize } from '../../lib/sites/registry';

const dir = join(import.meta.dirname, '../fixtures/pages');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const page = (file: string, url: string) => recognize(documentFromHtml(read(file)), url);
const authorCount = (entries: { paper: { authors: string[] } }[]) => entries.reduce((n, e) => n + e.paper.authors.length, 0);

describe('OpenReview group page, older UI (ICLR 2019, poster tab, saved 2020)', () => {
  const url = 'https://openreview.net/group?id=ICLR.cc/2019/Conference';
  const entries = page('openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', url);

  test('478 papers by forum id, in page order, each with its authors and abstract', () => {
    expect(entries).toHaveLength(478);
    expect(new Set(entries.map((e) => e.paper.id)).size).toBe(478);
    expect(entries.slice(0, 2).map((e) => e.paper.id)).toEqual(['openreview:B1G5ViAqFm', 'openreview:B1G9doA9F7']);
    expect(entries.at(-1)!.paper.id).toBe('openreview:ryzECoAcY7');
    expect(authorCount(entries)).toBe(2041);
    expect(entries.every((e) => e.paper.abstract && e.paper.authors.length > 0)).toBe(true);
  });

  test('title, authors, abstract and links of one row; the mark goes after its title heading', () => {
    const [{ paper, anchor }] = entries;
    expect(paper).toMatchObject({
      ids: { openreview: 'B1G5ViAqFm' },
      title: 'Convolutional Neural Networks on Non-uniform Geometrical Signals Using Euclidean Spectral Transformation',
      authors: ['Chiyu Max Jiang', 'Dequan Wang', 'Jingwei Huang', 'Philip Marcus', 'Matthias Niessner'],
      links: { abs: 'https://openreview.net/forum?id=B1G5ViAqFm', pdf: 'https://openreview.net/pdf?id=B1G5ViAqFm' },
      source: 'openreview',
    });
    expect(paper.abstract).toMatch(/^Convolutional Neural Networks \(CNN\) have been successful/);
    expect(paper.abstract).toMatch(/new state-of-the-art for point cloud to surface reconstruction task\.$/);
    expect(anchor?.tagName).toBe('H4');
    expect(entries.at(-1)!.paper).toMatchObject({
      title: 'Learning Multi-Level Hierarchies with Hindsight',
      authors: ['Andrew Levy', 'George Konidaris', 'Robert Platt', 'Kate Saenko'],
    });
  });
});

describe("OpenReview today's UI (hand-built edge case)", () => {
  // Follows openreview-web at 2b312cc (2026-08-20): components/NoteList.js (ul.submissions-list >
  // li), Note.js / NoteV2 (div.note), NoteTitle.js (h4 > Link to buildNoteUrl: /forum?id=<forum>
  // plus &noteId= for a reply; a.pdf-link to /attachment), NoteAuthors.js with ExpandableList.js
  // (links or spans joined by ", ", then a.show-all "et al. (N additional authors not shown)"),
  // NoteContent.js (strong.note-content-field + span.note-content-value).
  const html = `<!doctype html><html><body><main><ul class="list-unstyled submissions-list">
    <li><div class="note  "><h4><a href="/forum?id=abcDEF12345">A Paper With &lt;Angle&gt; Brackets</a>
      <a href="/attachment?id=abcDEF12345&amp;name=pdf" class="pdf-link" title="Download PDF" target="_blank"><img src="/images/pdf_icon_blue.svg" alt="pdf icon"></a></h4>
      <div class="note-authors"><span><a href="/profile?id=~Ada_Lovelace1" title="~Ada_Lovelace1" data-toggle="tooltip">Ada Lovelace</a>, <span>Charles Babbage</span>, <a href="https://dblp.org/pid/1/1" title="https://dblp.org/pid/1/1">Alan Turing</a> <a href="#" title="Expand list" role="button" class="show-all">et al. (2 additional authors not shown)</a> </span></div>
      <ul class="note-meta-info list-inline"><li>Published: 16 Jan 2024, Last Modified: 15 Mar 2024</li><li>ICLR 2024 poster</li><li class="readers">Readers: Everyone</li></ul>
      <div class="collapse"><div class="note-content"><div><strong class="note-content-field disable-tex-rendering">Keywords:</strong> <span class="note-content-value">kw</span></div>
      <div><strong class="note-content-field disable-tex-rendering">Abstract:</strong> <span class="note-content-value markdown-rendered"><p>We study things.</p></span></div></div></div>
    </div></li>
    <li><div class="note  "><h4><a href="/forum?id=abcDEF12345&amp;noteId=zzzReply99">Official Review of Submission 1</a></h4><div class="note-authors"><span><span>ICLR 2024 Reviewer</span></span></div></div></li>
    <li><div class="note  "><h4><a href="/forum?id=Other_Id-9">Second</a></h4><div class="note-authors"><span></span></div></div></li>
    <li><p class="empty-message">No papers</p></li>
  </ul></main></body></html>`;
  const entries = recognize(documentFromHtml(html), 'https://openreview.net/group?id=ICLR.cc/2024/Conference');

  test('papers by forum id from relative title links; replies (noteId) are not papers', () => {
    expect(entries.map((e) => e.paper.id)).toEqual(['openreview:abcDEF12345', 'openreview:Other_Id-9']);
    expect(entries[0].paper).toMatchObject({
      title: 'A Paper With <Angle> Brackets',
      authors: ['Ada Lovelace', 'Charles Babbage', 'Alan Turing'],
      abstract: 'We study things.',
      links: { abs: 'https://openreview.net/forum?id=abcDEF12345' },
    });
    expect(entries[1].paper.authors).toEqual([]);
  });

  test('the same rows elsewhere on openreview.net are not a listing (a forum page reads its own tags)', () => {
    expect(recognize(documentFromHtml(html), 'https://openreview.net/notes?id=x')).toEqual([]);
  });
});

describe('CVF open access listing (CVPR 2020, all days on one page, saved 2020)', () => {
  const entries = page('cvf/cvf_CVPR2020_all_listing_2020-07.html', 'https://openaccess.thecvf.com/CVPR2020');

  test('1,466 papers by CVF slug, every author, pdf links', () => {
    expect(entries).toHaveLength(1466);
    expect(new Set(entries.map((e) => e.paper.id)).size).toBe(1466);
    expect(authorCount(entries)).toBe(6970);
    expect(entries.every((e) => e.paper.links.pdf?.endsWith('_paper.pdf') && e.anchor?.matches('dt.ptitle'))).toBe(true);
    expect(entries[0].paper).toMatchObject({
      id: 'cvf:Wu_Unsupervised_Learning_of_Probably_Symmetric_Deformable_3D_Objects_From_Images_CVPR_2020_paper',
      ids: { url: 'openaccess.thecvf.com/content_CVPR_2020/html/Wu_Unsupervised_Learning_of_Probably_Symmetric_Deformable_3D_Objects_From_Images_CVPR_2020_paper.html' },
      title: 'Unsupervised Learning of Probably Symmetric Deformable 3D Objects From Images in the Wild',
      authors: ['Shangzhe Wu', 'Christian Rupprecht', 'Andrea Vedaldi'],
      published: '2020',
      source: 'cvf',
    });
    expect(entries.at(-1)!.paper).toMatchObject({ id: 'cvf:Runz_FroDO_From_Detections_to_3D_Objects_CVPR_2020_paper', title: 'FroDO: From Detections to 3D Objects' });
    expect(entries.at(-1)!.paper.authors).toHaveLength(11);
  });

  test('slugs with dots are papers too (B.S._…, …Spot..._for_Now)', () => {
    const ids = entries.map((e) => e.paper.ids.cvf);
    expect(ids).toContain('B.S._Single-Step_Adversarial_Training_With_Dropout_Scheduling_CVPR_2020_paper');
    const spot = entries.find((e) => e.paper.ids.cvf === 'Wang_CNN-Generated_Images_Are_Surprisingly_Easy_to_Spot..._for_Now_CVPR_2020_paper')!;
    expect(spot.paper.title).toBe('CNN-Generated Images Are Surprisingly Easy to Spot... for Now');
    expect(spot.paper.authors).toEqual(['Sheng-Yu Wang', 'Oliver Wang', 'Richard Zhang', 'Andrew Owens', 'Alexei A. Efros']);
  });
});

describe('CVF paper page (CVPR 2016, cv-foundation.org era markup)', () => {
  const file = 'cvf/cvf_CVPR2016_He_Deep_Residual_Learning_paper_2026-09.html';
  test('slug, title, authors from the byline, abstract, pdf; one entry though the citation_* tags say it again', () => {
    for (const url of [
      'https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html',
      'http://www.cv-foundation.org/openaccess/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html',
    ]) {
      const entries = page(file, url);
      expect(entries).toHaveLength(1);
      const [{ paper, anchor }] = entries;
      expect(paper).toMatchObject({
        id: 'cvf:He_Deep_Residual_Learning_CVPR_2016_paper',
        title: 'Deep Residual Learning for Image Recognition',
        authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
        published: '2016',
        links: { pdf: new URL('../papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf', url).href },
      });
      expect(paper.abstract).toMatch(/^Deeper neural networks are more difficult to train\./);
      expect(paper.abstract).toMatch(/COCO detection, and COCO segmentation\.$/);
      expect(anchor?.id).toBe('papertitle');
    }
  });
});

describe('cv-foundation.org listing served as windows-1252 (hand-built edge case)', () => {
  // Row markup of the CVPR 2020 capture above, with cv-foundation's relative links and the
  // ISO-8859-1 declaration of the captured CVPR 2016 page; names with bytes that differ between
  // UTF-8 and windows-1252 (0xE9 é, 0xC1 Á, 0x92 ’).
  const text = `<html><head><meta content="text/html; charset=ISO-8859-1" http-equiv="content-type"></head><body><div id="content"><dl>
<dt class="ptitle"><br><a href="content_cvpr_2016/html/Alvarez_Learning_CVPR_2016_paper.html">Learning the Number of Neurons in Deep Networks\u2019 Layers</a></dt>
<dd><form class="authsearch"><a href="#">Jos\u00e9 M. \u00c1lvarez</a>,</form><form class="authsearch"><a href="#">Mathieu Salzmann</a></form></dd>
<dd>[<a href="content_cvpr_2016/papers/Alvarez_Learning_CVPR_2016_paper.pdf">pdf</a>]</dd>
</dl></div></body></html>`;
  const bytes = Uint8Array.from(text, (c) => (c === '\u2019' ? 0x92 : c.charCodeAt(0)));
  const url = 'http://www.cv-foundation.org/openaccess/CVPR2016.py';

  test('decoded as the browser decodes it, the row reads right', async () => {
    const { decodeHtml } = await import('../../lib/sites/parse-html');
    const [{ paper }] = recognize(documentFromHtml(decodeHtml(bytes)), url);
    expect(paper).toMatchObject({
      id: 'cvf:Alvarez_Learning_CVPR_2016_paper',
      title: 'Learning the Number of Neurons in Deep Networks\u2019 Layers',
      authors: ['Jos\u00e9 M. \u00c1lvarez', 'Mathieu Salzmann'],
      links: { abs: 'http://www.cv-foundation.org/openaccess/content_cvpr_2016/html/Alvarez_Learning_CVPR_2016_paper.html' },
    });
  });

  test('negative control: read as UTF-8 the names are mangled, but nothing throws and the slug holds', () => {
    const [{ paper }] = recognize(documentFromHtml(new TextDecoder('utf-8').decode(bytes)), url);
    expect(paper.id).toBe('cvf:Alvarez_Learning_CVPR_2016_paper');
    expect(paper.authors[0]).toContain('\uFFFD');
  });
});
