// LTI Platform Storage (Client Side postMessages): the launch page keeps small values
// for the tool framed below it, so the tool can do without third-party cookies.
// Answers lti.capabilities, lti.put_data and lti.get_data (and their
// org.imsglobal.lti.* names) from the tool's origin only, replying to that origin only.
(function () {
  "use strict";
  var frame = document.querySelector("iframe[data-tool-origin]");
  if (!frame) {
    return;
  }
  var toolOrigin = frame.getAttribute("data-tool-origin");
  var prefix = "devlms.lti-storage:" + toolOrigin + ":";
  var memory = {};
  var PREFIXES = ["lti.", "org.imsglobal.lti."];
  var MAX_VALUE_LENGTH = 4096;

  function store(key, value) {
    try {
      window.sessionStorage.setItem(prefix + key, value);
    } catch (error) {
      memory[key] = value;
    }
  }

  function load(key) {
    var value = null;
    try {
      value = window.sessionStorage.getItem(prefix + key);
    } catch (error) {
      value = null;
    }
    if (value === null && Object.prototype.hasOwnProperty.call(memory, key)) {
      value = memory[key];
    }
    return value;
  }

  function split(subject) {
    for (var i = 0; i < PREFIXES.length; i += 1) {
      if (typeof subject === "string" && subject.indexOf(PREFIXES[i]) === 0) {
        return { prefix: PREFIXES[i], name: subject.slice(PREFIXES[i].length) };
      }
    }
    return null;
  }

  function capabilities() {
    var supported = [];
    PREFIXES.forEach(function (name) {
      supported.push({ subject: name + "capabilities" });
      supported.push({ subject: name + "put_data", frame: "_parent" });
      supported.push({ subject: name + "get_data", frame: "_parent" });
    });
    return supported;
  }

  function validKey(key) {
    return typeof key === "string" && key.length > 0 && key.length <= 255;
  }

  function answer(data) {
    var parts = split(data.subject);
    var reply = { subject: data.subject + ".response", message_id: data.message_id };
    var bad = function (message) {
      reply.error = { code: "bad_request", message: message };
      return reply;
    };
    if (!parts || ["capabilities", "put_data", "get_data"].indexOf(parts.name) < 0) {
      reply.error = { code: "unsupported_subject", message: "Unsupported subject" };
      return reply;
    }
    if (parts.name === "capabilities") {
      reply.supported_messages = capabilities();
      return reply;
    }
    if (!validKey(data.key)) {
      return bad("key must be a non-empty string of at most 255 characters");
    }
    reply.key = data.key;
    if (parts.name === "put_data") {
      if (typeof data.value !== "string" || data.value.length > MAX_VALUE_LENGTH) {
        return bad("value must be a string of at most " + MAX_VALUE_LENGTH + " characters");
      }
      store(data.key, data.value);
      reply.value = data.value;
      return reply;
    }
    var value = load(data.key);
    if (value === null) {
      return bad("There is no value stored for this key");
    }
    reply.value = value;
    return reply;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        return;
      }
    }
    if (!data || typeof data !== "object" || typeof data.subject !== "string") {
      return;
    }
    if (event.origin !== toolOrigin || !event.source) {
      return; // only the tool's own origin may use its storage
    }
    if (/\.response$/.test(data.subject) || !split(data.subject)) {
      return; // not a request for us (other postMessage conversations pass by)
    }
    event.source.postMessage(answer(data), toolOrigin);
  });
})();
