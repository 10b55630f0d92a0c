// Landing pages, progressive enhancement: keep the visit's UTM parameters
// and put them in the forms' hidden fields, and show URL parameters in the
// placeholders the page allows (data-dtr), as text and cut short. The
// page works, and its forms submit, without this script.
(function () {
  var KEY = "journey-utm", MAX = 60;
  var names = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
  var q = new URLSearchParams(location.search), kept = {};
  try { kept = JSON.parse(sessionStorage.getItem(KEY)) || {}; } catch (e) { kept = {}; }
  names.forEach(function (n) { var v = q.get(n); if (v) kept[n] = v.slice(0, 200); });
  try { sessionStorage.setItem(KEY, JSON.stringify(kept)); } catch (e) { /* storage off: this page still gets them */ }
  document.querySelectorAll("input[data-utm]").forEach(function (i) {
    if (kept[i.name]) i.value = kept[i.name];
  });
  // How long the visitor spent on the page before sending, measured on
  // this clock alone: a person takes seconds, a bot milliseconds.
  var loaded = Date.now();
  document.querySelectorAll("input[data-loaded]").forEach(function (i) {
    i.form.addEventListener("submit", function () { i.value = String(Date.now() - loaded); });
  });
  // Forms posting to journey collect: send in the background, try again
  // while the collector is busy or unreachable, then go to the thank-you
  // page. Without this script the plain form post still works.
  document.querySelectorAll("form[data-retry]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.fetch || !window.URLSearchParams) return;
      ev.preventDefault();
      var button = form.querySelector("button"), tries = 0;
      if (button) button.disabled = true;
      // One key for every try of this sending, so that a try whose answer
      // was lost is not stored twice.
      var key = form.querySelector("input[name=_k]");
      if (!key) {
        key = document.createElement("input");
        key.type = "hidden"; key.name = "_k";
        form.appendChild(key);
      }
      key.value = Date.now().toString(36) + Math.random().toString(36).slice(2);
      var body = new URLSearchParams(new FormData(form));
      function send() {
        tries++;
        fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" } })
          .then(function (r) {
            // Stored: go to the thank-you page the collector names. If its
            // answer cannot be read, the plain post (same key, so not
            // stored twice) gets the collector's redirect instead.
            if (r.status === 201) {
              return r.json().then(function (j) {
                if (typeof j.next === "string" && /^(https?:\/\/|\/(?!\/))/.test(j.next)) location.href = j.next;
                else form.submit();
              }, function () { form.submit(); });
            }
            if ((r.status === 503 || r.status === 429) && tries < 5) { setTimeout(send, 1000 * tries); return; }
            form.submit(); // let the collector's page explain
          }, function () { if (tries < 5) setTimeout(send, 1000 * tries); else form.submit(); });
      }
      send();
    });
  });
  document.querySelectorAll("[data-dtr]").forEach(function (el) {
    var v = q.get(el.getAttribute("data-dtr")) || kept[el.getAttribute("data-dtr")] || "";
    v = v.replace(/\s+/g, " ").trim().slice(0, MAX);
    if (v) el.textContent = v;
  });
})();
