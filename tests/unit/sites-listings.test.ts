/**
 * Listings and paper pages of issue #15 on their real captures (tests/fixtures/pages/*​/SOURCES.md),
 * with exact counts, ids, titles and author counts. Hand-built pages are edge cases only and say
 * what markup they follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';
import { clusterFromCid } from '../../lib/sites/scholar';
import { recognizeListing } from '../../lib/sites/generic/listing';

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
  // Follows openreview-web at 2b312cc (2026-08-20): a venue's tabs list papers through
  // components/webfield/SubmissionsList.js (PaginatedList of NoteV2), profiles through
  // components/NoteList.js (ul.submissions-list > li); Note.js / NoteV2 (div.note), NoteTitle.js (h4 > Link to buildNoteUrl: /forum?id=<forum>
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
      ids: {
        url: 'openaccess.thecvf.com/content_CVPR_2020/html/Wu_Unsupervised_Learning_of_Probably_Symmetric_Deformable_3D_Objects_From_Images_CVPR_2020_paper.html',
      },
      title: 'Unsupervised Learning of Probably Symmetric Deformable 3D Objects From Images in the Wild',
      authors: ['Shangzhe Wu', 'Christian Rupprecht', 'Andrea Vedaldi'],
      published: '2020',
      source: 'cvf',
    });
    expect(entries.at(-1)!.paper).toMatchObject({
      id: 'cvf:Runz_FroDO_From_Detections_to_3D_Objects_CVPR_2020_paper',
      title: 'FroDO: From Detections to 3D Objects',
    });
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
    const { decodeHtml } = await import('../../scripts/lib/parse-html');
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

describe.each([
  ['2022-05', 'Bootstrap 4 design, Hugo 0.58'],
  ['2026-07', 'the 2025 redesign, Hugo 0.160'],
])('ACL Anthology author page, %s (%s)', (era) => {
  const entries = page(`acl-anthology/acl_people_andreas-madsack_${era}.html`, 'https://aclanthology.org/people/a/andreas-madsack/');

  test('6 papers by Anthology id, with authors, years and the abstracts the page has', () => {
    // The two eras order the 2018 papers differently; each is read in its own page order.
    const order = era === '2022-05' ? ['K18-3004', 'W18-3607', 'W18-6560'] : ['W18-6560', 'W18-3607', 'K18-3004'];
    expect(entries.map((e) => e.paper.id)).toEqual(['acl:2022.in2writing-1.1', 'acl:W19-4201', ...order.map((id) => `acl:${id}`), 'acl:W17-3524']);
    const byId = Object.fromEntries(entries.map((e) => [e.paper.ids.acl, e.paper]));
    const expected: Record<string, [number, string, boolean]> = {
      '2022.in2writing-1.1': [5, '2022', true],
      'W19-4201': [2, '2019', true],
      'W18-6560': [6, '2018', true],
      'W18-3607': [6, '2018', true],
      // No abstract card for this one on the page.
      'K18-3004': [4, '2018', false],
      'W17-3524': [2, '2017', true],
    };
    for (const [id, [authors, year, hasAbstract]] of Object.entries(expected)) {
      expect([byId[id].authors.length, byId[id].published, !!byId[id].abstract], id).toEqual([authors, year, hasAbstract]);
    }
    expect(byId['W19-4201']).toMatchObject({
      ids: { acl: 'W19-4201', url: 'aclanthology.org/W19-4201' },
      title: 'AX Semantics\u2019 Submission to the SIGMORPHON 2019 Shared Task',
      authors: ['Andreas Madsack', 'Robert Wei\u00dfgraeber'],
      links: { abs: 'https://aclanthology.org/W19-4201/', pdf: 'https://aclanthology.org/W19-4201.pdf' },
      source: 'acl',
    });
    expect(byId['W19-4201'].abstract).toMatch(/^This paper describes the AX Semantics\u2019 submission to the SIGMORPHON 2019 shared task/);
    expect(entries[0].paper.authors).toEqual(['Adela Schneider', 'Andreas Madsack', 'Johanna Heininger', 'Ching-Yi Chen', 'Robert Wei\u00dfgraeber']);
    expect(entries.every((e) => e.anchor?.tagName === 'STRONG')).toBe(true);
  });
});

describe('ACL Anthology volume page (hand-built edge case)', () => {
  // Follows acl-org/acl-anthology hugo/layouts/volumes/single.html (53e0e94: h2#title with the
  // volume title, then one `papers/list-entry.html` per paper, 6df3f48: p.d-sm-flex >
  // .list-button-row + span.d-block > strong > a.align-middle, authors via author_link.html).
  // The first row is the volume's front matter, listed under the volume's title.
  const row = (id: string, title: string, authors: string[]) => `<p class="d-sm-flex align-items-stretch">
    <span class="d-block mr-2 text-nowrap list-button-row"><a class="badge badge-primary align-middle mr-1" href="https://aclanthology.org/${id}.pdf">pdf</a></span>
    <span class="d-block"><strong><a class="align-middle" href="/${id}/">${title}</a></strong><br>
    ${authors.map((a) => `<a href="/people/x/${a.toLowerCase().replace(/ /g, '-')}/">${a}</a>`).join(' | ')}</span></p>`;
  const html = `<section id="main"><h2 id="title"><a href="https://aclanthology.org/W19-42.pdf">Proceedings of the 16th Workshop on Computational Research in Phonetics, Phonology, and Morphology</a></h2>
    <div>${row('W19-4200', 'Proceedings of the 16th Workshop on Computational Research in Phonetics, Phonology, and Morphology', ['Garrett Nicolai'])}
    ${row('W19-4201', 'AX Semantics\u2019 Submission to the SIGMORPHON 2019 Shared Task', ['Andreas Madsack', 'Robert Wei\u00dfgraeber'])}
    ${row('2022.in2writing-1.0', 'Proceedings of the First Workshop', ['Someone'])}
    ${row('W19-4202', 'Another Paper', [])}</div></section>`;

  test('papers in order; the front matter (by title, or an id ending .0) is not a paper', () => {
    const entries = recognize(documentFromHtml(html), 'https://aclanthology.org/volumes/W19-42/');
    expect(entries.map((e) => e.paper.id)).toEqual(['acl:W19-4201', 'acl:W19-4202']);
    expect(entries[0].paper.authors).toEqual(['Andreas Madsack', 'Robert Wei\u00dfgraeber']);
  });
});

describe('ACL Anthology event page (hand-built edge case)', () => {
  // Follows hugo/layouts/events/single.html (c4d178f): per volume an h4 whose a.align-middle links
  // /volumes/<id>/, then the volume's papers through papers/list-entry.html, front matter first.
  const entry = (id: string, title: string) =>
    `<p class="d-sm-flex align-items-stretch"><span class="d-block mr-2 text-nowrap list-button-row"><a class="badge badge-primary align-middle mr-1" href="https://aclanthology.org/${id}.pdf">pdf</a></span><span class="d-block"><strong><a class="align-middle" href="/${id}/">${title}</a></strong><br><a href="/people/a/a-b/">A B</a></span></p>`;
  const volume = (id: string, title: string, papers: string) =>
    `<div id="${id}"><h4 class="d-sm-flex pb-2 border-bottom"><span class="d-block mr-2 list-button-row"><a class="badge badge-primary align-middle mr-1" href="https://aclanthology.org/${id}.pdf">pdf&nbsp;(full)</a></span><a class="align-middle" href="/volumes/${id}/">${title}</a></h4>${papers}</div><hr>`;
  const html = `<section id="main"><h2 id="title">Annual Meeting of the Association for Computational Linguistics (2019)</h2>
    ${volume('P19-1', 'Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics', entry('P19-1000', 'Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics') + entry('P19-1001', 'One Time of Interaction May Not Be Enough') + entry('P19-1100', 'A Hundredth Paper'))}
    ${volume('2022.acl-long', 'Proceedings of the 60th Annual Meeting (Volume 1: Long Papers)', entry('2022.acl-long.0', 'Proceedings of the 60th Annual Meeting (Volume 1: Long Papers)') + entry('2022.acl-long.1', 'AdapLeR: Speeding up Inference'))}</section>`;

  test('the papers of every volume; no volume heading or front matter', () => {
    const entries = recognize(documentFromHtml(html), 'https://aclanthology.org/events/acl-2019/');
    expect(entries.map((e) => e.paper.id)).toEqual(['acl:P19-1001', 'acl:P19-1100', 'acl:2022.acl-long.1']);
    expect(entries.map((e) => e.paper.published)).toEqual(['2019', '2019', '2022']);
  });
});

describe('ACL Anthology paper page', () => {
  test('keeps its DOI as the id and gains the Anthology id, so a listing row finds it', () => {
    const [{ paper }] = page('acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/');
    expect(paper.id).toBe('doi:10.18653/v1/2021.naacl-main.208');
    expect(paper.ids.acl).toBe('2021.naacl-main.208');
  });
});

describe('Google Scholar results page, 2025 (page 2 of a query, browser-saved)', () => {
  const file = 'google-scholar/scholar_q_algorithmic_trading_crypto_page2_2025-05.html';
  const entries = page(file, 'https://scholar.google.com/scholar?start=10&q=algorithmic+trading+strategies+cryptocurrency&hl=en');

  test('10 results by cluster id, each with its link, authors and year', () => {
    expect(entries.map((e) => e.paper.id)).toEqual(
      [
        '11856305704398308082',
        '12263410161130608362',
        '10768036327767186557',
        '1214424648565160525',
        '9311122452052218033',
        '16062561895282047672',
        '2054105284555749569',
        '4569561885243614045',
        '10286854746445687079',
        '10837555969837533389',
      ].map((n) => `scholar:${n}`),
    );
    expect(entries.map((e) => e.paper.authors.length)).toEqual([2, 2, 4, 1, 2, 2, 1, 3, 3, 1]);
    expect(entries.map((e) => e.paper.published)).toEqual(['2022', '2022', '2022', '2018', '2015', '2024', '2021', '2025', '2024', '2023']);
    expect(entries[0].paper).toMatchObject({
      ids: { url: 'mdpi.com/2227-7390/10/12/2037' },
      title: 'The complexity of cryptocurrencies algorithmic trading',
      authors: ['G Cohen', 'M Qadan'],
      links: { abs: 'https://www.mdpi.com/2227-7390/10/12/2037' },
      source: 'scholar',
    });
    expect(entries.every((e) => e.anchor?.matches('h3.gs_rt'))).toBe(true);
  });

  test('each result\'s data-cid decodes to the cluster id its own "All versions" link shows', () => {
    const doc = documentFromHtml(read(file));
    let checked = 0;
    for (const r of doc.querySelectorAll('.gs_r[data-cid]')) {
      const shown = r
        .querySelector('a[href*="cluster="]')
        ?.getAttribute('href')
        ?.match(/cluster=(\d+)/)?.[1];
      if (!shown) continue;
      expect(clusterFromCid(r.getAttribute('data-cid'))).toBe(shown);
      checked++;
    }
    expect(checked).toBe(8);
    expect(clusterFromCid('not-a-cid!!')).toBeUndefined();
  });
});

describe('Google Scholar edge cases (hand-built after the captured 2025 markup)', () => {
  // Rows as in the 2025 capture: div.gs_r.gs_or.gs_scl[data-cid] > div.gs_ri > h3.gs_rt.
  const row = (cid: string, heading: string, byline: string, links = '') =>
    `<div class="gs_r gs_or gs_scl" data-cid="${cid}" data-did="${cid}" data-aid="${cid}"><div class="gs_ri"><h3 class="gs_rt">${heading}</h3><div class="gs_a">${byline}</div><div class="gs_fl gs_flb">${links}</div></div></div>`;

  test('[CITATION] entries (no link) are papers by their cluster id, without the label in the title', () => {
    const html = `<div id="gs_res_ccl_mid">${row('8kIZgzgPiqQJ', '<span class="gs_ctu"><span class="gs_ct1">[CITATION]</span><span class="gs_ct2">[C]</span></span> Learning deep architectures for AI', 'Y Bengio&nbsp;- 2009')}
      ${row('pYyS8T9g_kkJ', '<span class="gs_ctc"><span class="gs_ct1">[PDF]</span><span class="gs_ct2">[PDF]</span></span> <a href="https://arxiv.org/pdf/1706.03762v7">Attention is all you need</a>', 'A Vaswani, N Shazeer, N Parmar… - Advances in neural …, 2017 - arxiv.org')}</div>`;
    const entries = recognize(documentFromHtml(html), 'https://scholar.google.com/scholar?q=x');
    expect(entries.map((e) => e.paper.id)).toEqual(['scholar:11856305704398308082', 'arxiv:1706.03762']);
    expect(entries[0].paper).toMatchObject({
      title: 'Learning deep architectures for AI',
      authors: ['Y Bengio'],
      links: { abs: 'https://scholar.google.com/scholar?cluster=11856305704398308082' },
    });
    // The arXiv link wins as the id; the cluster id stays an alias.
    expect(entries[1].paper.ids).toEqual({ arxiv: '1706.03762', scholar: '5331804836605365413' });
    expect(entries[1].paper.authors).toEqual(['A Vaswani', 'N Shazeer', 'N Parmar']);
  });

  test('a cluster page (every version of one paper) is one paper, marked once', () => {
    const html = [
      row(
        '8kIZgzgPiqQJ',
        '<a href="https://www.mdpi.com/2227-7390/10/12/2037">The complexity of cryptocurrencies algorithmic trading</a>',
        'G Cohen, M Qadan - Mathematics, 2022 - mdpi.com',
      ),
      row(
        'aaaaaaaaaaaJ',
        '<a href="https://www.researchgate.net/x">The complexity of cryptocurrencies algorithmic trading</a>',
        'G Cohen, M Qadan - 2022 - researchgate.net',
      ),
    ].join('');
    const entries = recognize(documentFromHtml(html), 'https://scholar.google.com/scholar?cluster=11856305704398308082&hl=en');
    expect(entries.map((e) => e.paper.id)).toEqual(['scholar:11856305704398308082']);
  });

  test('a profile page: rows by the cluster id of their "cited by" link, else the row link', () => {
    // A profile row: tr.gsc_a_tr > td.gsc_a_t (a.gsc_a_at, .gs_gray authors, .gs_gray venue),
    // td.gsc_a_c (cited-by link with cites=<cluster>), td.gsc_a_y (year).
    const tr = (view: string, title: string, authors: string, cites: string, year: string) =>
      `<tr class="gsc_a_tr"><td class="gsc_a_t"><a href="/citations?view_op=view_citation&amp;hl=en&amp;user=JicYPdAAAAAJ&amp;citation_for_view=JicYPdAAAAAJ:${view}" class="gsc_a_at">${title}</a><div class="gs_gray">${authors}</div><div class="gs_gray">Venue<span class="gs_oph">, ${year}</span></div></td><td class="gsc_a_c">${cites ? `<a href="https://scholar.google.com/scholar?oi=bibs&amp;hl=en&amp;cites=${cites}" class="gsc_a_ac gs_ibl">170834</a>` : '<a class="gsc_a_ac gs_ibl"></a>'}</td><td class="gsc_a_y"><span class="gsc_a_h gsc_a_hc gs_ibl">${year}</span></td></tr>`;
    // The second row as newer pages write it: href="javascript:void(0)", the link in data-href.
    const newer = tr('d1gkVwhDpl0C', 'A new paper', 'GE Hinton, ...', '', '2025').replace(
      /href="(\/citations[^"]*)"/,
      'href="javascript:void(0)" data-href="$1"',
    );
    expect(newer).toContain('data-href=');
    const html = `<table id="gsc_a_t"><tbody id="gsc_a_b">${tr('u5HHmVD_uO8C', 'Imagenet classification with deep convolutional neural networks', 'A Krizhevsky, I Sutskever, GE Hinton', '2071317309766942398', '2012')}${newer}</tbody></table>`;
    const entries = recognize(documentFromHtml(html), 'https://scholar.google.com/citations?user=JicYPdAAAAAJ&hl=en');
    expect(entries.map((e) => e.paper.id)).toEqual([
      'scholar:2071317309766942398',
      'url:scholar.google.com/citations?view_op=view_citation&hl=en&user=JicYPdAAAAAJ&citation_for_view=JicYPdAAAAAJ:d1gkVwhDpl0C',
    ]);
    expect(entries[0].paper).toMatchObject({ authors: ['A Krizhevsky', 'I Sutskever', 'GE Hinton'], published: '2012' });
    expect(entries[1].paper.authors).toEqual(['GE Hinton']);
  });
});

describe('result fragments (real markup, two items each, without page chrome)', () => {
  test('PubMed results: PMID from the row, the DOI from its citation line wins as the id', () => {
    const entries = page('pubmed/pubmed_search_endometriosis_FRAGMENT_2items_2024-01.html', 'https://pubmed.ncbi.nlm.nih.gov/?term=endometriosis&sort=date');
    expect(entries.map((e) => e.paper.id)).toEqual(['doi:10.1177/10497323231214114', 'doi:10.1007/s00404-023-07246-8']);
    expect(entries.map((e) => e.paper.ids.pmid)).toEqual(['37988744', '37987824']);
    expect(entries.map((e) => e.paper.authors.length)).toEqual([4, 8]);
    expect(entries[0].paper).toMatchObject({
      title: "Living With Endometriosis: A Reflexive Thematic Analysis Examining Women's Experiences With the Irish Healthcare Services.",
      authors: ['Lightbourne A', 'Foley S', 'Dempsey M', 'Cronin M'],
      published: '2023',
      links: { abs: 'https://pubmed.ncbi.nlm.nih.gov/37988744/' },
      source: 'pubmed',
    });
    expect(entries.every((e) => e.anchor?.matches('a.docsum-title'))).toBe(true);
  });

  test('arXiv search results (Bulma-era search UI)', () => {
    const entries = page('arxiv-search/arxiv_search_FRAGMENT_2items_2024-01.html', 'https://arxiv.org/search/?query=endometriosis&searchtype=all');
    expect(entries.map((e) => e.paper.id)).toEqual(['arxiv:2309.14156', 'arxiv:2307.02000']);
    expect(entries.map((e) => e.paper.authors.length)).toEqual([3, 7]);
    expect(entries[0].paper.title).toBe(
      'Designing and evaluating an online reinforcement learning agent for physical exercise recommendations in N-of-1 trials',
    );
    expect(entries[1].paper.abstract).toMatch(/^Endometriosis is a common chronic gynecological disorder/);
    expect(entries[1].paper.abstract).not.toMatch(/Less$/);
  });

  test('Papers with Code cards: the arXiv id the thumbnail is named by, the page URL as an alias', () => {
    const entries = page('papers-with-code/pwc_search_FRAGMENT_2items_2024-01.html', 'https://paperswithcode.com/search?q_meta=&q_type=&q=endometriosis');
    expect(entries.map((e) => e.paper.id)).toEqual(['arxiv:1909.11211', 'arxiv:2309.14156']);
    expect(entries[0].paper).toMatchObject({
      ids: { url: 'paperswithcode.com/paper/characterizing-physiological-and-symptomatic' },
      title: 'Characterizing physiological and symptomatic variation',
      published: '2020-05-14',
      links: { code: 'https://paperswithcode.com/paper/characterizing-physiological-and-symptomatic#code' },
      source: 'paperswithcode',
    });
    // The same paper as the arXiv search row above, by id.
    expect(entries[1].paper.published).toBe('2023-09-25');
  });
});

describe('proceedings paper pages (rebuilt from stored text, see SOURCES.md)', () => {
  test('NeurIPS: the proceedings hash, 8 authors, the abstract from the page (its tags have none)', () => {
    const url = 'https://proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html';
    const [{ paper, anchor }, ...rest] = page('neurips/neurips_paper_2017_3f5ee243_attention_2026-09.html', url);
    expect(rest).toEqual([]);
    expect(paper).toMatchObject({
      id: 'neurips:3f5ee243547dee91fbd053c1c4a845aa',
      ids: { url: 'proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html' },
      title: 'Attention is All you Need',
      published: '2017',
      links: { pdf: 'https://proceedings.neurips.cc/paper_files/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf' },
      source: 'neurips',
    });
    expect(paper.authors).toHaveLength(8);
    expect(paper.authors[6]).toBe('\u0141ukasz Kaiser');
    expect(paper.abstract).toMatch(/^The dominant sequence transduction models are based on complex recurrent/);
    expect(anchor?.tagName).toMatch(/^H[12]$/);
  });

  test('PMLR: v139/radford21a, 12 authors, the abstract and not the teaser in its description tag', () => {
    const [{ paper }, ...rest] = page('pmlr/pmlr_v139_radford21a_clip_2026-09.html', 'https://proceedings.mlr.press/v139/radford21a.html');
    expect(rest).toEqual([]);
    expect(paper).toMatchObject({
      id: 'pmlr:v139/radford21a',
      title: 'Learning Transferable Visual Models From Natural Language Supervision',
      published: '2021-07-01',
      source: 'pmlr',
    });
    expect(paper.authors).toHaveLength(12);
    expect(paper.abstract).toMatch(/^State-of-the-art computer vision systems are trained to predict a fixed set of predetermined object categories\./);
    expect(paper.abstract).not.toContain('Alec Radford');
  });

  test('PMC: DOI as the id, PMID (its tag) and PMCID (its URL) as aliases, the abstract from the page', () => {
    const [{ paper }, ...rest] = page('pmc/pmc_PMC1280342_2023-07.html', 'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1280342/');
    expect(rest).toEqual([]);
    expect(paper).toMatchObject({
      id: 'doi:10.1289/ehp.7712',
      ids: { doi: '10.1289/ehp.7712', pmid: '16079072', pmcid: 'PMC1280342' },
      title: 'Comparison of Blood and Brain Mercury Levels in Infant Monkeys Exposed to Methylmercury or Vaccines Containing Thimerosal',
      published: '2005-08',
      links: { abs: 'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1280342/' },
      source: 'pmc',
    });
    expect(paper.authors).toHaveLength(6);
    expect(paper.abstract).toMatch(/^Thimerosal is a preservative that has been used in manufacturing vaccines since the 1930s\./);
  });
});

describe('generic listing reader (no site adapter) on the real listings', () => {
  // What a copy of these pages elsewhere (a mirror, a lab page embedding the list) gets in the
  // opt-in "any page" mode: rows found from the paper links alone.
  const generic = (file: string, url: string) => recognizeListing(documentFromHtml(read(file)), new URL(url));

  test('CVF CVPR 2020: the same 1,466 papers and titles as the CVF adapter, one entry per row (html and pdf links)', () => {
    const url = 'https://openaccess.thecvf.com/CVPR2020';
    const viaAdapter = page('cvf/cvf_CVPR2020_all_listing_2020-07.html', url);
    const viaLinks = generic('cvf/cvf_CVPR2020_all_listing_2020-07.html', url);
    expect(viaLinks.map((e) => e.paper.id)).toEqual(viaAdapter.map((e) => e.paper.id));
    expect(viaLinks.map((e) => e.paper.title)).toEqual(viaAdapter.map((e) => e.paper.title));
  });

  test('OpenReview ICLR 2019: 478 papers by forum id, titles from the title links, not "Download PDF"', () => {
    const viaLinks = generic('openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://openreview.net/group?id=ICLR.cc/2019/Conference');
    const viaAdapter = page('openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://openreview.net/group?id=ICLR.cc/2019/Conference');
    expect(viaLinks).toHaveLength(478);
    expect(viaLinks.map((e) => e.paper.title)).toEqual(viaAdapter.map((e) => e.paper.title));
  });

  test('ACL author page: 6 papers by Anthology id from relative links', () => {
    const viaLinks = generic('acl-anthology/acl_people_andreas-madsack_2026-07.html', 'https://aclanthology.org/people/a/andreas-madsack/');
    expect(viaLinks.map((e) => e.paper.id)).toEqual(
      ['2022.in2writing-1.1', 'W19-4201', 'W18-6560', 'W18-3607', 'K18-3004', 'W17-3524'].map((id) => `acl:${id}`),
    );
    expect(viaLinks[0].paper.title).toBe('Data-to-text systems as writing environment');
  });
});

describe('generic listing reader, hand-built edge cases', () => {
  test('a PMLR volume page and a NeurIPS year page (no adapter rows there): rows from their paper links', () => {
    // PMLR volume markup (div.paper > p.title, p.details > span.authors, p.links with abs/pdf).
    const pmlrVolume = `<div id="content"><div class="paper"><p class="title">Learning Transferable Visual Models From Natural Language Supervision</p>
      <p class="details"><span class="authors">Alec Radford, Jong Wook Kim</span>; <span class="info">PMLR 139:8748-8763</span></p>
      <p class="links">[<a href="https://proceedings.mlr.press/v139/radford21a.html">abs</a>][<a href="http://proceedings.mlr.press/v139/radford21a/radford21a.pdf">Download PDF</a>]</p></div>
      <div class="paper"><p class="title">Zero-Shot Text-to-Image Generation</p><p class="details"><span class="authors">Aditya Ramesh</span></p>
      <p class="links">[<a href="https://proceedings.mlr.press/v139/ramesh21a.html">abs</a>][<a href="http://proceedings.mlr.press/v139/ramesh21a/ramesh21a.pdf">Download PDF</a>]</p></div></div>`;
    const pmlr = recognize(documentFromHtml(pmlrVolume), 'https://proceedings.mlr.press/v139/');
    expect(pmlr.map((e) => [e.paper.id, e.paper.title])).toEqual([
      ['pmlr:v139/radford21a', 'Learning Transferable Visual Models From Natural Language Supervision'],
      ['pmlr:v139/ramesh21a', 'Zero-Shot Text-to-Image Generation'],
    ]);
    // NeurIPS year page (ul.paper-list > li > a title + span.paper-authors).
    const neuripsYear = `<ul class="paper-list"><li class="conference"><div class="paper-content"><a title="paper title" href="/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html">Attention is All you Need</a><span class="paper-authors">Ashish Vaswani, Noam Shazeer</span></div></li>
      <li class="conference"><div class="paper-content"><a href="/paper_files/paper/2017/hash/0a113ef6b61820daa5611c870ed8d5ee-Abstract.html">Wider and Deeper, Cheaper and Faster</a></div></li></ul>`;
    const neurips = recognize(documentFromHtml(neuripsYear), 'https://proceedings.neurips.cc/paper_files/paper/2017');
    expect(neurips.map((e) => e.paper.id)).toEqual(['neurips:3f5ee243547dee91fbd053c1c4a845aa', 'neurips:0a113ef6b61820daa5611c870ed8d5ee']);
    expect(neurips[0].paper.title).toBe('Attention is All you Need');
  });

  test('every kind of paper link; a link to another page of the same kind is not a paper', () => {
    const links = [
      'https://arxiv.org/html/2401.12345v2',
      'https://doi.org/10.1109%2FCVPR.2016.90',
      'https://openreview.net/pdf?id=XyZ12345',
      'https://aclanthology.org/2022.acl-long.1.pdf',
      'https://papers.nips.cc/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf',
      'https://proceedings.mlr.press/v139/radford21a/radford21a.pdf',
      'https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf',
      'https://pubmed.ncbi.nlm.nih.gov/16079072/',
      'https://pmc.ncbi.nlm.nih.gov/articles/PMC1280342/',
      'https://dblp.org/rec/conf/cvpr/HeZRS16.html',
      'https://www.semanticscholar.org/paper/Deep-Residual-Learning/2c03df8b48bf3fa39054345bafabfeff15bfd11d',
      // Not papers:
      'https://arxiv.org/list/cs.CL/recent',
      'https://openreview.net/forum?id=XyZ12345&noteId=abcde12345',
      'https://aclanthology.org/volumes/2022.acl-long/',
      'https://proceedings.mlr.press/v139/',
      'https://dblp.org/pid/34/7659.html',
      'https://pubmed.ncbi.nlm.nih.gov/?term=x',
    ];
    const html = `<ul>${links.map((href, i) => `<li><a href="${href}">Paper number ${i} with a title</a></li>`).join('')}</ul>`;
    const entries = recognize(documentFromHtml(html), 'https://example.org/reading-list', { links: true });
    expect(entries.map((e) => e.paper.id)).toEqual([
      'arxiv:2401.12345',
      'doi:10.1109/cvpr.2016.90',
      'openreview:XyZ12345',
      'acl:2022.acl-long.1',
      'neurips:3f5ee243547dee91fbd053c1c4a845aa',
      'pmlr:v139/radford21a',
      'cvf:He_Deep_Residual_Learning_CVPR_2016_paper',
      'pmid:16079072',
      'pmcid:PMC1280342',
      'url:dblp.org/rec/conf/cvpr/HeZRS16',
      'url:semanticscholar.org/paper/2c03df8b48bf3fa39054345bafabfeff15bfd11d',
    ]);
    // Negative control: without the opt-in, an unsupported site gets nothing.
    expect(recognize(documentFromHtml(html), 'https://example.org/reading-list')).toEqual([]);
  });

  test('a row\'s title is its heading when the paper links read "[pdf]"; a big section\'s heading is not', () => {
    const html = `<html><body><article><h1>My blog post about many things</h1><p>${'Long text. '.repeat(300)}</p><p><a href="https://arxiv.org/abs/2401.00001">[pdf]</a></p></article>
      <ul><li><span class="title">A Small Row Title Here</span> <a href="https://arxiv.org/abs/2401.00002">[pdf]</a></li>
      <li><span class="title">Another Row Title Here</span> <a href="https://arxiv.org/abs/2401.00003">[pdf]</a></li></ul></body></html>`;
    const entries = recognize(documentFromHtml(html), 'https://example.org/', { links: true });
    expect(entries.map((e) => e.paper.title)).toEqual(['arXiv:2401.00001', 'A Small Row Title Here', 'Another Row Title Here']);
  });
});

describe('schema.org ScholarlyArticle microdata (dblp-style list, hand-built edge case)', () => {
  // dblp's entry markup: li.entry[id=<record key>][itemscope itemtype=…/ScholarlyArticle], ee
  // links in nav.publ, cite[itemprop=headline] with author Person items and span.title[itemprop=name].
  const entry = (
    key: string,
    ee: string,
    title: string,
    authors: string[],
    year: string,
  ) => `<li class="entry inproceedings" id="${key}" itemscope itemtype="http://schema.org/ScholarlyArticle">
    <nav class="publ"><ul><li class="drop-down"><div class="head"><a href="${ee}"><img alt="" class="icon"></a></div></li>
    <li class="drop-down"><div class="body"><ul><li><a href="https://dblp.org/rec/${key}.html?view=bibtex">BibTeX</a></li></ul></div></li></ul></nav>
    <cite class="data tts-content" itemprop="headline">${authors.map((a) => `<span itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="https://dblp.org/pid/1/1.html" itemprop="url"><span itemprop="name" title="${a}">${a}</span></a></span>`).join(', ')}:
    <span class="title" itemprop="name">${title}</span> <a href="https://dblp.org/db/conf/cvpr/cvpr2016.html"><span itemprop="isPartOf" itemscope itemtype="http://schema.org/BookSeries"><span itemprop="name">CVPR</span></span></a>
    <span itemprop="datePublished">${year}</span></cite></li>`;
  const html = `<ul class="publ-list">${entry('conf/cvpr/HeZRS16', 'https://doi.org/10.1109/CVPR.2016.90', 'Deep Residual Learning for Image Recognition.', ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'], '2016')}
    ${entry('journals/corr/HeZRS15', 'https://arxiv.org/abs/1512.03385', 'Deep Residual Learning for Image Recognition.', ['Kaiming He', 'Xiangyu Zhang'], '2015')}</ul>`;

  test("each item: ids from its links, the title without dblp's period, Person authors, the date", () => {
    const entries = recognize(documentFromHtml(html), 'https://dblp.org/pid/34/7659.html');
    expect(entries.map((e) => e.paper.id)).toEqual(['doi:10.1109/cvpr.2016.90', 'arxiv:1512.03385']);
    expect(entries[0].paper).toMatchObject({
      ids: { url: 'dblp.org/rec/conf/cvpr/HeZRS16' },
      title: 'Deep Residual Learning for Image Recognition',
      authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
      published: '2016',
      source: 'microdata',
    });
    expect(entries[0].anchor?.matches('span.title')).toBe(true);
  });
});
