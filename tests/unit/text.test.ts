import { expect, test } from 'vitest';
import { authorLine, byteSize, preview } from '../../lib/core/text';

test('byte sizes read as people read them', () => {
  expect(byteSize(0)).toBe('0 bytes');
  expect(byteSize(900)).toBe('900 bytes');
  expect(byteSize(860_000)).toBe('840 KB');
  expect(byteSize(1.1 * 1024 * 1024)).toBe('1.1 MB');
  expect(byteSize(79146.4 * 1024 * 1024)).toBe('77.3 GB');
  expect(byteSize(-5)).toBe('0 bytes');
});

test('bylines and previews', () => {
  expect(authorLine(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'])).toBe('Ada Lovelace, Alan Turing, Grace Hopper et al.');
  expect(preview('a'.repeat(200), 10).length).toBeLessThanOrEqual(11);
});
