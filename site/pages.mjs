// The pages as the site serves them, made from their sources: for build.mjs (which writes them into dist/) and
// check-strings.mjs (which checks the keys they name).
//
// Partials: a line `<!-- NAME ARG… -->` in a page or a partial is replaced by src/partials/NAME.html, indented as
// the line is. `{{1}}`, `{{2}}`, … in the partial stand for the arguments: words (`f.email`, `letter-submit`) or
// text in double quotes (`"button button-large"`). A comment `<!--# … -->` at the start of a partial says what it
// is and what its arguments are; it is not copied.
//
// Texts: the Bulgarian of an element with `data-i18n="KEY"` (its text) or `data-i18n-aria-label="KEY"` (its
// aria-label) is src/strings/bg.ts's: what the page shows without its script, and what i18n.ts writes when the
// language changes. An element left empty (without aria-label) gets it here, so a partial whose keys are its
// arguments has its texts written once, in bg.ts; an element with text of its own must have that text.
//
// Anything else stops the build: a name without a partial, an argument missing or too many, a key bg.ts does not
// have, a text that is not bg.ts's.
import * as esbuild from "esbuild";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = dirname(fileURLToPath(import.meta.url));
export const partialsDir = join(root, "src/partials");

/** The STRINGS of one file of src/strings. */
async function stringsOf(file) {
  const source = readFileSync(join(root, "src/strings", file + ".ts"), "utf8");
  const { code } = await esbuild.transform(source, { loader: "ts", format: "esm" });
  return (await import("data:text/javascript;base64," + Buffer.from(code).toString("base64"))).STRINGS;
}

/** Every UI string of a language: src/strings/NAME.ts and the staff console's part, console.NAME.ts. */
export async function loadStrings(name) {
  return { ...(await stringsOf(name)), ...(await stringsOf("console." + name)) };
}

/** Every page (NAME.html in the site's folder) as it is served: name → HTML. */
export function renderPages(strings) {
  const partials = readPartials();
  const pages = new Map();
  for (const name of readdirSync(root).filter((n) => n.endsWith(".html"))) {
    pages.set(name, renderPage(name, readFileSync(join(root, name), "utf8"), partials, strings));
  }
  return pages;
}

function readPartials() {
  const partials = new Map();
  for (const name of readdirSync(partialsDir).filter((n) => n.endsWith(".html"))) {
    const text = readFileSync(join(partialsDir, name), "utf8").replace(/^<!--#[\s\S]*?-->\n/, "");
    partials.set(name.slice(0, -5), text);
  }
  return partials;
}

const MARKER = /^([ \t]*)<!-- ([a-z][a-z-]*)((?: (?:[\w.-]+|"[^"\n]*"))*) -->\n/gm;

function renderPage(page, html, partials, strings) {
  // A partial may hold markers of its own (the page's start holds the head and the body's start, which holds the
  // header): expanded until none is left.
  for (let depth = 0; new RegExp(MARKER.source, "m").test(html); depth++) {
    if (depth === 8) throw new Error(`${page}: partials nested more than 8 deep (does one include itself?)`);
    html = expandPartials(page, html, partials);
  }
  return fillTexts(page, html, strings);
}

function expandPartials(page, html, partials) {
  return html.replace(MARKER, (line, indent, name, args) => {
    const partial = partials.get(name);
    if (partial === undefined) throw new Error(`${page}: no src/partials/${name}.html for <!-- ${name} -->`);
    const values = [...args.matchAll(/"([^"]*)"|[\w.-]+/g)].map((m) => m[1] ?? m[0]);
    let wanted = 0;
    const text = partial.replace(/\{\{(\d+)\}\}/g, (_, n) => {
      wanted = Math.max(wanted, Number(n));
      const value = values[Number(n) - 1];
      if (value === undefined) throw new Error(`${page}: <!-- ${name} --> needs argument ${n}`);
      return value;
    });
    if (values.length > wanted) throw new Error(`${page}: <!-- ${name} --> takes ${wanted} argument(s), not ${values.length}`);
    return text.replace(/^(?=.)/gm, indent);
  });
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fillTexts(page, html, strings) {
  function text(key) {
    if (!Object.hasOwn(strings, key)) throw new Error(`${page}: data-i18n key "${key}" is not in src/strings/bg.ts`);
    return escapeHtml(strings[key]);
  }
  function attribute(key) { return text(key).replace(/"/g, "&quot;"); }
  function same(written, expected, key, what) {
    if (written !== expected) {
      throw new Error(`${page}: the ${what} of data-i18n${what === "text" ? "" : "-aria-label"}="${key}" is "${written}", ` +
        `not src/strings/bg.ts's "${strings[key]}" (or leave it out: the build writes it)`);
    }
  }
  return html
    .replace(/(<([a-z][a-z0-9]*)\b[^>]*\sdata-i18n="([^"]*)"[^>]*>)([^<]*)(<\/\2>)?/g, (element, start, tag, key, written, end) => {
      if (end === undefined) throw new Error(`${page}: <${tag} data-i18n="${key}"> holds markup, which the text of the key would replace`);
      if (!written) return start + text(key) + end;
      same(written, text(key), key, "text");
      return element;
    })
    .replace(/<[a-z][a-z0-9]*\b[^>]*\sdata-i18n-aria-label="([^"]*)"[^>]*>/g, (start, key) => {
      const label = /\saria-label="([^"]*)"/.exec(start);
      if (!label) return start.replace(/\sdata-i18n-aria-label="/, (attr) => ` aria-label="${attribute(key)}"` + attr);
      same(label[1], attribute(key), key, "aria-label");
      return start;
    });
}
