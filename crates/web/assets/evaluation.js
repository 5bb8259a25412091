// Acquis — challenge page enhancements. The page works without this script; it adds the
// live countdown, reports leaving a focused challenge, and fills an input from a simulator.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form) return;
  var assessment = form.getAttribute("data-assessment");
  var challenge = form.getAttribute("data-challenge");
  var csrf = form.getAttribute("data-csrf");

  // Countdown: the server decides what is late; this only shows the time left.
  var timer = document.querySelector(".timer[data-remaining]");
  if (timer) {
    var left = parseInt(timer.getAttribute("data-remaining"), 10) || 0;
    var out = timer.querySelector(".countdown");
    var tick = function () {
      if (left <= 0) {
        out.textContent = timer.getAttribute("data-expired-text");
        return;
      }
      var m = Math.floor(left / 60), s = left % 60;
      out.textContent = (m > 0 ? m + " min " : "") + s + " s";
      left -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  }

  // Focused challenges: leaving the page is recorded once.
  if (document.querySelector("[data-focused]")) {
    var reported = false;
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "hidden" || reported) return;
      reported = true;
      var body = new URLSearchParams({ csrf: csrf, challenge_id: challenge });
      navigator.sendBeacon("/evaluations/" + assessment + "/sortie", body);
    });
  }

  // Simulators report their answer by postMessage; accept it only from our own frame.
  var frame = document.querySelector("iframe[data-embed]");
  if (frame) {
    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.acquis !== "answer" || typeof data.value !== "string") return;
      var input = form.querySelector("[data-input]");
      if (input) {
        input.value = data.value.slice(0, 500);
        input.dispatchEvent(new Event("change"));
      }
    });
  }
})();
