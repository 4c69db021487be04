/**
 * What a hostile page can try against Gloss, written as functions that run in a page's MAIN
 * world (`page.evaluate`): the attacker's own view. Each returns what it found; an empty finding
 * means the attack got nothing. They take no closure (Playwright serializes them), so each one
 * can be pointed at any page: the real extension's, and the leaky control page that proves each
 * one fires when there is something to find.
 */

export interface Hit {
  secret: string;
  where: string;
}

/** Walks the whole DOM, every open shadow root and same-origin frame: text, attributes, form values, generated content. */
export function scanDom(secrets: string[]): Hit[] {
  const hits: Hit[] = [];
  const check = (text: string | null | undefined, where: string) => {
    if (!text) return;
    for (const s of secrets) if (text.toLowerCase().includes(s.toLowerCase())) hits.push({ secret: s, where: `${where}: ${text.slice(0, 80)}` });
  };
  const visit = (root: Document | ShadowRoot, label: string) => {
    const isDoc = root.nodeType === 9;
    const view = (isDoc ? (root as Document) : (root as ShadowRoot).ownerDocument!).defaultView!;
    for (const el of root.querySelectorAll('*')) {
      const name = `${label} <${el.tagName.toLowerCase()}>`;
      for (const a of el.attributes) check(`${a.name}=${a.value}`, `${name} attribute`);
      for (const prop of [
        'title',
        'ariaLabel',
        'ariaDescription',
        'ariaRoleDescription',
        'ariaValueText',
        'ariaPlaceholder',
        'value',
        'placeholder',
        'alt',
      ] as const) {
        const v = (el as unknown as Record<string, unknown>)[prop];
        if (typeof v === 'string') check(v, `${name}.${prop}`);
      }
      for (const pseudo of ['::before', '::after', '::marker', null]) {
        const content = view.getComputedStyle(el, pseudo).content;
        if (content && content !== 'none' && content !== 'normal') check(content, `${name}${pseudo ?? ''} content`);
      }
      if (el.shadowRoot) {
        check(el.shadowRoot.textContent, `${name} open shadow root text`);
        visit(el.shadowRoot, `${name} #shadow-root`);
      }
      if (el.tagName === 'IFRAME') {
        let inner: Document | null = null;
        try {
          inner = (el as HTMLIFrameElement).contentDocument;
        } catch {
          /* cross-origin */
        }
        if (inner) visit(inner, `${name} frame`);
      }
    }
    if (isDoc) {
      const d = root as Document;
      check(d.documentElement.textContent, `${label} textContent`);
      check(d.body?.innerText, `${label} innerText`);
      check(d.title, `${label} title`);
    }
  };
  visit(document, 'document');
  return hits;
}

/** `window.find` and the page's own text. Leaves the selection as it was. */
export function scanFind(secrets: string[]): Hit[] {
  const hits: Hit[] = [];
  for (const s of secrets) {
    getSelection()?.removeAllRanges();
    // find(string, caseSensitive, backwards, wrapAround, wholeWord, searchInFrames)
    const w = window as unknown as { find(...a: unknown[]): boolean };
    if (w.find(s, false, false, true, false, true)) hits.push({ secret: s, where: `window.find: ${getSelection()?.toString()}` });
    if (document.body.innerText.toLowerCase().includes(s.toLowerCase())) hits.push({ secret: s, where: 'document.body.innerText' });
  }
  getSelection()?.removeAllRanges();
  return hits;
}

/**
 * The page's guess at which elements are marks: empty, attribute-less spans that are already
 * shadow hosts (`attachShadow` throws on a host, open or closed), or any element with an open root.
 */
export function findHosts(): Element[] {
  const out: Element[] = [];
  const w = window as unknown as { __probed?: WeakSet<Element>; __known?: WeakSet<Element> };
  const probed = (w.__probed ??= new WeakSet());
  // Hosts found once stay hosts, whatever the page did to them since (styles, attributes).
  const known = (w.__known ??= new WeakSet());
  for (const el of document.querySelectorAll('*')) {
    if (probed.has(el)) continue;
    if (el.shadowRoot) {
      out.push(el);
      continue;
    }
    if (known.has(el)) {
      out.push(el);
      continue;
    }
    if (el.tagName !== 'SPAN' || el.attributes.length || el.childNodes.length) continue;
    try {
      el.attachShadow({ mode: 'open' });
      probed.add(el);
      // It was not a host; it is one now (empty, so nothing shows): the page may do this to its own spans.
    } catch {
      known.add(el);
      out.push(el);
    }
  }
  return out;
}

export interface Sizes {
  hosts: number;
  /** Every distinct box among the hosts: more than one means size tells states apart. */
  distinct: string[];
  /** The same, after the page restyles every host to follow its content. */
  distinctForced: string[];
  /** Animations running anywhere, with their targets' tag (state-driven transitions would show here). */
  animations: string[];
}

