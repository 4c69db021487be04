import { describe, expect, test } from 'vitest';
import { aliasesOf, canonicalId, normalizeDoi, normalizeTitle, normalizeUrl, parseArxivId, venueId } from '../../lib/core/ids';

describe('arXiv ids', () => {
  test.each([
    ['2401.12345', '2401.12345'],
    ['2401.12345v3', '2401.12345'],
    ['arXiv:2401.12345v2', '2401.12345'],
    ['0704.0001', '0704.0001'],
    ['https://arxiv.org/abs/2401.12345v1', '2401.12345'],
    ['https://arxiv.org/pdf/2401.12345v2.pdf', '2401.12345'],
    ['https://arxiv.org/html/2401.12345v2', '2401.12345'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v2', 'hep-th/9901001'],
    ['math.GT/0309136', 'math.GT/0309136'],
    ['https://arxiv.org/abs/math.GT/0309136v1', 'math.GT/0309136'],
  ])('%s → %s', (input, id) => expect(parseArxivId(input)).toBe(id));

  test.each(['', '2401.123', '12345.67890', 'hello', 'https://example.org/abs/2401.12345x', '<script>'])('rejects %j', (input) =>
    expect(parseArxivId(input)).toBeUndefined(),
  );
});

describe('DOIs', () => {
  test.each([
    ['10.1145/3442188.3445922', '10.1145/3442188.3445922'],
    ['https://doi.org/10.1109/ACCESS.2024.3352924', '10.1109/access.2024.3352924'],
    ['doi:10.1038/S41586-021-03819-2', '10.1038/s41586-021-03819-2'],
    ['http://dx.doi.org/10.1000/XYZ', '10.1000/xyz'],
  ])('%s → %s', (input, doi) => expect(normalizeDoi(input)).toBe(doi));

  test('rejects what is not a DOI', () => {
    expect(normalizeDoi('11.1000/x')).toBeUndefined();
    expect(normalizeDoi('10.1/x')).toBeUndefined();
    expect(normalizeDoi('')).toBeUndefined();
  });
});

describe('canonical ids and aliases', () => {
  test('the strongest identifier wins', () => {
    expect(canonicalId({ arxiv: '2401.12345', doi: '10.1/xx' })).toBe('arxiv:2401.12345');
    expect(canonicalId({ doi: '10.1000/xyz', openreview: 'abc' })).toBe('doi:10.1000/xyz');
    expect(canonicalId({ openreview: 'abc', url: 'x.org/a' })).toBe('openreview:abc');
    expect(canonicalId({ url: 'x.org/a' })).toBe('url:x.org/a');
    expect(canonicalId({})).toBeUndefined();
  });

  test('an arXiv paper is also known by its arXiv DOI', () => {
    expect(aliasesOf({ arxiv: '2401.12345', doi: '10.1000/xyz' })).toEqual(['arxiv:2401.12345', 'doi:10.48550/arxiv.2401.12345', 'doi:10.1000/xyz']);
  });

  test('URLs lose fragments, tracking parameters, www and trailing slashes', () => {
    expect(normalizeUrl('https://www.Example.org/paper/1/?utm_source=x&id=2#top')).toBe('example.org/paper/1?id=2');
    expect(normalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(normalizeUrl('not a url')).toBeUndefined();
  });

  test('titles normalize across case, accents and punctuation', () => {
    expect(normalizeTitle('Attention Is All You Need!')).toBe(normalizeTitle('attention is  all you need'));
    expect(normalizeTitle('Café: Über—Modèles')).toBe('cafe uber modeles');
  });
});

describe('venue identifiers (#15)', () => {
  test('they rank below arXiv, DOI and OpenReview and above URLs, in a fixed order', () => {
    expect(canonicalId({ doi: '10.1289/ehp.7712', pmid: '16079072', pmcid: 'PMC1280342' })).toBe('doi:10.1289/ehp.7712');
    expect(canonicalId({ openreview: 'ryzECoAcY7', scholar: '123456' })).toBe('openreview:ryzECoAcY7');
    expect(canonicalId({ acl: 'W19-4201', url: 'aclanthology.org/W19-4201' })).toBe('acl:W19-4201');
    expect(canonicalId({ pmid: '1', scholar: '11856305704398308082' })).toBe('pmid:1');
    expect(canonicalId({ scholar: '11856305704398308082', url: 'x.org/a' })).toBe('scholar:11856305704398308082');
    expect(aliasesOf({ doi: '10.1289/ehp.7712', pmid: '16079072', pmcid: 'PMC1280342' })).toEqual([
      'doi:10.1289/ehp.7712',
      'pmid:16079072',
      'pmcid:PMC1280342',
    ]);
  });

  test.each([
    ['acl', '2021.naacl-main.208', '2021.naacl-main.208'],
    ['acl', 'W19-4201', 'W19-4201'],
    ['pmlr', 'v139/radford21a', 'v139/radford21a'],
    ['neurips', '3F5EE243547DEE91FBD053C1C4A845AA', '3f5ee243547dee91fbd053c1c4a845aa'],
    [
      'cvf',
      'B.S._Single-Step_Adversarial_Training_With_Dropout_Scheduling_CVPR_2020_paper',
      'B.S._Single-Step_Adversarial_Training_With_Dropout_Scheduling_CVPR_2020_paper',
    ],
    ['pmcid', 'pmc1280342', 'PMC1280342'],
    ['pmid', '16079072', '16079072'],
    ['scholar', '11856305704398308082', '11856305704398308082'],
  ] as const)('%s %s → %s', (kind, input, out) => expect(venueId(kind, input)).toBe(out));

  test.each([
    ['acl', '2021.naacl-main'],
    ['pmlr', 'v139/../../x'],
    ['neurips', '3f5ee243'],
    ['cvf', 'He_Deep_Residual<script>_CVPR_2016_paper'],
    ['pmid', '0123'],
    ['pmcid', 'PMC'],
    ['scholar', '8kIZgzgPiqQJ'],
  ] as const)('rejects %s %j', (kind, input) => expect(venueId(kind, input)).toBeUndefined());
});
