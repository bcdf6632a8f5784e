/* Talks to the LMS: SCORM 1.2 (window.API) or SCORM 2004 (window.API_1484_11).
 *
 * The mapping from the module's progress to cmi values lives in report() and nowhere
 * else; scorm_export/README.md writes it down. Without an API (the package opened from
 * disk or a plain web server) connect() returns an adapter that reports nothing.
 */
(function (global) {
  "use strict";
  var MAX_LEVELS = 7;
  var CMI = {
    "1.2": {
      api: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", finish: "LMSFinish",
      location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", entry: "cmi.core.entry",
      exit: "cmi.core.exit", time: "cmi.core.session_time",
      raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max"
    },
    "2004": {
      api: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue",
      commit: "Commit", finish: "Terminate",
      location: "cmi.location", suspend: "cmi.suspend_data", entry: "cmi.entry",
      exit: "cmi.exit", time: "cmi.session_time",
      raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max"
    }
  };

  function apiIn(win, name) {
    try { return win[name] || null; } catch (error) { return null; }  // a cross-origin frame
  }

  function parentOf(win) {
    try { return win.parent && win.parent !== win ? win.parent : null; } catch (error) { return null; }
  }

  function searchUp(start, name) {
    var win = start;
    for (var level = 0; win && level <= MAX_LEVELS; level++) {
      var api = apiIn(win, name);
      if (api) { return api; }
      win = parentOf(win);
    }
    return null;
  }

  function findApi(name) {
    var api = searchUp(global, name);
    if (api) { return api; }
    var opener = null;
    try { opener = global.opener; } catch (error) { opener = null; }
    return opener ? searchUp(opener, name) : null;
  }

  function pad(value, width) {
    var text = String(value);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  /* SCORM 1.2 CMITimespan HHHH:MM:SS.SS; SCORM 2004 ISO 8601 duration PTnHnMn.nnS. */
  function sessionTime(version, ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = ((centis % 6000) / 100).toFixed(2);
    if (version === "1.2") {
      return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" + pad(seconds, 5);
    }
    return "PT" + hours + "H" + minutes + "M" + seconds + "S";
  }

  function connect(version) {
    var names = CMI[version];
    var api = findApi(names.api);
    var started = Date.now();
    var open = false;
    var finished = false;
    var written = {};
    if (api) {
      try { open = String(api[names.init]("")) === "true"; } catch (error) { open = false; }
    }

    function call(method, key, value) {
      if (!open || finished) { return ""; }
      try {
        var result = value === undefined ? api[method](key) : api[method](key, value);
        return result === null || result === undefined ? "" : String(result);
      } catch (error) {
        return "";
      }
    }

    /* Writes only what changed; true when something did. */
    function set(key, value) {
      var text = String(value);
      if (written[key] === text) { return false; }
      written[key] = text;
      call(names.set, key, text);
      return true;
    }

    function commit() {
      call(names.commit, "");
    }

    function writeTime() {
      set(names.time, sessionTime(version, Date.now() - started));
    }

    /* THE mapping: module progress -> cmi values (see scorm_export/README.md). */
    function report(progress) {
      var changed = false;
      var scoreKnown = progress.complete && progress.scored;
      function put(key, value) { changed = set(key, value) || changed; }
      put(names.location, progress.location);
      put(names.suspend, progress.suspend);
      if (scoreKnown) {
        put(names.min, 0);
        put(names.max, 100);
        put(names.raw, progress.percent);
      }
      if (version === "1.2") {
        put("cmi.core.lesson_status", !progress.complete ? "incomplete"
          : !progress.scored ? "completed" : progress.passed ? "passed" : "failed");
        put(names.exit, progress.complete ? "" : "suspend");
      } else {
        put("cmi.completion_status", progress.complete ? "completed" : "incomplete");
        put("cmi.success_status", !scoreKnown ? "unknown" : progress.passed ? "passed" : "failed");
        put("cmi.progress_measure", progress.measure);
        if (scoreKnown) { put("cmi.score.scaled", progress.percent / 100); }
        put(names.exit, progress.complete ? "normal" : "suspend");
      }
      if (changed) { commit(); }
    }

    /* One answer as cmi.interactions.n (appended, as a journal): the kind gives
     * {id, type, correct, weighting, response, patterns} in SCORM 2004's notation and
     * response12/patterns12 in SCORM 1.2's (single characters). */
    function interaction(record) {
      if (!open || finished) { return; }
      var v12 = version === "1.2";
      var n = parseInt(call(names.get, "cmi.interactions._count"), 10) || 0;
      var base = "cmi.interactions." + n + ".";
      var now = new Date();
      call(names.set, base + "id", record.id);
      call(names.set, base + "type", record.type);
      if (!v12 && record.description) { call(names.set, base + "description", record.description.slice(0, 250)); }
      (v12 ? record.patterns12 : record.patterns).forEach(function (pattern, k) {
        call(names.set, base + "correct_responses." + k + ".pattern", pattern);
      });
      call(names.set, base + "weighting", record.weighting);
      call(names.set, base + (v12 ? "student_response" : "learner_response"), v12 ? record.response12 : record.response);
      call(names.set, base + "result", record.correct ? "correct" : v12 ? "wrong" : "incorrect");
      call(names.set, base + (v12 ? "time" : "timestamp"), v12
        ? pad(now.getHours(), 2) + ":" + pad(now.getMinutes(), 2) + ":" + pad(now.getSeconds(), 2)
        : now.toISOString().slice(0, 19));
      commit();
    }

    function checkpoint() {
      writeTime();
      commit();
    }

    function finish() {
      if (!open || finished) { return; }
      writeTime();
      commit();
      call(names.finish, "");
      finished = true;
    }

    return {
      connected: open,
      version: version,
      entry: function () { return call(names.get, names.entry); },
      location: function () { return call(names.get, names.location); },
      suspendData: function () { return call(names.get, names.suspend); },
      report: report,
      interaction: interaction,
      checkpoint: checkpoint,
      finish: finish
    };
  }

  global.ScoLms = { connect: connect, sessionTime: sessionTime };
})(window);
