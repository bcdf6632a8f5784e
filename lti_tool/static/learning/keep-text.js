// Text typed into a field with data-keep is kept in this browser until the tool says it
// is saved, so an expired session or a lost connection never loses it. Keyed by the
// field's data-keep (learner, module, step); removed when the page says "saved"
// (data-saved) or shows the same text. Without localStorage the page works as before.
// On a shared computer a text nobody came back for is not kept for the next person:
// every kept text older than KEEP_MS is removed, whoever's it was.
(function () {
  "use strict";
  var PREFIX = "werkbegeleiding.tekst.";
  var KEEP_MS = 12 * 60 * 60 * 1000;
  var storage;
  try {
    storage = window.localStorage;
    storage.getItem(PREFIX);
  } catch (error) {
    return;
  }

  // Stored as {"t": when, "v": text}; anything else (or too old) is dropped.
  function read(key) {
    var entry;
    try {
      entry = JSON.parse(storage.getItem(key));
    } catch (error) {
      entry = null;
    }
    if (!entry || typeof entry.v !== "string" || typeof entry.t !== "number" ||
        Date.now() - entry.t > KEEP_MS) {
      storage.removeItem(key);
      return null;
    }
    return entry.v;
  }

  for (var k = storage.length - 1; k >= 0; k--) {
    var name = storage.key(k);
    if (name && name.indexOf(PREFIX) === 0) {
      read(name);
    }
  }

  function plain(text) {
    return text.replace(/\r\n/g, "\n").trim();
  }

  function announce(message) {
    var region = document.getElementById("resultaat");
    if (!region || !message) {
      return;
    }
    var note = document.createElement("p");
    note.className = "feedback ask";
    note.setAttribute("data-kept", "");
    note.textContent = message;
    // A moment after loading, so screen readers notice the change in the live region.
    window.setTimeout(function () { region.appendChild(note); }, 250);
  }

  var fields = document.querySelectorAll("textarea[data-keep]");
  for (var i = 0; i < fields.length; i++) {
    (function (field) {
      var key = PREFIX + field.getAttribute("data-keep");
      var kept = read(key);
      if (kept !== null) {
        if (field.hasAttribute("data-saved") || plain(kept) === plain(field.value)) {
          storage.removeItem(key);
        } else {
          field.value = kept;
          announce(field.getAttribute("data-kept-message"));
        }
      }
      field.addEventListener("input", function () {
        if (plain(field.value) === "") {
          storage.removeItem(key);
        } else {
          storage.setItem(key, JSON.stringify({t: Date.now(), v: field.value}));
        }
      });
    })(fields[i]);
  }
})();
