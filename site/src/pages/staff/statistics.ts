/**
 * Staff statistics (`GET /api/staff/statistics?month=&unit=`): for a month, what each unit received and by which
 * channel, how long the first action and the close took (per unit, and per clerk for operators), and what is open
 * now by age. The unit is the view's (the whole city for operators); the same as CSV.
 */
import { problemMessage } from "../../api";
import { $, clear, fmtInt, setNotice } from "../../dom";
import { t } from "../../i18n";
import { authRequest } from "../../session";
import { buildTable } from "../home";
import { downloadCsv } from "./download";
import type { StaffState } from "./state";

interface Timed { count: number; mean_hours?: number | null }
interface Statistics {
  month: string;
  units: Record<string, Record<string, Timed>>;
  clerks: Record<string, Record<string, Timed>>;
  channels: Record<string, number>;
  ageing: Record<string, Record<string, number>>;
}

const BANDS = ["0-7", "8-30", "31-90", "91-180", "181+"];

function thisMonth(): string {
  const d = new Date();
  return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0");
}

export function initStatistics(s: StaffState) {
  const monthIn = $<HTMLInputElement>("stats-month");
  if (!monthIn.value) monthIn.value = thisMonth();
  let last: Statistics | null = null;

  function query(): string {
    const q = new URLSearchParams();
    if (/^\d{4}-\d{2}$/.test(monthIn.value)) q.set("month", monthIn.value);
    if (s.unit) q.set("unit", s.unit);
    return q.toString();
  }

  async function loadStatistics() {
    const line = $("stats-status");
    line.textContent = t("stats.loading");
    const res = await authRequest<Statistics>("/api/staff/statistics?" + query());
    if (res.signedOut) return;
    setNotice($("stats-error"), res.ok ? null : problemMessage(res));
    last = res.ok && res.data ? res.data : null;
    line.textContent = last ? t("stats.shown", { month: last.month }) : "";
    renderStatistics();
  }

  function timed(cell: Timed | undefined): [string, string] {
    if (!cell) return ["0", "—"];
    return [fmtInt(cell.count), cell.mean_hours === null || cell.mean_hours === undefined ? "—" : fmtInt(cell.mean_hours)];
  }

  function renderStatistics() {
    const box = $("stats-box");
    clear(box);
    if (!last) return;
    const data = last;
    const units = Object.keys(data.ageing).concat(Object.keys(data.units.filed || {})).filter(function (u, i, all) { return all.indexOf(u) === i; }).sort();
    const unitRows = units.map(function (unit) {
      const filed = data.units.filed && data.units.filed[unit] ? fmtInt(data.units.filed[unit].count) : "0";
      const first = timed(data.units.first_action && data.units.first_action[unit]);
      const closed = timed(data.units.closed && data.units.closed[unit]);
      const ages = BANDS.map(function (b) { return fmtInt((data.ageing[unit] || {})[b] || 0); });
      return [s.unitName(unit), filed, first[0], first[1], closed[0], closed[1]].concat(ages);
    });
    box.appendChild(buildTable("stats-units", t("stats.units.caption", { month: data.month }),
      [t("stats.col.unit"), t("stats.col.filed"), t("stats.col.first"), t("stats.col.first.hours"), t("stats.col.closed"), t("stats.col.closed.hours")]
        .concat(BANDS.map(function (b) { return t("stats.col.open", { band: b }); })), unitRows, 1));
    const clerks = Object.keys(data.clerks.first_action || {}).concat(Object.keys(data.clerks.closed || {})).filter(function (c, i, all) { return all.indexOf(c) === i; }).sort();
    if (clerks.length) {
      const clerkRows = clerks.map(function (clerk) {
        const first = timed(data.clerks.first_action && data.clerks.first_action[clerk]);
        const closed = timed(data.clerks.closed && data.clerks.closed[clerk]);
        return [clerk === "-" ? t("stats.nobody") : clerk, first[0], first[1], closed[0], closed[1]];
      });
      box.appendChild(buildTable("stats-clerks", t("stats.clerks.caption"),
        [t("stats.col.clerk"), t("stats.col.first"), t("stats.col.first.hours"), t("stats.col.closed"), t("stats.col.closed.hours")], clerkRows, 1));
    }
    const channels = Object.keys(data.channels).sort();
    if (channels.length) {
      box.appendChild(buildTable("stats-channels", t("stats.channels.caption"), [t("stats.col.channel"), t("stats.col.filed")],
        channels.map(function (c) { return [t("channel." + c), fmtInt(data.channels[c])]; }), 1));
    }
  }

  $("stats-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    loadStatistics();
  });
  $("stats-csv").addEventListener("click", function (ev) {
    ev.preventDefault();
    downloadCsv("/api/staff/statistics?format=csv&" + query(), "kc-sofia-statistics-" + monthIn.value + ".csv", $("stats-csv-status"));
  });

  return { renderStatistics, loadStatistics };
}
