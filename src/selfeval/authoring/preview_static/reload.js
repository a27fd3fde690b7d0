/* selfeval preview: reload the page when the book was rebuilt; show a failed rebuild's one-line
   error above the last good book. Added to pages only by the preview server, never written into
   the book. The message is data: it goes in as text (textContent), never as markup. */
(function () {
  "use strict";
  var banner = null;
  function show(text, kind) {
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "selfeval-preview-banner";
      banner.setAttribute("role", "status");
      banner.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:2147483647;padding:.6em 1em;" +
        "font:14px/1.5 'Noto Sans CJK SC',sans-serif;white-space:pre-wrap;word-break:break-all;box-shadow:0 2px 6px rgba(0,0,0,.25)";
      document.body.appendChild(banner);
    }
    banner.dataset.kind = kind;
    banner.style.background = kind === "error" ? "#fde2e1" : "#fff4ce";
    banner.style.color = kind === "error" ? "#8a1c14" : "#5c4400";
    banner.textContent = text;
  }
  function hide() {
    if (banner) { banner.remove(); banner = null; }
  }
  var source = new EventSource("/__preview/events");
  source.addEventListener("building", function (e) { show(e.data, "building"); });
  source.addEventListener("error", function (e) { if (e.data) { show(e.data, "error"); } });
  source.addEventListener("ok", function () { hide(); });
  source.addEventListener("reload", function () { source.close(); window.location.reload(); });
})();
