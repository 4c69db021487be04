/**
 * The contract, locked. The type assertions are checked by `tsc --noEmit` (part of `npm test`):
 * changing a method's arguments or answer on one side only, adding a method without a validator,
 * or a validator that lets through what its method does not take, fails to compile. The runtime
 * tests check that each kind of caller has exactly the methods its contract lists.
 */
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { LibraryService } from '../../lib/library/service';
import { call, callPage, callPanel } from '../../lib/rpc/client';
import {
  argsValidators,
  pageValidators,
  panelValidators,
  type AdminApi,
  type GlossApi,
  type MarkState,
  type PageApi,
  type PanelApi,
  type PanelView,
} from '../../lib/rpc/protocol';
import type { Validator } from '../../lib/rpc/validate';
import type { EntryState, PaperMeta } from '../../lib/core/types';

describe('the contract, as types', () => {
  test('the library service implements the library contract', () => {
    expectTypeOf<LibraryService>().toMatchTypeOf<GlossApi>();
  });

  test('validators produce exactly what their methods take', () => {
    expectTypeOf(argsValidators.setNote).toMatchTypeOf<Validator<{ id: string; note: string; base?: string; paper?: PaperMeta }>>();
    expectTypeOf(pageValidators.pageLookup).toMatchTypeOf<Validator<Parameters<PageApi['pageLookup']>[0]>>();
    expectTypeOf(panelValidators.panelNote).toMatchTypeOf<Validator<Parameters<PanelApi['panelNote']>[0]>>();
  });

  test('the one client is typed by each contract: arguments checked, answers inferred', () => {
    expectTypeOf(call<'setNote'>)
      .parameter(1)
      .toEqualTypeOf<Parameters<GlossApi['setNote']>[0]>();
    expectTypeOf(call<'setNote'>).returns.resolves.toEqualTypeOf<EntryState>();
    expectTypeOf(call<'settings'>).returns.resolves.toEqualTypeOf<Awaited<ReturnType<AdminApi['settings']>>>();
    expectTypeOf(callPage<'pageLookup'>).returns.resolves.toEqualTypeOf<MarkState[]>();
    expectTypeOf(callPanel<'panelState'>).returns.resolves.toEqualTypeOf<PanelView>();
    // A content script's client has no library methods, and the library's no page methods.
    expectTypeOf(callPage).parameter(0).not.toMatchTypeOf<'get'>();
    expectTypeOf(call).parameter(0).not.toMatchTypeOf<'pageLookup'>();
    // Wrong arguments do not compile.
    // @ts-expect-error: a note is a string
    void (() => call('setNote', { id: 'arxiv:1', note: 5 }));
    // @ts-expect-error: the page contract has no `refresh` any more
    void (() => callPage('pageLookup', { papers: [], refresh: true }));
  });
});

describe('the contract, at run time', () => {
  test('each caller kind has its own methods, and no method belongs to two', () => {
    const ext = Object.keys(argsValidators);
    const page = Object.keys(pageValidators);
    const panel = Object.keys(panelValidators);
    expect(new Set([...ext, ...page, ...panel]).size).toBe(ext.length + page.length + panel.length);
    expect(page.sort()).toEqual(['closePanel', 'openPanel', 'pageLookup', 'pageRelated', 'pageSeen', 'pageSettings']);
  });
});
