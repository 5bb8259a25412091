// Organisation portal: "Copier" buttons beside the campaign's code and link. Progressive
// enhancement: without this script the code and link are plain text to select; with it,
// each gets a button that copies it and says so in a polite live region.
(function () {
  "use strict";
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  document.querySelectorAll("[data-copy-label]").forEach(function (source) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = source.getAttribute("data-copy-label");
    button.setAttribute("data-copy-for", source.id);
    button.addEventListener("click", function () {
      var text = source.tagName === "A" ? source.href : source.textContent.trim();
      copyText(text).then(function () {
        button.setAttribute("data-copied-text", text);
        status.textContent = source.getAttribute("data-copied");
      }, function () {
        // The browser refused: select the text so a keyboard copy works.
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
    source.insertAdjacentElement("afterend", button);
  });
})();
