"""The preview's error overlay: while the programme has errors, every preview page shows them.

Input: the ``PlaybookError``s of the last regeneration (none after a good save) and the engine
config the build wrote.
Output: two staged files for the preview only, under ``assets/playbook-preview/``: ``overlay.js``
(polls ``errors.json`` and draws the problems over the page, FILE:LINE:COL and the message; when
they are fixed it takes them away, and the engine's live reload shows the new page, or, should the
engine miss it, the script follows the server for a minute and reloads the page as each new
version is served) and
``errors.json``; and the preview's engine config, the build's config plus that script. ``playbook build`` never writes any of them, so built sites
have no overlay.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

import yaml

from generator.errors import PlaybookError

PREFIX = "assets/playbook-preview"
SCRIPT = f"{PREFIX}/overlay.js"
ERRORS = f"{PREFIX}/errors.json"
ELEMENT_ID = "playbook-error-overlay"

OVERLAY_JS = """// Playbook preview only: shows the programme's errors over the page until the next good save.
(function () {
  "use strict";
  var source = new URL("errors.json", document.currentScript.src).href;
  var shown = null;
  function render(problems) {
    var old = document.getElementById("playbook-error-overlay");
    if (old) { old.remove(); }
    if (!problems.length) { return; }
    var box = document.createElement("div");
    box.id = "playbook-error-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:100000;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif";
    var title = document.createElement("h2");
    title.style.cssText = "color:#ff8a80;margin:0 0 1rem";
    title.textContent = "Playbook found " + problems.length + (problems.length === 1 ? " problem." : " problems.");
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "font:14px/1.5 ui-monospace,monospace;padding-left:1.2rem";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var where = document.createElement("strong");
      where.textContent = problem.location;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + problem.message));
      item.style.whiteSpace = "pre-wrap";
      list.appendChild(item);
    });
    box.appendChild(list);
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page updates by itself. Until then the preview keeps the last pages that built.";
    box.appendChild(hint);
    document.body.appendChild(box);
  }
  // Should the engine miss its live reload (its server restarts on a new config, or it reloads
  // mid-build), the page follows the server by itself for a minute after a fix: it fetches the
  // page until a new version is served twice in a row (a server mid-build serves a 404 or a page
  // without its content), then reloads, and goes on following from the reloaded version. A
  // server restarted on a new config may answer a reload with 304 for a page it has rebuilt.
  var FOLLOW_MS = 60000;
  var FIXED_AT = "playbook-preview-fixed-at", RELOADED_TO = "playbook-preview-reloaded-to";
  var stale = null;
  function withoutScripts(text) { return text.replace(/<script[\s\S]*?<\/script>/gi, ""); }  // engines inject live reload ids
  function served() {  // "reload" refreshes the browser's cache too: a reload the server answers with 304 shows this copy
    return fetch(location.href, { cache: "reload" }).then(function (response) {
      return response.ok ? response.text().then(withoutScripts) : null;
    });
  }
  function follow(base, until) {
    var candidate = null;
    function poll() {
      if (Date.now() > until) { return; }
      served().then(function (text) {
        if (text !== null && text !== base && text === candidate) {
          sessionStorage.setItem(RELOADED_TO, text);
          location.reload();
          return;
        }
        candidate = text !== base ? text : null;
        window.setTimeout(poll, 500);
      }).catch(function () { window.setTimeout(poll, 500); });
    }
    poll();
  }
  function remember() {
    if (stale !== null) { return; }
    stale = "";
    served().then(function (text) { stale = text || ""; }).catch(function () {});
  }
  function fixed() {
    sessionStorage.setItem(FIXED_AT, String(Date.now()));
    sessionStorage.removeItem(RELOADED_TO);
    if (stale) { follow(stale, Date.now() + FOLLOW_MS); }
  }
  var fixedAt = Number(sessionStorage.getItem(FIXED_AT) || 0);
  if (Date.now() - fixedAt < FOLLOW_MS) {
    var reloadedTo = sessionStorage.getItem(RELOADED_TO);
    if (reloadedTo !== null) { follow(reloadedTo, fixedAt + FOLLOW_MS); }
    else { served().then(function (text) { follow(text, fixedAt + FOLLOW_MS); }).catch(function () {}); }
  }
  function check() {
    fetch(source, { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (problems) {
      if (problems === null) { return; }
      var text = JSON.stringify(problems);
      if (text !== shown || (problems.length && !document.getElementById("playbook-error-overlay"))) { render(problems); }
      if (problems.length) { remember(); } else if (shown !== null && shown !== "[]") { fixed(); }
      shown = text;
    }).catch(function () {}).then(function () { window.setTimeout(check, 300); });
  }
  check();
})();
"""


def _location(error: PlaybookError) -> str:
    parts = [error.file] + [str(number) for number in (error.line, error.column) if number]
    return ":".join(parts)


def _message(error: PlaybookError) -> str:
    path = ".".join(str(part) for part in error.key_path)
    return f"{path}: {error.message}" if path else error.message


def errors_json(errors: Sequence[PlaybookError]) -> bytes:
    """The problems as the overlay reads them: location (FILE:LINE:COL) and message."""
    problems = [{"location": _location(error), "message": _message(error)} for error in errors]
    return json.dumps(problems, ensure_ascii=False, indent=1).encode("utf-8")


def overlay_files(errors: Sequence[PlaybookError] = ()) -> dict[str, bytes]:
    """The preview-only staged files, by path under the staged docs folder."""
    return {SCRIPT: OVERLAY_JS.encode("utf-8"), ERRORS: errors_json(errors)}


@functools.lru_cache(maxsize=8)
def preview_config(config: str) -> str:
    """The build's engine config with the overlay script added (for the preview's engine only; kept per config text)."""
    header = "".join(line + "\n" for line in config.splitlines() if line.startswith("#"))
    data = yaml.safe_load(config)
    data["extra_javascript"] = [*data.get("extra_javascript", []), SCRIPT]
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
