/* Factsheets: the site search, with Pagefind's default interface (pagefind/pagefind-ui.js, loaded before
 * this file). Progressive enhancement: until this runs, the header holds a link to the list of every sheet.
 *
 * Search needs the index fetched over HTTP, so a page opened from disk (file://) keeps the link. Pagefind
 * finds its own files, and the pages its results lead to, from the address of pagefind-ui.js: that works
 * under a sub-path (https://user.github.io/repo/) and from `factsheets serve`.
 * Each result shows the kind of page it leads to (a sheet's kind, "Article", "Timeline"), which the pages
 * carry as Pagefind metadata (templates/_search.html).
 */
(function () {
  "use strict";

  var box = document.getElementById("site-search-ui");
  if (!box || typeof PagefindUI === "undefined" || window.location.protocol === "file:") {
    return;
  }

  // "Nvidia · Company": the kind joins the title (and is not repeated as a tag below the excerpt).
  function withKind(result) {
    var kind = result.meta && result.meta.kind;
    if (kind && result.meta.title) {
      result.meta.title = result.meta.title + " · " + kind;
      delete result.meta.kind;
    }
    return result;
  }

  new PagefindUI({
    element: "#site-search-ui",
    showImages: false,
    showSubResults: true,
    processResult: withKind
  });
  // Pagefind's field has a placeholder, not a label: it takes the id the template's <label> names.
  var input = box.querySelector(".pagefind-ui__search-input");
  if (input) {
    input.id = "site-search-input";
  }
  document.documentElement.classList.add("search-ready");
})();
