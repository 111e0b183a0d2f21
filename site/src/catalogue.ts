/**
 * The catalogue (categories, types, topics, units, districts, and the labels of every status and kind), fetched
 * once per page, and names looked up in it. The status and kind labels exist only there: pages that show them
 * wait for the catalogue before their first render (main.ts), and fall back to the id if it cannot be loaded.
 */
import type { ApiResult } from "./api";
import type { Catalogue, SignalCategory } from "./types";
import { request } from "./api";
import { pick, t } from "./i18n";

// ---------------------------------------------------------- catalogue
export interface CatalogueAnswer {
  catalogue: Catalogue | null;
  result: ApiResult;
}

let cataloguePromise: Promise<CatalogueAnswer> | null = null;
/** The catalogue once loaded, for the labels. */
let loaded: Catalogue | null = null;

/** The catalogue, fetched once per page. Resolves to {catalogue, result}; catalogue is null on failure. */
export function getCatalogue(): Promise<CatalogueAnswer> {
  if (!cataloguePromise) {
    const loading = request<Catalogue>("/api/catalogue").then(function (res) {
      const catalogue = res.ok && res.data && typeof res.data === "object" && Array.isArray(res.data.units) ? res.data : null;
      if (!catalogue) cataloguePromise = null; // let a later call try again
      else loaded = catalogue;
      return { catalogue: catalogue, result: res };
    });
    cataloguePromise = loading;
    return loading;
  }
  return cataloguePromise;
}

export function findById<X extends { id: string }>(list: X[] | null | undefined, id: string | null | undefined): X | null {
  if (!Array.isArray(list)) return null;
  for (let i = 0; i < list.length; i++) if (list[i] && list[i].id === id) return list[i];
  return null;
}

export function catCategory(cat: Catalogue | null, id: string | null | undefined): SignalCategory | null { return cat ? findById(cat.signal_categories, id) : null; }

export function catCategoryName(cat: Catalogue | null, id: string | null | undefined): string {
  const c = catCategory(cat, id);
  return (c && pick(c.name)) || String(id || "");
}

export function catTypeName(cat: Catalogue | null, categoryId: string | null | undefined, typeId: string | null | undefined): string {
  const c = catCategory(cat, categoryId);
  const ty = c ? findById(c.types, typeId) : null;
  return (ty && pick(ty.name)) || String(typeId || "");
}

export function catDistrictName(cat: Catalogue | null, id: string | null | undefined): string {
  if (!id) return "";
  if (id === "unknown") return t("district.unknown");
  const d = cat ? findById(cat.districts, id) : null;
  return (d && pick(d.name)) || String(id);
}

export function catUnitName(cat: Catalogue | null, id: string | null | undefined): string {
  const u = cat ? findById(cat.units, id) : null;
  return (u && pick(u.name)) || String(id || "");
}

/** The name of a status (`new`, `resolved`, …) in the current language, from the catalogue; the id until it is loaded. */
export function statusLabel(id: unknown): string {
  const s = loaded ? findById(loaded.statuses, String(id || "")) : null;
  return (s && pick(s.name)) || String(id || "");
}

/** The name of a kind of document (`signal`, `letter`, …) in the current language, from the catalogue; the id until it is loaded. */
export function kindLabel(id: unknown): string {
  const k = loaded ? findById(loaded.kinds, String(id || "")) : null;
  return (k && pick(k.name)) || String(id || "");
}

/** The id used for a unit's anchor on units.html. */
export function unitAnchor(id: string | null | undefined): string {
  return "unit-" + String(id || "").replace(/[^A-Za-z0-9_-]/g, "");
}
