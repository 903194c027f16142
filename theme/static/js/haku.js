// The search page: reads ?q=, asks the Pagefind index (loaded from this site only when a
// search is made) and lists the results. Only haku/ loads this file. Every text shown
// comes from data-text-* attributes that the template fills from the Finnish catalogue.
const box = document.getElementById("hakutulokset");
const form = document.querySelector(".search-form");
const input = document.getElementById("haku-sana");
const status = document.getElementById("haku-tila");
const list = box.querySelector(".search-list");
const more = box.querySelector(".search-more");
const PAGE = 5;
const EXCERPT_WORDS = 26;
const SENTENCE_BACK = 24; // how far before a match an excerpt may start, to start a sentence
const FOLD_MARK = "⁂"; // plugins/search_index: the folded copies of the words follow it
const TIMEOUT_MS = 15000;
let pagefind = null;
let results = [];
let shown = 0;
let current = 0;

const say = (key, values = {}) =>
  box.dataset[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));

// A word as the index compares it: lower case, å, ä, ö folded, no punctuation.
const FOLDS = { å: "a", ä: "a", ö: "o" };
const key = (word) =>
  word.toLowerCase().replace(/[åäö]/g, (c) => FOLDS[c]).replace(/[^\p{L}\p{N}]/gu, "");

// Pagefind waits forever when its WebAssembly may not run (a host's security policy
// without 'wasm-unsafe-eval'): compile an empty module first, which fails at once.
function canRunWasm() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

function timeout() {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS));
}

async function engine() {
  if (!canRunWasm()) throw new Error("WebAssembly is not allowed here");
  pagefind ??= await import(`${box.dataset.bundle}pagefind.js`);
  return pagefind;
}

// The page's own words and the positions of those a search matched: a match among the
// folded copies (a word typed without å, ä, ö) stands for every word it is the copy of.
function matches(data) {
  const words = data.content.split(/\s+/);
  const end = words.includes(FOLD_MARK) ? words.indexOf(FOLD_MARK) : words.length;
  const found = new Set(data.locations.filter((at) => at < end));
  const folded = new Set(data.locations.filter((at) => at > end).map((at) => key(words[at])));
  words.slice(0, end).forEach((word, at) => folded.has(key(word)) && found.add(at));
  return { words: words.slice(0, end), found };
}

// A query word the index does not have (a typo) is matched to the longest indexed word
// it starts with ("työnohjuas" → "työn", "esimeis" → "esim."): noise. A word counts as
// found when a matched word has at least half of it from its start, and a matched word that
// is all a start of it (not another form of it) has at least six tenths of it: an inflected
// "työnohjaajalle" still finds "työnohjaaja".
function relevant(query, data) {
  const { words, found } = matches(data);
  const matched = [...found].map((at) => key(words[at]));
  const shared = (a, b) => {
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  const terms = query.split(/\s+/).map(key).filter(Boolean);
  const counts = (word, term) => {
    const n = shared(word, term);
    return n * 2 >= term.length && (n < word.length || n * 10 >= term.length * 6);
  };
  return terms.every((term) => matched.some((word) => counts(word, term)));
}

// An excerpt from the start of the sentence of the first match after the title (which is
// shown above it), with the matched words marked; only text nodes and <mark>, so nothing
// from the index becomes markup.
function excerpt(data) {
  const { words, found } = matches(data);
  const title = (data.meta.title || "").split(/\s+/);
  const skip = title.every((word, i) => key(word) === key(words[i] ?? "")) ? title.length : 0;
  const first = [...found].sort((a, b) => a - b).find((at) => at >= skip) ?? skip;
  const ends = (at) => at <= skip || /[.!?]$/.test(words[at - 1]);
  let start = first;
  while (!ends(start) && first - start < SENTENCE_BACK) start--;
  const stop = Math.min(words.length, start + EXCERPT_WORDS);
  const p = document.createElement("p");
  if (!ends(start)) p.append("… ");
  for (let at = start; at < stop; at++) {
    if (at > start) p.append(" ");
    const [, before, word, after] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(words[at]);
    if (found.has(at) && word) {
      const mark = document.createElement("mark");
      mark.textContent = word;
      p.append(before, mark, after);
    } else {
      p.append(words[at]);
    }
  }
  if (stop < words.length) p.append(" …");
  return p;
}

function item(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const h3 = document.createElement("h3");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h3.append(a);
  li.append(h3);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "meta";
    date.textContent = data.meta.date;
    li.append(date);
  }
  li.append(excerpt(data));
  return li;
}

async function showMore(focus) {
  const run = current;
  const next = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
  if (run !== current) return;
  const items = next.map(item);
  list.append(...items);
  shown += next.length;
  more.hidden = shown >= results.length;
  if (focus && items.length) items[0].querySelector("a").focus();
}

async function find(query) {
  const found = (await (await engine()).search(query)).results;
  return found.length && relevant(query, await found[0].data()) ? found : [];
}

// focus: move it to the results' heading when done (a search that opened the page).
async function search(query, focus = false) {
  const run = ++current;
  list.replaceChildren();
  results = [];
  shown = 0;
  more.hidden = true;
  if (!query) {
    status.textContent = say("textEmpty");
    box.setAttribute("aria-busy", "false");
    return;
  }
  status.textContent = say("textSearching");
  box.setAttribute("aria-busy", "true");
  try {
    const found = await Promise.race([find(query), timeout()]);
    if (run !== current) return;
    results = found;
    await Promise.race([showMore(false), timeout()]);
    if (run !== current) return;
    const count = results.length;
    status.textContent = count === 0 ? say("textNone", { query })
      : say(count === 1 ? "textOne" : "textMany", { query, count });
  } catch (error) {
    status.textContent = say("textError");
    console.error(error);
  } finally {
    if (run === current) {
      box.setAttribute("aria-busy", "false");
      if (focus) status.focus();
    }
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value.trim();
  const url = new URL(location.href);
  url.searchParams.set("q", query);
  history.replaceState(null, "", url);
  search(query);
});
more.addEventListener("click", () => showMore(true));

const initial = new URLSearchParams(location.search).get("q");
input.value = initial ?? "";
search(input.value.trim(), initial !== null);
