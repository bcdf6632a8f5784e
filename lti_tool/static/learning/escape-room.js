/* The escape room as a game on top of the server-rendered room (which works without it).
 *
 * EscapeRoom.enhance(room, openId): the objects in the drawing become buttons that open
 * one puzzle at a time ("Terug naar de kamer" or Escape goes back), and the optional
 * countdown ticks. The SCORM runtime (runtime/blocks/escape_room.js) calls it on every
 * view it renders. In the player (a room with data-team-url) this file also sends the
 * room's forms in the background, swaps in the new room, says what changed in a live
 * region, and, in a team, asks every few seconds whether a teammate changed the room.
 */
(function (global) {
  "use strict";
  var POLL_MS = 4000;

  function texts(room) {
    try { return JSON.parse(room.getAttribute("data-texts") || "{}"); } catch (e) { return {}; }
  }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }
  function speaker(room) {
    var id = "room-say-" + room.getAttribute("data-room");
    var region = document.getElementById(id);
    if (!region) {
      region = document.createElement("div");
      region.id = id;
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      room.parentNode.insertBefore(region, room.nextSibling);
    }
    return region;
  }
  function say(room, message) {
    if (!message) { return; }
    var region = speaker(room);
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function startClock(room) {
    var clock = room.querySelector("[data-clock]");
    if (!clock || room.getAttribute("data-countdown") !== "on") { return; }
    var t = texts(room);
    var ends = Date.now() + Number(room.getAttribute("data-remaining") || 0) * 1000;
    var warned = ends <= Date.now();
    function tick() {
      if (!document.body.contains(clock)) { window.clearInterval(timer); return; }
      var left = Math.ceil((ends - Date.now()) / 1000);
      if (left > 0) {
        clock.textContent = fill(t.left, { minutes: Math.floor(left / 60), seconds: ("0" + (left % 60)).slice(-2) });
      } else {
        clock.textContent = t.up;
        clock.classList.add("is-up");
        if (!warned) { warned = true; say(room, t.upLong); }
      }
    }
    var timer = window.setInterval(tick, 1000);
    tick();
  }

  function enhance(room, openId) {
    var list = room.querySelector(".room-objects");
    if (!list) { startClock(room); return null; }
    list.hidden = false;
    room.classList.add("room-js");
    var panels = Array.prototype.slice.call(room.querySelectorAll(".room-panel"));
    var buttons = Array.prototype.slice.call(room.querySelectorAll("[data-open]"));
    panels.forEach(function (panel) {
      panel.hidden = true;
      var back = panel.querySelector(".room-back");
      if (back) { back.hidden = false; }
    });
    function open(id, focus) {
      var shown = null;
      panels.forEach(function (panel) {
        panel.hidden = panel.id !== id;
        if (!panel.hidden) { shown = panel; }
      });
      buttons.forEach(function (button) {
        button.setAttribute("aria-expanded", String(button.getAttribute("data-open") === id));
      });
      room.setAttribute("data-open-panel", shown ? id : "");
      if (shown && focus) { shown.querySelector("h3").focus(); }
      return shown;
    }
    function close() {
      var id = room.getAttribute("data-open-panel");
      open(null, false);
      var button = room.querySelector('[data-open="' + id + '"]');
      if (button) { button.focus(); }
    }
    room.addEventListener("click", function (event) {
      // A click on the drawn thing itself does what its button does (the button is the
      // way in for keyboards and screen readers; the drawing is hidden from them).
      var drawn = event.target.closest && event.target.closest('.room-drawing [class^="obj-"]');
      if (drawn) {
        var spot = room.querySelector(".spot-" + drawn.getAttribute("class").slice(4) + " [data-open]");
        if (spot) { spot.click(); }
        return;
      }
      var opener = event.target.closest("[data-open]");
      if (opener) { open(opener.getAttribute("data-open"), true); return; }
      if (event.target.closest("[data-close]")) { close(); }
    });
    room.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && room.getAttribute("data-open-panel")) { close(); }
    });
    if (openId) { open(openId, false); }
    startClock(room);
    return { open: open, close: close };
  }

  // ---- the player: forms in the background, and the team's poll ---------------------------
  function roomOf(html) {
    return new DOMParser().parseFromString(html, "text/html").querySelector(".escape-room");
  }
  function swap(room, fresh, reason) {
    if (!document.body.contains(room)) {
      room = document.querySelector('.escape-room[data-room="' + room.getAttribute("data-room") + '"]') || room;
    }
    var openId = room.getAttribute("data-open-panel");
    var active = document.activeElement && room.contains(document.activeElement) ? document.activeElement.id : "";
    var typed = {};
    room.querySelectorAll("input[type=text]").forEach(function (input) { if (input.value) { typed[input.id] = input.value; } });
    var before = room.getAttribute("data-finished");
    room.replaceWith(fresh);
    if (reason !== "submit") {
      Object.keys(typed).forEach(function (id) {
        var input = document.getElementById(id);
        if (input && fresh.contains(input)) { input.value = typed[id]; }
      });
    }
    var controls = enhance(fresh, openId);
    player(fresh);
    var t = texts(fresh);
    var ending = fresh.querySelector(".room-ending h3");
    if (ending && before !== "yes") { ending.focus(); say(fresh, ending.textContent); return; }
    var panel = openId ? document.getElementById(openId) : null;
    if (panel && !panel.hidden) {
      var wrong = panel.querySelector("[data-wrong]");
      var solved = panel.querySelector('[data-when="solved"]');
      var hints = panel.querySelectorAll(".hint-box");
      if (reason === "submit") {
        if (wrong) { say(fresh, wrong.textContent); var field = panel.querySelector("input[type=text]"); if (field) { field.focus(); } return; }
        if (solved) { panel.querySelector("h3").focus(); say(fresh, solved.textContent); return; }
        if (hints.length) { var last = hints[hints.length - 1]; last.setAttribute("tabindex", "-1"); last.focus(); say(fresh, last.textContent); return; }
      }
    } else if (reason === "submit" && controls) {
      var first = fresh.querySelector("[data-open]") || fresh.querySelector("#resultaat");
      if (first) { first.focus(); }
    }
    var region = fresh.querySelector("#resultaat");
    if (reason === "submit" && region && region.textContent.trim()) { say(fresh, region.textContent.trim()); }
    if (reason === "team") {
      var solvedCount = fresh.querySelector('[data-stat="solved"]');
      say(fresh, fill(t.team, { solved: solvedCount ? solvedCount.textContent : "0" }));
    }
    if (active && reason !== "submit") {
      var again = document.getElementById(active);
      if (again && fresh.contains(again) && again.offsetParent !== null) { again.focus(); }
    }
  }
  function reload(room, reason) {
    return fetch(window.location.pathname + window.location.search, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) { var fresh = roomOf(html); if (fresh && document.body.contains(room)) { swap(room, fresh, reason); } });
  }
  function player(room) {
    room.addEventListener("submit", function (event) {
      var form = event.target;
      if (!window.fetch || !window.DOMParser) { return; }
      event.preventDefault();
      room.setAttribute("data-busy", "yes");
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = roomOf(html);
          if (!fresh) { throw new Error("no room"); }
          swap(room, fresh, "submit");
        })
        .catch(function () { form.submit(); });
    });
    var url = room.getAttribute("data-team-url");
    if (room.hasAttribute("data-team") && url) {
      var known = room.getAttribute("data-team-version");
      var poll = url.replace(/\/team(\?|$)/, "/team.json$1");
      var timer = window.setInterval(function () {
        if (!document.body.contains(room)) { window.clearInterval(timer); return; }
        if (room.hasAttribute("data-busy")) { return; }
        fetch(poll, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (String(data.version) !== known && document.body.contains(room)) {
              window.clearInterval(timer);
              reload(room, "team");
            }
          })
          .catch(function () { /* offline for a moment: try again at the next tick */ });
      }, POLL_MS);
    }
  }

  global.EscapeRoom = { enhance: enhance, say: say, fill: fill, texts: texts };
  document.querySelectorAll(".escape-room[data-team-url]").forEach(function (room) {
    enhance(room, null);
    player(room);
  });
})(window);
