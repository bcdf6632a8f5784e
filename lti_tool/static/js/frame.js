// The tool inside the LMS's iframe.
//
// Focus: a new document in a frame leaves keyboard focus nowhere useful (screen readers and
// the Tab key start again in the LMS page around the frame). When a page was reached by a
// link or form inside the tool, focus goes to the page's main heading (or to the #fragment
// the link pointed at). Not on the first page of a launch: the learner is still on the LMS
// page then, and pulling focus (and scrolling) into the frame would surprise them.
// (Storage cannot carry "came from inside": a cross-site frame without third-party
// cookies has no sessionStorage either; the server's data-arrived-inside does.)
//
// Height: the page asks the LMS for the height it needs with the LTI "lti.frameResize"
// message (Canvas honours it; Moodle ignores it, and then the frame simply scrolls).
(function () {
  "use strict";
  var framed = window.parent !== window;

  function target() {
    if (window.location.hash.length > 1) {
      var byHash = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (byHash) { return byHash; }
    }
    return document.querySelector("main h1") || document.querySelector("h1");
  }

  function focusTarget() {
    var element = target();
    if (!element) { return; }
    if (!element.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  if (!framed) { return; }

  // The server marks a page the browser fetched from the tool itself (Sec-Fetch-Site:
  // same-origin); a launch comes through the LMS's cross-site form post and is not marked.
  if (document.body.hasAttribute("data-arrived-inside")) { focusTarget(); }

  var lastHeight = 0;
  function askHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== lastHeight) {
      lastHeight = height;
      // The height is no secret; the LMS's origin is not known to the tool.
      window.parent.postMessage({ subject: "lti.frameResize", height: height }, "*");
    }
  }
  askHeight();
  window.addEventListener("load", askHeight);
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(askHeight).observe(document.body);
  } else {
    window.addEventListener("resize", askHeight);
  }
}());
