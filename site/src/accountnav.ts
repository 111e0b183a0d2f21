/** The header's account links: sign in / register, or the name, My signals, Subscriptions, Profile, the staff console (by role) and sign out. */
import { $, clear, el } from "./dom";
import { onLangChange, t } from "./i18n";
import { followOtherTabs, idClaims, isSignedIn, loadProfile, loginHref, signOut, staffRoles, storedProfile } from "./session";

// ------------------------------------------------------ header account links
export const AUTH_PAGES: Record<string, boolean> = { "login.html": true, "register.html": true, "confirm.html": true, "forgot.html": true, "reset.html": true };

export function renderAccountNav() {
  const nav = $("account-nav");
  if (!nav) return;
  clear(nav);
  nav.setAttribute("aria-label", t("nav.account"));
  const here = (window.location.pathname.split("/").pop() || "index.html").toLowerCase();
  const list = el("ul", "account-links");
  function add(node: Node, className?: string) {
    const li = el("li", className);
    li.appendChild(node);
    list.appendChild(li);
  }
  function link(id: string, href: string, key: string) {
    const a = el("a", null, t(key));
    a.id = id;
    a.href = href;
    if (href.split("?")[0].toLowerCase() === here) a.setAttribute("aria-current", "page");
    add(a);
  }
  if (isSignedIn()) {
    const profile = storedProfile();
    const name = String((profile && (profile.name || profile.email)) || idClaims().name || idClaims().email || "");
    const who = el("span", "account-name");
    who.id = "account-name";
    who.appendChild(el("span", "visually-hidden", t("nav.signed-in-as") + " "));
    who.appendChild(document.createTextNode(name));
    add(who, "account-who");
    link("nav-my", "my.html", "nav.my");
    link("nav-subscriptions", "subscriptions.html", "nav.subscriptions");
    link("nav-profile", "profile.html", "nav.profile");
    if (staffRoles().staff) link("nav-staff", "staff.html", "nav.staff");
    const out = el("button", "link-button", t("nav.signout"));
    out.type = "button";
    out.id = "nav-signout";
    out.addEventListener("click", function () {
      out.disabled = true;
      signOut();
    });
    add(out);
  } else {
    link("nav-login", AUTH_PAGES[here] ? "login.html" : loginHref(null), "nav.login");
    link("nav-register", "register.html", "nav.register");
  }
  nav.appendChild(list);
}

/** Pages (body data-page) that show a signed-in user's own data: signing out in another tab leaves them. */
const SIGNED_IN_PAGES = ["my", "mydoc", "subscriptions", "profile", "staff", "letter"];

export function initAccountNav() {
  renderAccountNav();
  onLangChange(renderAccountNav);
  followOtherTabs(renderAccountNav, function () {
    return SIGNED_IN_PAGES.indexOf(document.body.dataset.page || "") >= 0;
  });
  if (isSignedIn() && !storedProfile()) {
    loadProfile(false, true).then(renderAccountNav);
  }
}