/** Measures every host, then restyles each to follow its content and measures again. */
export function measureHosts(): Sizes {
  const hosts = (window as unknown as { __findHosts(): HTMLElement[] }).__findHosts();
  const box = (h: HTMLElement) => {
    const r = h.getBoundingClientRect();
    const s = getComputedStyle(h);
    return [r.width, r.height, h.offsetWidth, h.offsetHeight, h.clientWidth, h.scrollWidth, h.scrollHeight, s.width, s.height, s.display].join(',');
  };
  const distinct = [...new Set(hosts.map(box))];
  const saved = hosts.map((h) => h.getAttribute('style'));
  for (const h of hosts) h.style.cssText = 'all: revert; contain: none; width: auto; height: auto; display: inline-block; max-width: none; overflow: visible;';
  const distinctForced = [...new Set(hosts.map(box))];
  hosts.forEach((h, i) => (saved[i] === null ? h.removeAttribute('style') : h.setAttribute('style', saved[i]!)));
  const roots: Array<Document | ShadowRoot> = [document];
  for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  const animations = roots
    .flatMap((r) => r.getAnimations())
    .map((a) => {
      const target = (a.effect as KeyframeEffect | null)?.target;
      return `${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? a.id}@${target?.tagName ?? '?'}`;
    });
  return { hosts: hosts.length, distinct, distinctForced, animations };
}

/** Performance entries, elements and attributes that name Gloss. */
export function scanNames(): string[] {
  const found: string[] = [];
  for (const e of performance.getEntries()) if (/gloss/i.test(e.name)) found.push(`performance ${e.entryType} ${e.name}`);
  const visit = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      if (/gloss/i.test(el.tagName)) found.push(`element <${el.tagName.toLowerCase()}>`);
      for (const a of el.attributes) {
        if (/^data-gloss/i.test(a.name)) found.push(`attribute ${a.name}`);
        else if (/gloss/i.test(a.name) || /gloss/i.test(a.value)) found.push(`attribute ${a.name}=${a.value.slice(0, 60)}`);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  if (Object.keys(window).some((k) => /gloss/i.test(k))) found.push('a window property');
  return found;
}

/** Capture-phase listeners on window and document for every key and text event; returns nothing (read `__keys`). */
export function installKeylogger() {
  const w = window as unknown as { __keys: string[]; __keylog?: (e: Event) => void };
  w.__keys = [];
  for (const target of [window, document])
    for (const type of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'compositionend', 'textInput'])
      if (w.__keylog) target.removeEventListener(type, w.__keylog, true);
  const log = (w.__keylog = (e: Event) => {
    const k = e as KeyboardEvent & InputEvent & CompositionEvent;
    if (e.currentTarget !== window) return; // heard at window first (capture): once per event
    w.__keys.push(`${e.type}:${k.key ?? k.data ?? ''}`);
  });
  for (const target of [window, document])
    for (const type of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'compositionend', 'textInput']) target.addEventListener(type, log, true);
}

/** The characters the keylogger saw typed (from keydown/keypress/input data). */
export function loggedText(): string {
  const keys = (window as unknown as { __keys: string[] }).__keys ?? [];
  return keys
    .filter((k) => k.startsWith('keypress:'))
    .map((k) => k.slice('keypress:'.length))
    .join('');
}

/**
 * Forges a person's input at every host: synthetic click, pointer and mouse events, Enter and
 * Space, `host.click()`, and a click on whatever `elementFromPoint` returns at the host's left
 * part (the star). Returns how many hosts were hit.
 */
export function forgeAll(): number {
  const hosts = (window as unknown as { __findHosts(): HTMLElement[] }).__findHosts();
  for (const h of hosts) {
    h.scrollIntoView({ block: 'center' });
    const r = h.getBoundingClientRect();
    const at = { bubbles: true, cancelable: true, composed: true, clientX: r.left + 10, clientY: r.top + r.height / 2, view: window };
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'])
      h.dispatchEvent(type.startsWith('pointer') ? new PointerEvent(type, at) : new MouseEvent(type, at));
    h.dispatchEvent(new MouseEvent('click', at));
    for (const key of ['Enter', ' ']) {
      h.dispatchEvent(new KeyboardEvent('keydown', { key, code: key === ' ' ? 'Space' : key, bubbles: true, composed: true }));
      h.dispatchEvent(new KeyboardEvent('keyup', { key, code: key === ' ' ? 'Space' : key, bubbles: true, composed: true }));
    }
    h.click();
    const hit = document.elementFromPoint(r.left + 10, r.top + r.height / 2) as HTMLElement | null;
    hit?.click();
    hit?.dispatchEvent(new MouseEvent('click', at));
  }
  return hosts.length;
}

/** What the page can learn of any frame: elements, `window.frames`, their URLs. */
export function scanFrames(secrets: string[]): { iframes: string[]; windows: number; readable: string[] } {
  const iframes: string[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('iframe, frame, object, embed')) iframes.push((el as HTMLIFrameElement).src || el.tagName);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  const readable: string[] = [];
  for (let i = 0; i < window.length; i++) {
    try {
      const f = window.frames[i];
      readable.push(`${f.location.href} ${f.document.body?.innerText ?? ''}`);
    } catch {
      /* cross-origin: nothing */
    }
  }
  for (const s of secrets) if (iframes.some((u) => u.includes(s))) readable.push(`src names ${s}`);
  return { iframes, windows: window.length, readable };
}

/** Gives the page the shared helpers the detectors call (`findHosts`). */
export const installHelpers = `window.__findHosts = ${findHosts.toString()};`;
