/* Playbook: the language switcher of a multilingual site keeps the reader on the same page.
 *
 * Material's switcher (extra.alternate) links to each language's home page. Every language tree
 * has the same pages, so a click goes to the page at the same place in the chosen tree instead.
 * Without JavaScript the link still works and opens that language's home page. */
(function () {
  "use strict";

  function treeOf(link) {
    return new URL(link.href, window.location.href).pathname;
  }

  document.addEventListener("click", function (event) {
    var chosen = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!chosen) { return; }
    var here = window.location.pathname;
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-select__link[hreflang]"));
    var own = links.filter(function (link) { return here.indexOf(treeOf(link)) === 0; })[0];
    if (!own) { return; }
    event.preventDefault();
    event.stopPropagation();
    window.location.href = treeOf(chosen) + here.slice(treeOf(own).length) + window.location.hash;
  }, true);
})();
