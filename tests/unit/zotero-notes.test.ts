import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GLOSS_NOTE_HEADING, decodeEntities, htmlToNote, isGlossNote, noteToHtml } from '../../lib/zotero/note-html';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

describe('Gloss note → Zotero HTML → Gloss note', () => {
  const cases = [
    'One paragraph.',
    'First paragraph.\n\nSecond one, with a line\nbreak inside.',
    '- one\n- two\n- three',
    '1. first\n2. second',
    'Some *emphasis*, some **strong**, and `code()` here.',
    'See [the paper](https://arxiv.org/abs/2401.12345) and [docs](<https://example.org/a b>).',
    'Loss is $\\mathcal{L} = \\sum_i x_i^2$ and $a*b*c$ stays text.',
    'Display: $$\\int_0^1 f(x)\\,dx$$',
    '# Heading\n\nBody.',
    '```\nconst x = 1 < 2 && "y";\n  indented\n```',
    '> quoted line\n> second',
    'snake_case_name and file_name.py stay as typed',
    'Literal \\*stars\\* and \\[brackets\\] and a back\\\\slash.',
    'Costs $5 and $6 in total.',
  ];
  test.each(cases)('%j comes back the same', (md) => {
    const html = noteToHtml(md);
    expect(htmlToNote(html)).toBe(md);
    expect(isGlossNote(html)).toBe(true);
  });

  test('HTML is what Zotero expects: escaped text, no raw Markdown markers', () => {
    const html = noteToHtml('**a** <script>alert(1)</script> & [x](javascript:alert(1))');
    expect(html).toContain('<strong>a</strong>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="javascript/);
    expect(html.startsWith(`<div data-gloss-note="1"><h1>${GLOSS_NOTE_HEADING}</h1>`)).toBe(true);
  });

  // Notes built from the covered constructs. `wordChars` decides which awkward characters the
  // text itself may contain.
  const noteOf = (wordChars: string) => {
    const word = fc.stringMatching(new RegExp(`^[a-zA-Z0-9][${wordChars}]{0,8}$`));
    const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
    const inline = fc.oneof(
      { weight: 4, arbitrary: words },
      words.map((w) => `_${w}_`),
      words.map((w) => `*${w}*`),
      words.map((w) => `**${w}**`),
      fc
        .stringMatching(/^[a-z0-9 +=()]{1,10}$/)
        .filter((s) => s.trim() === s && !!s)
        .map((c) => `\`${c}\``),
      fc
        .stringMatching(/^[a-z0-9\\^_{}+* ]{1,10}$/)
        .filter((s) => s.trim() === s && !!s)
        .map((m) => `$${m}$`),
      fc.tuple(words, fc.stringMatching(/^[a-z0-9/]{1,10}$/)).map(([t, p]) => `[${t}](https://example.org/${p})`),
    );
    const line = fc.array(inline, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));
    const block = fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n')),
      fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l) => `- ${l}`).join('\n')),
      fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l, i) => `${i + 1}. ${l}`).join('\n')),
    );
    return fc.array(block, { minLength: 1, maxLength: 4 }).map((bs) => bs.join('\n\n'));
  };

  /** What a reader sees of a note: its text without markup. */
  const visible = (html: string) =>
    decodeEntities(html.replace(/<\/?(?:p|li|ul|ol|h\d|br|div|pre|blockquote)\b[^>]*>/g, ' ').replace(/<[^>]*>/g, ''))
      .replace(/\s+/g, ' ')
      .trim();

  test('property: Markdown → HTML → Markdown → HTML gives the same HTML, and a second trip changes nothing', () => {
    fc.assert(
      fc.property(noteOf('a-zA-Z0-9.,:;!?\'"()<>&#+=-'), (md) => {
        const html = noteToHtml(md);
        const back = htmlToNote(html);
        expect(noteToHtml(back)).toBe(html);
        expect(htmlToNote(noteToHtml(back))).toBe(back);
      }),
      { numRuns: RUNS },
    );
  });

  test('property: with stray * and _ inside words too, a trip keeps every visible character', () => {
    fc.assert(
      fc.property(noteOf('a-zA-Z0-9_.,:;!?\'"()<>&#+*=-'), (md) => {
        const html = noteToHtml(md);
        const back = htmlToNote(html);
        expect(visible(noteToHtml(back))).toBe(visible(html));
      }),
      { numRuns: RUNS },
    );
  });

  test('property: notes without escapes come back character for character', () => {
    const plain = fc.array(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9 ,.;:!?'()]{0,30}$/), { minLength: 1, maxLength: 4 }).map((ls) =>
      ls
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n'),
    );
    fc.assert(
      fc.property(fc.array(plain.filter(Boolean), { minLength: 1, maxLength: 3 }), (paras) => {
        const md = paras.join('\n\n');
        expect(htmlToNote(noteToHtml(md))).toBe(md);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Zotero HTML → Gloss note', () => {
  test('a note written in Zotero’s editor', () => {
    const html =
      '<div data-schema-version="9"><h1>Reading notes</h1><p>The <strong>key idea</strong> is <em>attention</em>.</p>' +
      '<ul><li><p>point one</p></li><li><p>point <code>two</code></p></li></ul>' +
      '<p>Math: <span class="math">$E=mc^2$</span></p><pre class="math">$$a^2+b^2=c^2$$</pre>' +
      '<p><a href="https://example.org/x" rel="noopener noreferrer nofollow">a link</a></p></div>';
    expect(htmlToNote(html)).toBe(
      '# Reading notes\n\nThe **key idea** is *attention*.\n\n- point one\n- point `two`\n\nMath: $E=mc^2$\n\n```\n$$a^2+b^2=c^2$$\n```\n\n[a link](https://example.org/x)',
    );
    expect(isGlossNote(html)).toBe(false);
  });

  test('nothing of hostile HTML survives but its text', () => {
    const html =
      '<p onclick="steal()">Hi <img src=x onerror="alert(1)"><script>alert("x")</script><style>p{}</style>' +
      '<a href="javascript:alert(1)">click</a> <a href="data:text/html,x">data</a> <iframe src="https://evil"></iframe>&lt;b&gt;</p>' +
      '<!-- comment <script> --><svg><script>alert(2)</script></svg><p>tail &amp; &#x1F600; &bogus;</p>';
    const md = htmlToNote(html);
    expect(md).toBe('Hi click data <b>\n\ntail & 😀 &bogus;');
    expect(md).not.toMatch(/alert|steal|onerror|javascript|iframe|comment/);
  });

  test('unclosed and misnested markup still gives its text, never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.array(
          fc.constantFrom('<p>', '</p>', '<em>', '</strong>', '<li>', '<ul>', '<pre>', '<a href="https://x">', '<br>', '<!--', '<script>', '&amp', '<h2>'),
          { maxLength: 20 },
        ),
        (text, tags) => {
          const html = tags.join(text.slice(0, 10)) + text;
          const md = htmlToNote(html);
          expect(typeof md).toBe('string');
          expect(md).not.toMatch(/<script|<p>|<em>/i);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('Gloss recognizes its own note by the heading alone (Zotero may drop the attribute)', () => {
    expect(isGlossNote(`<div data-schema-version="9"><h1>${GLOSS_NOTE_HEADING}</h1><p>x</p></div>`)).toBe(true);
    expect(isGlossNote(`<p>${GLOSS_NOTE_HEADING}</p><p>x</p>`)).toBe(true);
    expect(isGlossNote('<h1>My own note</h1><p>Gloss note</p>')).toBe(false);
  });
});
