/**
 * Component tests' page: a linkedom document stands in for the page's globals, with the element
 * components render into; rendered away and the globals put back after each test.
 */
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, vi } from 'vitest';

export function renderRoot(): { readonly root: HTMLElement } {
  const page = { root: undefined as unknown as HTMLElement };
  beforeEach(() => {
    const { document, window } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
    vi.stubGlobal('document', document);
    vi.stubGlobal('window', window);
    // Components that listen on the window (the table's resize) find it here too.
    vi.stubGlobal('addEventListener', () => {});
    vi.stubGlobal('removeEventListener', () => {});
    page.root = document.getElementById('root') as unknown as HTMLElement;
  });
  afterEach(() => {
    render(null, page.root);
    vi.unstubAllGlobals();
  });
  return page;
}

/** Lets answers, effects and re-renders run. */
export const tick = () => act(() => new Promise<void>((r) => setTimeout(r, 10)));
