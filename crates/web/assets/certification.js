// Acquis — certification pages. The server decides everything; this script only saves
// clicks. The candidate's waiting page asks every 3 seconds whether the invigilator has
// authorised them, and reloads when the step changed. The invigilator's live board listens
// to the server's push (Server-Sent Events) and reloads its list when a candidate moved; when
// push is unavailable it reloads the list every 5 seconds. Without JavaScript both pages
// keep a button that does the same.
(function () {
  "use strict";

  var waiting = document.querySelector("[data-waiting][data-step-url]");
  if (waiting) {
    var url = waiting.getAttribute("data-step-url");
    var check = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (s && s.step && s.step !== "waiting") window.location.reload();
          else setTimeout(check, 3000);
        })
        .catch(function () { setTimeout(check, 5000); });
    };
    setTimeout(check, 3000);
  }

  var board = document.querySelector("[data-board][data-list-url]");
  if (board) {
    var listUrl = board.getAttribute("data-list-url");
    var streamUrl = board.getAttribute("data-stream-url");
    var status = document.querySelector("[data-live-status]");
    var pending = false;
    var refresh = function () {
      if (pending) return;
      pending = true;
      fetch(listUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          pending = false;
          if (html === null) return;
          // Keep the focus where it was when the list is replaced (keyboard users).
          var active = document.activeElement;
          var key = active && active.getAttribute && active.getAttribute("data-key");
          board.innerHTML = html;
          if (key) {
            var again = board.querySelector('[data-key="' + key + '"]');
            if (again) again.focus();
          }
          board.setAttribute("data-refreshed", String(Date.now()));
        })
        .catch(function () { pending = false; });
    };
    var polling = null;
    var poll = function () {
      if (polling) return;
      polling = setInterval(refresh, 5000);
      if (status) status.textContent = status.getAttribute("data-polling-text") || "";
    };
    if (window.EventSource && streamUrl) {
      var source = new EventSource(streamUrl, { withCredentials: true });
      source.addEventListener("open", function () {
        if (polling) { clearInterval(polling); polling = null; }
        if (status) status.textContent = status.getAttribute("data-live-text") || "";
      });
      source.addEventListener("changed", refresh);
      source.addEventListener("error", function () {
        // The browser retries on its own; poll meanwhile.
        poll();
      });
    } else {
      poll();
    }
  }
})();
