(function () {
  // Live reload for journey serve: reload when this page changed, swap the
  // inline styles when only stylesheets changed, keep the scroll position,
  // and show a failed build's errors over the last good page.
  var me = document.currentScript, base = me.getAttribute("data-journey-base") || "/";
  var key = "journey-scroll:" + location.pathname, overlay = null;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = +saved;
    window.scrollTo(0, y);
    addEventListener("load", function () { window.scrollTo(0, y); });
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "journey-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:16px 20px;background:#1d0f10;color:#ffe1e1;border-top:4px solid #e5484d;" +
        "font:13px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Build failed. This page shows the last good build.\n\n" + lines.join("\n");
  }
  function clearErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapStyles() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelectorAll("head style");
      var old = document.querySelectorAll("head style");
      if (fresh.length !== old.length) { reload(); return; }
      old.forEach(function (s, i) { s.textContent = fresh[i].textContent; });
    }, reload);
  }
  var events = new EventSource(base + "__journey/events");
  events.onopen = function () { window.journeyLive = true; };
  events.onmessage = function (m) {
    var e = JSON.parse(m.data);
    if (e.type === "error") { showErrors(e.errors || []); return; }
    clearErrors();
    if (e.type === "css") { swapStyles(); return; }
    if (e.type === "reload" && e.pages && (e.pages.indexOf("*") >= 0 || e.pages.indexOf(location.pathname) >= 0)) {
      reload();
    }
  };
})();
