/* Playbook: small page fixes that need the rendered page. No dependencies.
   Runs on every page view, including Material's instant navigation (document$). */
(function () {
  "use strict";

  /* Task-list checkboxes are drawn without a text label; name each after its item. */
  function labelTaskLists(root) {
    root.querySelectorAll(".task-list-item input[type=checkbox]").forEach(function (box) {
      if (!box.hasAttribute("aria-label")) {
        var item = box.closest(".task-list-item");
        box.setAttribute("aria-label", item ? item.textContent.trim() : "Checklist item");
      }
    });
  }

  /* Material's search overlay is a dialog without a name. */
  function nameSearchDialog(root) {
    root.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });
  }

  /* Start pages: a checkbox before each training module, remembered in this browser. */
  function storageKey(list, link) {
    return "playbook:done:" + list.getAttribute("data-pb-checklist") + ":" + link.getAttribute("href");
  }

  function remember(key, done) {
    try {
      if (done) { window.localStorage.setItem(key, "1"); } else { window.localStorage.removeItem(key); }
    } catch (error) { /* storage blocked: the tick lasts for this page view */ }
  }

  function recalled(key) {
    try { return window.localStorage.getItem(key) === "1"; } catch (error) { return false; }
  }

  function addCheckbox(list, item) {
    var link = item.querySelector("a");
    if (!link || item.querySelector("input[type=checkbox]")) { return; }
    var box = document.createElement("input");
    var key = storageKey(list, link);
    box.type = "checkbox";
    box.className = "pb-check";
    box.checked = recalled(key);
    box.setAttribute("aria-label", "Done: " + link.textContent.trim());
    box.addEventListener("change", function () {
      remember(key, box.checked);
      item.classList.toggle("pb-done", box.checked);
    });
    item.classList.toggle("pb-done", box.checked);
    item.insertBefore(box, item.firstChild);
  }

  function trainingChecklists(root) {
    root.querySelectorAll("[data-pb-checklist]").forEach(function (list) {
      list.querySelectorAll("li").forEach(function (item) { addCheckbox(list, item); });
    });
  }

  /* A table wider than the screen scrolls in its own region: keyboard users must reach it. */
  function focusableScrollRegions(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) { return; }
      var caption = wrap.previousElementSibling;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption && /^H[2-4]$/.test(caption.tagName) ? caption.textContent.replace("¶", "").trim() + " (table)" : "Table");
    });
  }

  /* Opened from a file share (file://), the browser blocks the search index: say so plainly. */
  var OFFLINE_SEARCH = "Search is unavailable when this site is opened from a file share. Use the menu, or find in page (Ctrl+F).";

  function explainSearchOffline(root) {
    if (window.location.protocol !== "file:") { return; }
    root.querySelectorAll(".md-search__input").forEach(function (input) {
      input.disabled = true;
      input.placeholder = "Search unavailable offline";
      input.setAttribute("aria-label", OFFLINE_SEARCH);
      input.setAttribute("title", OFFLINE_SEARCH);
    });
    root.querySelectorAll(".md-search-result__meta").forEach(function (meta) { meta.textContent = OFFLINE_SEARCH; });
    if (!root.querySelector(".pb-offline-note")) {
      var content = root.querySelector(".md-content__inner");
      var note = document.createElement("p");
      note.className = "pb-offline-note pb-muted";
      note.textContent = OFFLINE_SEARCH;
      if (content) { content.appendChild(note); }
    }
  }

  function enhance() {
    explainSearchOffline(document);
    focusableScrollRegions(document);
    trainingChecklists(document);
    labelTaskLists(document);
    nameSearchDialog(document);
  }

  /* Every step is idempotent, so running on load and on each document$ emission is safe. From
     file:// Material may never emit document$, so the page load runs it as well. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
