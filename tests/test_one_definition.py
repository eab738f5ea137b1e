"""Each domain constant and rule is defined once, in kiosk/, and imported everywhere else."""
from __future__ import annotations

import ast
from pathlib import Path

from kiosk.validation import FIELDS
from ui.screens.details import _FIELDS as FORM_FIELDS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for folder in ("kiosk", "ui", "printing", "sync") for p in (ROOT / folder).rglob("*.py")]
#: Each rule's name and the one module that may define it.
ONE_HOME = {
    "MIN_QUERY_LETTERS": "kiosk/matching.py", "MAX_RESULTS": "kiosk/matching.py",
    "MIN_SEARCH": None, "TOKEN": None, "BADGE_TOKEN": "kiosk/badge_tokens.py",
    "TOKEN_LENGTH": "kiosk/badge_tokens.py", "FIELDS": "kiosk/validation.py",
    "first_name": None, "split_name": None,
}


def definitions() -> dict[str, list[str]]:
    """Where each watched name is assigned or defined at module level."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("kiosk/importers/"):
            continue  # an importer's FIELDS are its columns, not the visitor's
        for node in ast.parse(path.read_text("utf-8")).body:
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target] if isinstance(node, ast.AnnAssign) else [])
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.append(node.name)
            for name in names:
                if name in ONE_HOME:
                    found.setdefault(name, []).append(relative)
    return found


def test_each_rule_has_one_home() -> None:
    for name, places in definitions().items():
        assert places == [ONE_HOME[name]] if ONE_HOME[name] else places == [], (name, places)


def test_the_badge_token_pattern_is_written_once() -> None:
    pattern = "[A-Z2-7]{16}"
    holders = [p.relative_to(ROOT).as_posix() for p in SOURCES if pattern in p.read_text("utf-8")]
    assert holders == ["kiosk/badge_tokens.py"]


def test_the_form_asks_for_the_domains_fields() -> None:
    asked = {name for name, *_ in FORM_FIELDS}
    assert asked == set(FIELDS) - {"visitor_type"}, "the type is chosen with buttons"
