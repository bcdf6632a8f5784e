// Optional help for the module player; every page works without it.
// After an answer the page opens at #resultaat, and a page that asks about an
// answer not yet sent shows the question there: move focus to it so screen readers
// read it first.
(function () {
  "use strict";
  var region = document.getElementById("resultaat");
  if (!region || (window.location.hash !== "#resultaat" && !region.querySelector("[data-ask]"))) {
    return;
  }
  if (region.textContent.trim() !== "") {
    region.focus();
  }
})();

// Tell the tool (once per page) that a video or podcast was started, for the
// organisation's learning records. Nothing depends on the answer.
(function () {
  "use strict";
  var section = document.querySelector("[data-played-url]");
  if (!section || !navigator.sendBeacon) {
    return;
  }
  var media = section.querySelectorAll("video, audio");
  var sent = false;
  function played(event) {
    if (sent) { return; }
    sent = true;
    var data = new FormData();
    data.append("lt", section.getAttribute("data-lt"));
    data.append("time", String(event.target.currentTime || 0));
    navigator.sendBeacon(section.getAttribute("data-played-url"), data);
  }
  for (var i = 0; i < media.length; i++) {
    media[i].addEventListener("play", played);
  }
})();
