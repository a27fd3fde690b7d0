/* The book is a printed report: always the light theme, whatever a visitor stored for another
   book on this server or the system prefers (the theme reads data-mode when the page loads). */
document.documentElement.dataset.mode = "light";
document.documentElement.dataset.theme = "light";

/* vega describes each chart to screen readers in English ("visualization", "rect mark
   container", "Title text '…'"), even with aria off in the chart config (the title ignores it).
   Every chart of the book is named in Chinese by its description: the container is called 图表,
   a title keeps its own text, other English descriptions are dropped, as vega draws them. */
document.addEventListener("DOMContentLoaded", function () {
  var english = /[A-Za-z]{2,}/;
  function clean(chart) {
    [chart].concat(Array.from(chart.querySelectorAll("[aria-roledescription], [aria-label]"))).forEach(function (el) {
      var role = el.getAttribute("aria-roledescription"), label = el.getAttribute("aria-label"), title;
      if (role === "visualization") el.setAttribute("aria-roledescription", "图表");
      else if (role && english.test(role)) el.removeAttribute("aria-roledescription");
      if (label && english.test(label)) {
        title = /^Title text '(.*)'$/.exec(label);
        if (title && !english.test(title[1])) el.setAttribute("aria-label", title[1]);
        else el.removeAttribute("aria-label");
      }
    });
  }
  document.querySelectorAll(".selfeval-chart").forEach(function (chart) {
    clean(chart);
    new MutationObserver(function () { clean(chart); }).observe(chart, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["aria-roledescription", "aria-label"] });
  });
});

/* A table wider than its column scrolls inside its output box (on a phone: the comparison tables,
   the 一览表, the 自评表). Mark such boxes, so that the stylesheet says they scroll sideways and
   shades the edge with more to see; re-checked when the window is resized or turned. */
document.addEventListener("DOMContentLoaded", function () {
  var boxes = Array.from(document.querySelectorAll(".output.text_html")).filter(function (box) {
    return box.querySelector("table.selfeval, table.selfeval-form");
  });
  function mark() {
    boxes.forEach(function (box) { box.classList.toggle("selfeval-scrolls", box.scrollWidth > box.clientWidth + 1); });
  }
  mark();
  window.addEventListener("resize", mark);
});
