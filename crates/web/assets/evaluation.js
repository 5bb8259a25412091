// Acquis — challenge page enhancements. The server decides what counts (a late answer is
// timed out, a left focused page is recorded); this script only shows the time left, reports
// leaving a focused challenge, and carries a simulator's answer into the form.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form) return;
  var focusUrl = form.getAttribute("data-focus-url");
  var challenge = form.getAttribute("data-challenge");
  var csrf = form.getAttribute("data-csrf");

  function show(selector) {
    var el = document.querySelector(selector);
    if (el) el.hidden = false;
  }

  // Countdown from the seconds the server says are left.
  var timer = document.querySelector(".timer[data-remaining]");
  if (timer) {
    var left = parseInt(timer.getAttribute("data-remaining"), 10) || 0;
    var out = timer.querySelector(".countdown");
    var end = Date.now() + left * 1000;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(s / 60);
      out.textContent = (m > 0 ? m + " min " : "") + (s % 60) + " s";
      if (s <= 0) {
        timer.classList.add("over");
        show("[data-timer-expired]");
        return;
      }
      setTimeout(tick, 250);
    };
    tick();
  }

  // Focused challenges: leaving the page (another tab or window, the page hidden) is recorded
  // once, and said as soon as the learner is back.
  if (document.querySelector("[data-focused]")) {
    var reported = false;
    var report = function () {
      if (reported) return;
      reported = true;
      var body = new URLSearchParams({ csrf: csrf, challenge_id: challenge });
      var url = focusUrl;
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
      }
    };
    var back = function () {
      if (reported) show("[data-left-page]");
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") report();
      else back();
    });
    window.addEventListener("blur", function () {
      // Focus moving into a frame of this page (a simulator) is not leaving it.
      setTimeout(function () {
        var active = document.activeElement;
        if (!document.hasFocus() && !(active && active.tagName === "IFRAME")) report();
      }, 0);
    });
    window.addEventListener("focus", back);
  }

  // Simulators report { acquis: "answer", value, label } by postMessage. Accept it only from
  // our own frame (its origin is opaque: it is sandboxed without same-origin access).
  var frame = document.querySelector("iframe[data-embed]");
  if (frame) {
    var input = form.querySelector("[data-input]");
    var label = form.querySelector("[data-label]");
    var action = document.querySelector("[data-embed-action]");
    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.acquis !== "answer" || typeof data.value !== "string") return;
      var words = typeof data.label === "string" ? data.label.slice(0, 400) : "";
      if (input) input.value = data.value.slice(0, 500);
      if (label) label.value = words;
      if (action) action.textContent = words || action.getAttribute("data-done-text") || "";
    });
  }
})();
