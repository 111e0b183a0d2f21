// Checks the UI strings before a build: src/strings/bg.ts and src/strings/en.ts (each with the staff console's part,
// console.bg.ts and console.en.ts) have the same keys, every text is
// non-empty, the English has no Cyrillic (but for the few that name Bulgarian on purpose), and every key the pages
// name (data-i18n…, in the pages as pages.mjs makes them, partials and all) and the scripts (t("…")) use exists.
// Dynamic keys (t("problem." + status)) are the scripts' own business. The names of statuses and kinds are not
// here: they come from the catalogue answer (GET /api/catalogue).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadStrings, renderPages, root } from "./pages.mjs";

const languages = { bg: await loadStrings("bg"), en: await loadStrings("en") };

const problems = [];
const CYRILLIC_ALLOWED_IN_EN = new Set(["lang.switch", "lang.switch.label"]);
const keys = new Set([...Object.keys(languages.bg), ...Object.keys(languages.en)]);
for (const key of keys) {
  for (const [name, table] of Object.entries(languages)) {
    if (!(key in table)) problems.push(`${key}: missing from src/strings/${name}.ts`);
    else if (typeof table[key] !== "string" || !table[key]) problems.push(`${key}: empty in src/strings/${name}.ts`);
  }
  const en = languages.en[key];
  if (typeof en === "string" && /[\u0400-\u04FF]/.test(en) && !/ЗДОИ/.test(en) && !CYRILLIC_ALLOWED_IN_EN.has(key)) {
    problems.push(`${key}: Cyrillic in the English text`);
  }
}

const used = new Map();
function use(key, where) { if (!used.has(key)) used.set(key, where); }
// The pages as served, with the keys given to their partials (a key bg.ts does not have stops the making).
let pages = new Map();
try { pages = renderPages(languages.bg); } catch (e) { problems.push(e.message); }
for (const [name, html] of pages) {
  for (const m of html.matchAll(/data-i18n(?:-aria-label)?="([^"]+)"/g)) use(m[1], name);
}
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { if (path !== join(root, "src/strings")) walk(path); }
    else if (entry.name.endsWith(".ts")) {
      const src = readFileSync(path, "utf8");
      for (const m of src.matchAll(/\bt\(\s*"([a-z0-9_.-]+)"/g)) if (!m[1].endsWith(".")) use(m[1], path.slice(root.length + 1));
    }
  }
}
walk(join(root, "src"));
for (const [key, where] of used) if (!keys.has(key)) problems.push(`${key}: used in ${where}, missing from src/strings/`);

if (problems.length) {
  console.error("UI strings:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`UI strings: ${keys.size} entries in both languages; ${used.size} keys used by name, all present`);
