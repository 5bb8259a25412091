// Acquis — the holder's certificate page: a "Copier le lien" button beside the read-only
// share link. Progressive enhancement: without this script the link stays in its field, to
// select and copy by hand; with it, the button copies it and says so in a polite live region.
(function () {
  "use strict";
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  document.querySelectorAll("input[data-copy-input]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = input.getAttribute("data-copy-input");
    button.setAttribute("aria-describedby", input.id);
    button.addEventListener("click", function () {
      var said = function () { status.textContent = input.getAttribute("data-copied"); };
      var byHand = function () {
        input.focus();
        input.select();
        var done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        if (done) said();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(said, byHand);
      } else {
        byHand();
      }
    });
    input.insertAdjacentElement("afterend", button);
  });
})();
