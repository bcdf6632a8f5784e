// LTI Platform Storage (client-side postMessages): keep the login state in the
// platform's window (lti.put_data) and read it back at launch (lti.get_data), for
// browsers that keep no cookies for the tool inside the LMS iframe.
(function () {
  var el = document.getElementById("platform-storage");
  if (!el) { return; }
  var mode = el.getAttribute("data-mode");
  var origin = el.getAttribute("data-platform-origin");
  var key = el.getAttribute("data-key");
  var targetName = el.getAttribute("data-target");
  var messageId = "wb-" + Math.random().toString(36).slice(2);
  var finished = false;

  function target() {
    if (targetName === "_parent" || !targetName) { return window.parent; }
    try { return window.parent.frames[targetName] || window.parent; } catch (e) { return window.parent; }
  }

  function finish(value) {
    if (finished) { return; }
    finished = true;
    if (mode === "put") {
      window.location.href = el.getAttribute("data-next");
      return;
    }
    var field = document.getElementById("platform-storage-value");
    if (typeof value === "string") { field.value = value; field.disabled = false; }
    document.getElementById("platform-storage-form").submit();
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) { return; }
    var data = event.data;
    if (!data || data.message_id !== messageId) { return; }
    finish(data.error ? undefined : data.value);
  });

  var message = { subject: "lti." + mode + "_data", message_id: messageId, key: key };
  if (mode === "put") { message.value = el.getAttribute("data-value"); }
  target().postMessage(message, origin);
  // No answer: carry on; the state cookie may still bind the browser.
  window.setTimeout(function () { finish(undefined); }, 3000);
})();
