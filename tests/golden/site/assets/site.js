/* Factsheets: progressive enhancement only; every page works fully without this file.
 *
 * 1. Marks <html> with the class "js", so the stylesheet shows controls that need JavaScript.
 * 2. Makes <button class="copy-button" data-copy-target="ID"> copy the text of the element with that id
 *    (a <pre>, <code>, <textarea> …) to the clipboard. Where the clipboard is out of reach (plain http,
 *    an old browser, a denied permission) the text is selected instead, ready for Ctrl+C / Cmd+C.
 *    Optional attributes: data-copied-label (button text after copying), data-select-label (after the
 *    fallback selected the text). The button gets the attribute data-copied="yes" or "selected".
 *    Before copying (and once the page loads), every <span class="access-date" data-date-format="…"> is set
 *    to the reader's day, so a citation says when the reader looked, not when the site was built. Formats:
 *    "long" (a date in words in the page's language), "iso" (2025-09-21), "ris" (2025/09/21) and "csl"
 *    (CSL-JSON date parts, [[2025, 9, 21]]).
 * 3. Keeps the permalinks of facts working: a sheet shows its newest facts, and for every other fact an
 *    empty anchor (<a id="fact-…">) inside <p class="moved" data-fact-page="URL">, the page that shows it.
 *    When the address names such an anchor, the browser is sent to that page with the same #fact-….
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function followMovedFact() {
    var hash = window.location.hash;
    if (hash.indexOf("#fact-") !== 0) {
      return;
    }
    var anchor = document.getElementById(decodeURIComponent(hash.slice(1)));
    var moved = anchor && anchor.parentElement;
    if (!moved || !moved.hasAttribute("data-fact-page")) {
      return;
    }
    // Replace, not assign: the Back button returns to where the reader came from, not to this hop.
    window.location.replace(new URL(moved.getAttribute("data-fact-page"), window.location.href).href + hash);
  }

  followMovedFact();
  window.addEventListener("hashchange", followMovedFact);

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function accessDate(format, today) {
    var y = today.getFullYear(), m = today.getMonth() + 1, d = today.getDate();
    if (format === "iso") {
      return y + "-" + pad(m) + "-" + pad(d);
    }
    if (format === "ris") {
      return y + "/" + pad(m) + "/" + pad(d);
    }
    if (format === "csl") {
      return "[[" + y + ", " + m + ", " + d + "]]";
    }
    if (format === "long" && window.Intl && Intl.DateTimeFormat) {
      var lang = document.documentElement.lang || "en";
      return new Intl.DateTimeFormat(lang, { year: "numeric", month: "long", day: "numeric" }).format(today);
    }
    return null;
  }

  function setAccessDates(root) {
    var today = new Date();  // the reader's own day, in the reader's time zone
    var spans = root.querySelectorAll(".access-date[data-date-format]");
    for (var i = 0; i < spans.length; i++) {
      var text = accessDate(spans[i].getAttribute("data-date-format"), today);
      if (text) {
        spans[i].textContent = text;
      }
    }
  }

  setAccessDates(document);

  function targetOf(button) {
    var id = button.getAttribute("data-copy-target") || "";
    return document.getElementById(id.charAt(0) === "#" ? id.slice(1) : id);
  }

  function textOf(element) {
    // Form fields hold their text in .value; anything else in its text content.
    if (element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement) {
      return element.value;
    }
    return element.textContent;
  }

  function select(element) {
    if (element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement) {
      element.focus();
      element.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyBySelection(element) {
    select(element);
    try {
      // Deprecated but still the only synchronous way in insecure contexts; the selection stays either way.
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function report(button, state) {
    var label = button.getAttribute(state === "yes" ? "data-copied-label" : "data-select-label");
    if (label) {
      button.textContent = label;
    }
    button.setAttribute("data-copied", state);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".copy-button[data-copy-target]") : null;
    if (!button) {
      return;
    }
    var target = targetOf(button);
    if (!target) {
      return;
    }
    event.preventDefault();
    setAccessDates(target);  // a page left open overnight copies the day of the copy
    var text = textOf(target);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { report(button, "yes"); },
        function () { report(button, copyBySelection(target) ? "yes" : "selected"); }
      );
    } else {
      report(button, copyBySelection(target) ? "yes" : "selected");
    }
  });
})();
