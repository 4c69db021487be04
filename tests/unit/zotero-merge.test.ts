import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NOTE_CONFLICT_SEPARATOR } from '../../lib/library/service';
import { EMPTY_SNAPSHOT, merge3, mergeTags } from '../../lib/zotero/merge';
import type { Snapshot } from '../../lib/zotero/store';

const snap = (o: Partial<Snapshot>): Snapshot => ({ ...EMPTY_SNAPSHOT, title: 'T', saved: true, ...o });

describe('three-way merge', () => {
  test('a field changed on one side takes that side', () => {
    const base = snap({ title: 'Old', note: 'n', tags: ['a'] });
    const { merged, noteConflict } = merge3(base, snap({ title: 'Old', note: 'n2', tags: ['a'] }), snap({ title: 'New', note: 'n', tags: ['a'] }), () => true);
    expect(merged).toMatchObject({ title: 'New', note: 'n2' });
    expect(noteConflict).toBe(false);
  });

  test('a field changed on both sides takes the later change; notes keep both texts', () => {
    const base = snap({ title: 'Old', note: 'n' });
    const local = snap({ title: 'Local', note: 'mine' });
    const remote = snap({ title: 'Remote', note: 'theirs' });
    expect(merge3(base, local, remote, () => true).merged.title).toBe('Local');
    const r = merge3(base, local, remote, () => false);
    expect(r.merged.title).toBe('Remote');
    expect(r.merged.note).toBe(`mine${NOTE_CONFLICT_SEPARATOR}theirs`);
    expect(r.noteConflict).toBe(true);
  });

  test('a note extended on one side and left on the other is no conflict', () => {
    const r = merge3(snap({ note: 'a' }), snap({ note: 'a' }), snap({ note: 'a b' }), () => true);
    expect(r).toMatchObject({ merged: { note: 'a b' }, noteConflict: false });
    const both = merge3(snap({ note: 'a' }), snap({ note: 'a b' }), snap({ note: 'a b c' }), () => true);
    expect(both).toMatchObject({ merged: { note: 'a b c' }, noteConflict: false });
  });

  test('tags: additions on either side stay, removals on either side go', () => {
    expect(mergeTags(['a', 'b', 'c'], ['a', 'b', 'x'], ['b', 'c', 'y'])).toEqual(['b', 'x', 'y']);
    expect(mergeTags([], ['A'], ['a'])).toEqual(['A']);
  });

  test('property: merging is idempotent and keeps every tag both sides agree on', () => {
    const tags = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e'), { maxLength: 5 });
    fc.assert(
      fc.property(tags, tags, tags, (b, l, r) => {
        const m = mergeTags(b, l, r);
        for (const t of l) if (r.includes(t)) expect(m).toContain(t);
        for (const t of m) expect(l.includes(t) || r.includes(t)).toBe(true);
        // Merging the result with either side again changes nothing.
        expect(mergeTags(b, m, m)).toEqual(m);
        // Whatever was removed on one side and untouched on the other is gone.
        for (const t of b) if (!l.includes(t) && r.includes(t)) expect(m).not.toContain(t);
      }),
    );
  });

  test('property: no text of either note is ever lost', () => {
    const text = fc.string({ minLength: 0, maxLength: 20 });
    fc.assert(
      fc.property(text, text, text, (b, l, r) => {
        const { merged } = merge3(snap({ note: b }), snap({ note: l }), snap({ note: r }), () => true);
        const changedL = l !== b;
        const changedR = r !== b;
        // Whitespace alone is no text to keep.
        if (changedL) expect(merged.note).toContain(l.trim());
        if (changedR) expect(merged.note).toContain(r.trim());
      }),
    );
  });
});
