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
let pagefind = null;
let results = [];
let shown = 0;
let current = 0;

const say = (key, values = {}) =>
  box.dataset[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));

const TIMEOUT_MS = 15000;

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
  if (!pagefind) {
    pagefind = await import(`${box.dataset.bundle}pagefind.js`);
    await pagefind.options({ excerptLength: 24 });
  }
  return pagefind;
}

// The excerpt is Pagefind's plain text with <mark> around the matches: rebuild it as text
// nodes and <mark> elements only, so nothing else from the index becomes markup.
function excerpt(html) {
  const p = document.createElement("p");
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function item(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h2.append(a);
  li.append(h2);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "meta";
    date.textContent = data.meta.date;
    li.append(date);
  }
  li.append(excerpt(data.excerpt));
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

async function search(query) {
  const run = ++current;
  list.replaceChildren();
  results = [];
  shown = 0;
  more.hidden = true;
  box.hidden = false;
  if (!query) {
    status.textContent = say("textEmpty");
    box.setAttribute("aria-busy", "false");
    return;
  }
  status.textContent = say("textSearching");
  box.setAttribute("aria-busy", "true");
  try {
    const found = await Promise.race([engine().then((pf) => pf.search(query)), timeout()]);
    if (run !== current) return;
    results = found.results;
    await Promise.race([showMore(false), timeout()]);
    if (run !== current) return;
    const count = results.length;
    status.textContent = count === 0 ? say("textNone", { query })
      : say(count === 1 ? "textOne" : "textMany", { query, count });
  } catch (error) {
    status.textContent = say("textError");
    console.error(error);
  } finally {
    if (run === current) box.setAttribute("aria-busy", "false");
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
if (initial !== null) {
  input.value = initial;
  search(initial.trim());
}
