/* Factsheets: the site search, with Pagefind's default interface (pagefind/pagefind-ui.js, loaded before
 * this file). Progressive enhancement: until this runs, the header holds a link to the list of every sheet.
 *
 * Search needs the index fetched over HTTP, so a page opened from disk (file://) keeps the link. The index
 * is in shards (pagefind/<shard>/, listed in pagefind/shards.json with the languages of their pages): the
 * first shard that holds the page's language is Pagefind's main index, the others of that language are
 * merged into it, so the results of every shard come in one list, best first. Addresses are found from the
 * address of pagefind-ui.js, so this works under a sub-path (https://user.github.io/repo/) and from
 * `factsheets serve`.
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

  // The shards searched from this page: those holding its language, as Pagefind picks an index by the
  // page's <html lang> (a language "pt-br" is found as "pt" too); if none does, every shard.
  function shardsFor(shards, language) {
    var base = language.split("-")[0];
    var matching = shards.filter(function (shard) {
      return shard.languages.indexOf(language) !== -1 || shard.languages.indexOf(base) !== -1;
    });
    return matching.length ? matching : shards;
  }

  function start(shards, bundle) {
    var language = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
    var chosen = shardsFor(shards, language);
    if (!chosen.length) {
      return;
    }
    new PagefindUI({
      element: "#site-search-ui",
      bundlePath: bundle + chosen[0].path,
      mergeIndex: chosen.slice(1).map(function (shard) {
        return { bundlePath: bundle + shard.path };
      }),
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
  }

  var script = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  if (!script || !window.fetch) {
    return;
  }
  // The folder's path on this site ("/repo/pagefind/"): results then link by path, as a single index does.
  var bundle = new URL(script.src, window.location.href).pathname.replace(/pagefind-ui\.js$/, "");
  fetch(bundle + "shards.json")
    .then(function (response) {
      if (!response.ok) {
        throw new Error("pagefind/shards.json: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (manifest) {
      start(manifest.shards || [], bundle);
    })
    .catch(function (error) {
      // The link to every sheet stays in place.
      if (window.console) {
        window.console.warn("Search is not available:", error);
      }
    });
})();
