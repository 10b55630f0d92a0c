// The journey map's view, overview or detailed, is a pair of radio
// buttons that the stylesheet reads, so it works without JavaScript. This
// script only remembers the reader's choice for the next journey page.
(function () {
  var key = "journey-map-view";
  var saved = null;
  try {
    saved = localStorage.getItem(key);
  } catch (e) {}
  document.querySelectorAll('input[name="map-view"]').forEach(function (r) {
    if (r.value === saved) {
      r.checked = true;
    }
    r.addEventListener("change", function () {
      try {
        localStorage.setItem(key, r.value);
      } catch (e) {}
    });
  });
})();
