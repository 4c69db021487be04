/** Every adapter on the real captured pages in tests/fixtures/pages (see each SOURCES.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';

const dir = join(import.meta.dirname, '../fixtures/pages');
const page = (file: string, url: string) => recognize(documentFromHtml(readFileSync(join(dir, file), 'utf8')), url);

describe('arXiv listing /list/cs.CL/recent (2026-07-27, current design)', () => {
  const entries = page('arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent');

  test('50 papers in page order, without abstracts (the page has none)', () => {
    expect(entries).toHaveLength(50);
    expect(entries.slice(0, 3).map((e) => e.paper.id)).toEqual(['arxiv:2607.22529', 'arxiv:2607.22456', 'arxiv:2607.22376']);
    expect(entries.slice(-3).map((e) => e.paper.id)).toEqual(['arxiv:2607.21574', 'arxiv:2607.21570', 'arxiv:2607.21540']);
    expect(entries.every((e) => e.paper.abstract === undefined)).toBe(true);
    expect(entries.reduce((n, e) => n + e.paper.authors.length, 0)).toBe(255);
  });

  test('titles without the "Title:" label, authors as shown, anchored on the title', () => {
    expect(entries[0].paper).toMatchObject({
      title: 'Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills',
      links: { abs: 'https://arxiv.org/abs/2607.22529', pdf: 'https://arxiv.org/pdf/2607.22529' },
      source: 'arxiv',
    });
    expect(entries[0].paper.authors.slice(0, 2)).toEqual(['Siyuan Huang', 'Pengyu Cheng']);
    expect(entries[24].paper).toMatchObject({
      id: 'arxiv:2607.21774',
      title: 'Probing Latent Colombian Identity Inferences in Qwen2.5-7B with Natural Language Autoencoders',
      authors: [
        'Pablo Santiago Potes Velasco',
        'María del Mar García Matabanchoy',
        'Óscar Julián Pérez Ladino',
        'Jhoan Stevan Mosquera Ortiz',
        'Nicolás Lozano Mazuera',
        'Gilber Alexis Corrales Gallego',
      ],
    });
    expect(entries[49].paper.title).toBe('DONDO: Open w2v-BERT Speech-Recognition Base Models for African Languages');
    expect(entries[49].paper.authors).toEqual(['Paul Azunre']);
    expect(entries.every((e) => e.anchor?.classList.contains('list-title'))).toBe(true);
  });
});

describe.each(['2024-04-20', '2025-05-10', '2026-07-23'])('arXiv abs page, %s markup', (era) => {
  const entries = page(`arxiv-abs/arxiv_abs_1902.02534_${era}.html`, 'https://arxiv.org/abs/1902.02534');
  test('one paper with full metadata, anchored on the title heading', () => {
    expect(entries).toHaveLength(1);
    const [{ paper, anchor }] = entries;
    expect(paper).toMatchObject({
      id: 'arxiv:1902.02534',
      title: 'Crowdsourcing open citations with CROCI -- An analysis of the current status of open citations, and a proposal',
      authors: ['Ivan Heibi', 'Silvio Peroni', 'David Shotton'],
      published: '2019-02-07',
      source: 'arxiv',
    });
    expect(paper.abstract).toMatch(/^In this paper, we analyse the current availability of open citations data/);
    expect(anchor?.matches('h1.title')).toBe(true);
  });
  test('a versioned URL is the same paper', () => {
    expect(page(`arxiv-abs/arxiv_abs_1902.02534_${era}.html`, 'https://arxiv.org/abs/1902.02534v2')[0].paper.id).toBe('arxiv:1902.02534');
  });
});

describe('proceedings and publishers', () => {
  test('ACL Anthology paper page: DOI, authors, abstract from the abstract card', () => {
    const [{ paper, anchor }] = page('acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/');
    expect(paper).toMatchObject({
      id: 'doi:10.18653/v1/2021.naacl-main.208',
      title: 'How many data points is a prompt worth?',
      authors: ['Teven Le Scao', 'Alexander M. Rush'],
      published: '2021-06',
      links: { abs: 'https://aclanthology.org/2021.naacl-main.208/', pdf: 'https://aclanthology.org/2021.naacl-main.208.pdf' },
      source: 'acl',
    });
    expect(paper.abstract).toMatch(/^When fine-tuning pretrained models for classification/);
    expect(paper.abstract).toMatch(/worth 100s of data points on average across classification tasks\.$/);
    expect(anchor?.id).toBe('title');
  });

  test.each([
    [
      '10.1109_ACCESS.2024.3352924_landing.html',
      'https://ieeexplore.ieee.org/document/10388355',
      'doi:10.1109/access.2024.3352924',
      'NDPmulator: Enabling Full-System Simulation for Near-Data Accelerators From Caches to DRAM',
      ['João Vieira', 'Nuno Roma', 'Gabriel Falcao', 'Pedro Tomás'],
      '2024',
    ],
  ])('IEEE Xplore %s', (file, url, id, title, authors, published) => {
    const entries = page(`ieee/${file}`, url);
    expect(entries).toHaveLength(1);
    expect(entries[0].paper).toMatchObject({ id, title, authors, published, source: 'ieee' });
    expect(entries[0].paper.abstract).toMatch(/^The accurate simulation and performance assessment of Near-Data Accelerators/);
    expect(entries[0].paper.links.pdf).toBe('https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=10388355');
  });

  test('IEEE Xplore, second landing page', () => {
    const [{ paper }] = page('ieee/10.1109_TIM.2024.3509573_landing.html', 'https://ieeexplore.ieee.org/document/10771762');
    expect(paper.id).toBe('doi:10.1109/tim.2024.3509573');
    expect(paper.title).toMatch(/^Skeleton-Based Few-Shot Action Recognition via Fine-Grained Informatio/);
    expect(paper.authors.slice(0, 2)).toEqual(['Jingyun Tian', 'Jinjing Gu']);
  });

  test.each([
    [
      'springer_s10924-010-0192-1.html',
      'https://link.springer.com/article/10.1007/s10924-010-0192-1',
      'doi:10.1007/s10924-010-0192-1',
      'In Vitro Cytotoxicity of Amylose-Based Bioplastic for Packaging Applications',
      4,
      '2010-09',
    ],
    [
      'plos_one_article.html',
      'https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0213978',
      'doi:10.1371/journal.pone.0213978',
      'Assessment on reticuloendotheliosis virus infection in specific-pathogen-free chickens based on detection of yolk antibody',
      11,
      '2019-04-22',
    ],
    [
      'elife_article.html',
      'https://elifesciences.org/articles/44753',
      'doi:10.7554/elife.44753',
      'Parallel visual circuitry in a basal chordate',
      7,
      '2019-04-18',
    ],
    [
      'sciencedirect_S146290112300117X.html',
      'https://www.sciencedirect.com/science/article/pii/S146290112300117X',
      'doi:10.1016/j.envsci.2023.04.016',
      'Nature-based solutions through collective actions for spatial justice in urban green commons',
      2,
      '2023-07-01',
    ],
  ])('publisher page %s (generic citation_* / Dublin Core tags)', (file, url, id, title, authorCount, published) => {
    const entries = page(`other-publishers/${file}`, url);
    expect(entries).toHaveLength(1);
    expect(entries[0].paper).toMatchObject({ id, title, published });
    expect(entries[0].paper.authors).toHaveLength(authorCount);
  });

  test('Google Scholar results: identity from the cluster id (Related/All versions links) and the result link, authors and year from the byline', () => {
    const entries = page(
      'google-scholar/scholar_q_learning_deep_architectures.html',
      'https://scholar.google.co.jp/scholar?q=%22Learning+deep+architectures+for+AI%22',
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].paper).toMatchObject({
      id: 'scholar:5331804836605365413',
      ids: { scholar: '5331804836605365413', url: 'dl.acm.org/citation.cfm?id=1658424' },
      title: 'Learning deep architectures for AI',
      authors: ['Y Bengio'],
      published: '2009',
      source: 'scholar',
    });
    expect(entries[0].anchor?.classList.contains('gs_rt')).toBe(true);
  });
});
