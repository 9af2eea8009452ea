"""Playbook's translation catalogues: extract the text, update each language, check them.

Input: the sources named in ``babel.cfg`` (generator/**.py, the theme templates) and the
catalogues ``generator/locale/<lang>/LC_MESSAGES/messages.po``.
Output: ``generator/locale/messages.pot`` (``extract``), each ``.po`` merged with it (``update``),
a new catalogue (``init LANG``), or a list of what is missing or fuzzy (``check``, exit status 1).

``update`` keeps every translation: a changed English text gets its old translation marked fuzzy,
and a text no longer used stays at the end of the file as an obsolete ``#~`` entry. Translators
edit only the ``msgstr`` lines. Run ``.venv/bin/python scripts/i18n.py all`` after changing any
marked text (extract, then update, then check).
"""

from __future__ import annotations

import argparse
import datetime
import gettext
import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "generator" / "locale"
TEMPLATE = LOCALE / "messages.pot"
SHIPPED = ("ar", "cy", "de", "es", "fr", "nl", "pl")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
}
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # reproducible headers
HEADER = "# Translations of Playbook's generated pages.\n# Translators: edit only the msgstr lines; run `.venv/bin/python scripts/i18n.py check`."


def catalogue_path(code: str) -> Path:
    """The ``.po`` file of language ``code``."""
    return LOCALE / code / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every marked text of the sources in ``babel.cfg``, written to ``messages.pot``."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    template = Catalog(project="Playbook", header_comment=HEADER, creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False)
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, line, message, comments, context in found:
        template.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    _write(TEMPLATE, template)
    return template


def init(code: str, template: Catalog) -> Catalog:
    """A new, empty catalogue for ``code`` with Babel's plural forms for it."""
    locale = Locale.parse(code)
    catalogue = Catalog(
        locale=locale,
        project="Playbook",
        header_comment=HEADER + "\n" + "\n".join("# " + line for line in plural_guide(code).splitlines()),
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    catalogue.update(template, no_fuzzy_matching=True)
    _write(catalogue_path(code), catalogue)
    return catalogue


def plural_guide(code: str) -> str:
    """A header note for translators: which numbers take each ``msgstr[i]`` of a plural entry."""
    rule = get_plural(code)
    examples: dict[int, list[int]] = {}
    index_of = gettext.c2py(rule.plural_expr)
    for number in range(0, 112):
        examples.setdefault(index_of(number), []).append(number)
    lines = [f"Plural forms ({rule.num_plurals}): " + rule.plural_expr]
    lines += [
        f"msgstr[{index}]: " + ", ".join(map(str, numbers[:8])) + ("…" if len(numbers) > 8 else "")
        for index, numbers in sorted(examples.items())
    ]
    return "\n".join(lines)


def update(template: Catalog) -> None:
    """Merge ``template`` into every catalogue, keeping every translation (changed ones fuzzy, unused ones obsolete)."""
    for path in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        while True:  # a translator may save the file meanwhile: merge again rather than lose their work
            before = path.read_bytes()
            catalogue = read_po(io.BytesIO(before), locale=path.parent.parent.name)
            catalogue.update(template)
            _unflag_empty_guesses(catalogue)
            if _write(path, catalogue, unless_changed_from=before):
                break


def _unflag_empty_guesses(catalogue: Catalog) -> None:
    """A new text Babel matched to a similar one that had no translation yet: nothing to review, so not fuzzy."""
    for message in catalogue:
        if message.id and message.fuzzy and not _translated(message) and not any(message.string or ()):
            message.flags.discard("fuzzy")


def problems(path: Path) -> Iterator[str]:
    """What keeps ``path`` from being complete: empty or fuzzy entries, and broken placeholders."""
    with path.open("rb") as source:
        catalogue = read_po(source, locale=path.parent.parent.name)
    for message in catalogue:
        if not message.id:
            continue
        where = f"{path.relative_to(ROOT)}:{_line(message)}"
        if message.fuzzy:
            yield f"{where}: fuzzy (check the translation, then remove the '#, fuzzy' line): {_english(message)}"
        elif not _translated(message):
            yield f"{where}: not translated: {_english(message)}"
        if _translated(message) and not message.fuzzy:
            for error in placeholder_errors(message):
                yield f"{where}: {error}: {_english(message)}"


PLACEHOLDER = re.compile(r"%\(([a-z_]+)\)[sd]|\{([a-z_]+)\}")


def _names(text: str) -> set[str]:
    return {match.group(1) or match.group(2) for match in PLACEHOLDER.finditer(text)}


def placeholder_errors(message: Message) -> list[str]:
    """Placeholders a translation invents or drops.

    A plural entry's forms may each use any placeholder of its English forms (a language's form for
    zero or for "other" may name the number while the English singular does not), and together keep them all.
    """
    english = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    allowed = set().union(*(_names(text) for text in english))
    used = [_names(text) for text in strings]
    errors = [f"msgstr uses unknown placeholder(s) {sorted(names - allowed)}" for names in used if names - allowed]
    needed = allowed - {"num"} if len(english) > 1 else allowed  # a plural form may leave the number unsaid ("un modiwl")
    missing = needed - set().union(*used)
    return errors + ([f"msgstr drops placeholder(s) {sorted(missing)}"] if missing else [])


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _english(message: Message) -> str:
    return repr(message.id[0] if isinstance(message.id, tuple | list) else message.id)


def _line(message: Message) -> str:
    return str(message.lineno or 0)


def check() -> int:
    """Print every problem of every catalogue; the number of problems."""
    count = 0
    for path in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        for problem in problems(path):
            print(problem)
            count += 1
    print(f"{count} problem(s) in the catalogues." if count else "Every catalogue is complete.")
    return count


def _write(path: Path, catalogue: Catalog, unless_changed_from: bytes | None = None) -> bool:
    """Write ``catalogue`` atomically (temporary file, then rename), sorted by source file, lines unwrapped.

    With ``unless_changed_from``, nothing is written (and ``False`` returned) if the file no longer holds those bytes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalogue, width=0, sort_by_file=True, include_previous=True)
    if unless_changed_from is not None and path.read_bytes() != unless_changed_from:
        return False
    if path.exists() and path.read_bytes() == out.getvalue():
        return True
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(out.getvalue())
    os.replace(temporary, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("extract", "update", "check", "init", "all"))
    parser.add_argument("languages", nargs="*", help="for init: the language codes (default: every shipped one that has no catalogue)")
    args = parser.parse_args(argv)
    if args.action == "check":
        return 1 if check() else 0
    template = extract()
    if args.action in ("init", "all"):
        for code in args.languages or [code for code in SHIPPED if not catalogue_path(code).exists()]:
            if catalogue_path(code).exists():
                print(f"{catalogue_path(code).relative_to(ROOT)} exists; `update` merges new text into it.")
            else:
                init(code, template)
    if args.action in ("update", "all"):
        update(template)
    print(f"{len(template)} texts in {TEMPLATE.relative_to(ROOT)}.")
    return 1 if args.action == "all" and check() else 0


if __name__ == "__main__":
    sys.exit(main())
