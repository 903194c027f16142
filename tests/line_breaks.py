"""Where a real browser breaks words: every visible text node of a page, measured with
Range.getClientRects(), for the line-break tests (test_line_breaks.py, test_typography.py).

A word here is a run of letters and digits (soft hyphens included); a line may end after a
space, a hyphen-minus (sosiaali-, Y-tunnus) or a slash, but inside a word only at a soft
hyphen. Anything else is the browser cutting a word that did not fit (overflow-wrap), which
is what a visitor sees as "työnohj / aus". Code and web or e-mail addresses may break
anywhere and are not words.
"""

from __future__ import annotations

WIDTHS = (320, 375, 768, 1280)

BREAKS_JS = r"""
() => {
  const WORD = /[\p{L}\p{M}\p{N}\u00ad]+/gu;
  const TOKEN = /[^\s]+/gu;  // \s includes the no-break space
  const ADDRESS = /@|:\/\/|^www\./i;
  const SKIP = 'script, style, noscript, template, code, pre, kbd, samp, ' +
               '.visually-hidden, .honeypot, .skip-link';
  for (const menu of document.querySelectorAll('details')) menu.open = true;
  for (const menu of document.querySelectorAll('[popover]')) {
    if (!menu.checkVisibility()) menu.showPopover();  // the phone menu, opened
  }
  const range = document.createRange();
  const lineCount = (rects) => {
    const tops = [];
    for (const r of rects) {
      if (r.width === 0 && r.height === 0) continue;
      if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    }
    return tops.length;
  };
  const charTop = (node, i) => {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rects = range.getClientRects();
    // After a soft hyphen break the next letter may also report the hyphen's box: use its own.
    return rects.length ? rects[rects.length - 1].top : null;
  };
  const where = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + cls;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(SKIP)) continue;
    range.selectNodeContents(node);
    if (lineCount(range.getClientRects()) < 2) continue;  // on one line, or not shown
    for (const token of node.data.matchAll(TOKEN)) {
      if (ADDRESS.test(token[0])) continue;
      for (const word of token[0].matchAll(WORD)) {
        const start = token.index + word.index;
        const end = start + word[0].length;
        range.setStart(node, start);
        range.setEnd(node, end);
        if (lineCount(range.getClientRects()) < 2) continue;
        let previous = null;
        for (let i = start; i < end; i++) {
          const top = charTop(node, i);
          if (top === null) continue;
          if (previous !== null && top > previous + 1 && node.data[i - 1] !== '\u00ad') {
            const shown = (a, b) => node.data.slice(a, b).replace(/\u00ad/g, '');
            found.push(`${where(el)}: ${shown(start, i)}|${shown(i, end)}`);
          }
          previous = top;
        }
      }
    }
  }
  // A phone number is read as one unit: it must not be split across lines either.
  for (const link of document.querySelectorAll('a[href^="tel:"]')) {
    range.selectNodeContents(link);
    if (lineCount(range.getClientRects()) > 1) {
      found.push(`phone number split: ${link.textContent}`);
    }
  }
  return found;
}
"""


def mid_word_breaks(page) -> list[str]:
    """Each place on the loaded page where a line ends inside a word without a soft hyphen
    (and each phone number split across lines), as 'element: before|after'."""
    return page.evaluate(BREAKS_JS)
