// One view beacon per page load, once the page has loaded and is visible
// (not while prerendered or opened in a background tab): the page, its
// variant, the ad's source and campaign, and the host that linked here.
// No cookie, nothing stored in the browser. Without JavaScript nothing is
// sent, and nothing else on the page depends on it. go runs once from the
// load event, and again only from the one visibilitychange listener a
// hidden page adds, so the beacon goes once.
(function (s) {
  var d = s.dataset;
  function go() {
    if (!navigator.sendBeacon) return;
    if (document.visibilityState != "visible") return addEventListener("visibilitychange", go, { once: true });
    var q = new URLSearchParams(location.search), b = new URLSearchParams({ p: d.p, v: d.v }), r = "";
    if (q.get("utm_source")) b.set("s", q.get("utm_source"));
    if (q.get("utm_campaign")) b.set("c", q.get("utm_campaign"));
    try { r = new URL(document.referrer).hostname; } catch (e) { /* no referrer */ }
    if (r && r != location.hostname) b.set("r", r);
    navigator.sendBeacon(d.u, b);
  }
  if (document.readyState == "complete") go(); else addEventListener("load", go, { once: true });
})(document.currentScript);
