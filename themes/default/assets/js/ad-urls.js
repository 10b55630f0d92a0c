// The copy buttons of the tables of landing pages: each copies the ad URL
// of its row. Without JavaScript the buttons stay hidden and the addresses
// can be selected by hand.
document.querySelectorAll("[data-copy]").forEach(function (b) {
  var input = document.getElementById(b.getAttribute("data-copy"));
  b.hidden = false;
  b.addEventListener("click", function () {
    input.select();
    var done = function () {
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = "Copy"; }, 1500);
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
});
