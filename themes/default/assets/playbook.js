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

  function enhance() {
    labelTaskLists(document);
    nameSearchDialog(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
