/* Year switcher of a selfeval book: every published year, this year's PDF, the landing page.
 *
 * The list of years is not in the book: it is public/years.js, which every build rewrites
 * with the landing page, so a year published later shows up here without rebuilding this
 * book. A page opened from disk (file://) may not fetch() JSON but may load a script, so the
 * list is a script defining window.SELFEVAL_YEARS, added here as a <script> element.
 *
 * Everything is located from this file's own URL, <public>/<year>/html/_static/year-switcher.js,
 * so it works at any page depth, from disk and from any server, with no network.
 * Data never becomes markup: elements are created and their text set with textContent;
 * links are built from checked relative paths only.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.src) {
    return;
  }
  var htmlRoot = new URL("../", me.src);
  var yearRoot = new URL("../", htmlRoot);
  var publicRoot = new URL("../", yearRoot);
  var thisYear = decodeURIComponent(yearRoot.pathname.replace(/\/$/, "").split("/").pop() || "");
  var YEAR = /^[0-9]{4}$/;
  var PAGE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.html$/;
  var PDF = /^[0-9]{4}\/[A-Za-z0-9%._~-]+\.pdf$/;

  function currentPage() {
    var here = new URL(window.location.href);
    here.hash = "";
    here.search = "";
    var rel = here.href.indexOf(htmlRoot.href) === 0 ? here.href.slice(htmlRoot.href.length) : "";
    return rel === "" ? "index.html" : decodeURIComponent(rel);
  }

  function element(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) {
      el.className = cls;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function link(href, cls, text) {
    var a = element("a", cls, text);
    a.href = href;
    return a;
  }

  function targetPage(entry, page) {
    var pages = Array.isArray(entry.pages) ? entry.pages : [];
    if (PAGE.test(page) && pages.indexOf(page) >= 0) {
      return page; // the same chapter in that year
    }
    return typeof entry.first === "string" && PAGE.test(entry.first) ? entry.first : "index.html";
  }

  function build(data) {
    var nav = element("nav", "selfeval-years d-print-none");
    nav.setAttribute("aria-label", "年度切换");
    nav.appendChild(element("span", "selfeval-years-label", "年度"));
    var list = element("span", "selfeval-years-list");
    var page = currentPage();
    var mine = null;
    data.years.forEach(function (entry) {
      var year = String(entry && entry.year);
      if (!YEAR.test(year)) {
        return;
      }
      if (year === thisYear) {
        mine = entry;
        var current = element("span", "selfeval-year current", year);
        current.setAttribute("aria-current", "page");
        list.appendChild(current);
        return;
      }
      var a = link(new URL(year + "/html/" + targetPage(entry, page), publicRoot).href, "selfeval-year", year);
      if (typeof entry.title === "string" && entry.title) {
        a.title = entry.title;
      }
      list.appendChild(a);
    });
    nav.appendChild(list);
    var more = element("span", "selfeval-years-links");
    if (mine && typeof mine.pdf === "string" && PDF.test(mine.pdf) && mine.pdf.indexOf(thisYear + "/") === 0) {
      more.appendChild(link(new URL(mine.pdf, publicRoot).href, "selfeval-years-pdf", "本年度PDF"));
    }
    more.appendChild(link(new URL("index.html", publicRoot).href, "selfeval-years-home", "全部年度"));
    nav.appendChild(more);
    return nav;
  }

  function place(nav) {
    // first thing of the article, on every page and at every width (the header bar has no room on a phone)
    var article = document.querySelector("article.bd-article") || document.body;
    article.insertBefore(nav, article.firstChild);
  }

  function render() {
    var data = window.SELFEVAL_YEARS;
    if (!data || !Array.isArray(data.years) || document.querySelector("nav.selfeval-years")) {
      return;
    }
    place(build(data));
  }

  function whenReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // years.js relative to the page, as Sphinx wrote this script's own src ("../_static/…" → "../../../years.js");
  // a version from the clock, so a server's cache never serves an old list
  var own = me.getAttribute("src") || "";
  var up = own.replace(/_static\/year-switcher\.js(\?.*)?$/, "");
  var where = /^(\.\.\/)*$/.test(up) && up !== own ? up + "../../years.js" : new URL("years.js", publicRoot).href;
  var list = document.createElement("script");
  list.setAttribute("src", where + "?v=" + Date.now().toString(16));
  list.onload = function () {
    whenReady(render);
  };
  document.head.appendChild(list);
})();
