"""Languages: every shipped one loads, wrong translations fall back, and nb covers the code."""
from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path

import pytest

from kiosk.errors import Message
from kiosk.i18n import LANGUAGES, SOURCE_LANGUAGE, Translator, catalogue, catalogue_files, placeholders

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("kiosk", "ui", "printing", "sync", "main.py")
#: Calls whose first string argument is a source text (`translate` may put a context first;
#: `tr_` is the screens' bound translator and `say` the console's status line).
MARKERS = {"N_", "_", "tr", "tr_", "say", "translate"}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_shipped_language_loads(code: str) -> None:
    """A language other than the source speaks its own words, not the English it falls back to."""
    if code == SOURCE_LANGUAGE:
        assert Translator(code)("Guest") == "Guest"
    else:
        assert Translator(code)("Guest") == catalogue(code)["Guest"] != "Guest"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_shipped_language_maps_to_a_qlocale(code: str) -> None:
    from PySide6.QtCore import QLocale  # only this test needs Qt

    assert QLocale(code).name().startswith(code)
    assert QLocale(code).language() != QLocale.Language.C


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_shipped_language_has_an_example_notice(code: str) -> None:
    assert resources.files("kiosk.notices").joinpath(f"example.{code}.md").is_file()


@pytest.mark.parametrize("code", ["xx", "", "no", "NB"])
def test_unknown_language_is_refused(code: str) -> None:
    with pytest.raises(KeyError):
        Translator(code)


@pytest.fixture
def nb() -> Translator:
    translator = Translator("nb")
    translator._catalogue = {
        "Hello {name}": "Hei {name}",
        "Welcome {name}": "Velkommen {navn}",  # renamed placeholder
        "Badge {number} for {name}": "Navneskilt {number}",  # dropped placeholder
        "Thank you": "Takk {name}",  # invented placeholder
        "Empty": "",
    }
    return translator


@pytest.mark.parametrize("text, params, shown", [
    ("Hello {name}", {"name": "Kari"}, "Hei Kari"),
    ("Welcome {name}", {"name": "Kari"}, "Welcome Kari"),
    ("Badge {number} for {name}", {"number": 7, "name": "Kari"}, "Badge 7 for Kari"),
    ("Thank you", {}, "Thank you"),
    ("Empty", {}, "Empty"),
    ("Not in the catalogue {n}", {"n": 1}, "Not in the catalogue 1"),
])
def test_translation_with_other_placeholders_falls_back_to_english(
        nb: Translator, text: str, params: dict, shown: str) -> None:
    assert nb(text, **params) == shown
    assert nb.message(Message(text, params)) == shown


def test_the_real_catalogue_is_not_changed_by_the_fixture(nb: Translator) -> None:
    assert "Welcome {name}" not in catalogue("nb")


@pytest.mark.parametrize("part", catalogue_files("nb"), ids=lambda f: f.name)
def test_nb_catalogue_is_a_table_of_texts(part) -> None:
    raw = json.loads(part.read_text("utf-8"))
    assert isinstance(raw, dict)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items())


def test_no_nb_entry_is_empty() -> None:
    assert [key for key, value in catalogue("nb").items() if not value.strip()] == []


def test_every_nb_entry_keeps_its_placeholders() -> None:
    assert [key for key, value in catalogue("nb").items()
            if placeholders(value) != placeholders(key)] == []


def _marker(call: ast.Call) -> str | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name if name in MARKERS else None


def source_texts(tree: ast.AST) -> set[str]:
    """Literal texts passed to N_(), _(), tr(), self.tr() and translate() in one module."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not (name := _marker(node)):
            continue
        literals = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name == "translate" and len(literals) >= 2:
            literals = literals[1:]  # QCoreApplication.translate(context, text)
        if literals:
            found.add(literals[0])
    return found


def code_base_texts() -> dict[str, set[str]]:
    files = [p for s in SOURCES for p in ((ROOT / s).rglob("*.py") if (ROOT / s).is_dir() else [ROOT / s])]
    return {str(p.relative_to(ROOT)): source_texts(ast.parse(p.read_text("utf-8"), str(p)))
            for p in files if p.is_file()}


def test_source_text_scanner_finds_every_kind_of_call() -> None:
    tree = ast.parse('N_("a")\n_("b {x}", x=1)\ntr("c")\nself.tr("d")\n'
                     'QCoreApplication.translate("Screen", "e")\ntranslate("f")\n'
                     'self.tr_("g")\nprint("not me")\n_(variable)\n')
    assert source_texts(tree) == {"a", "b {x}", "c", "d", "e", "f", "g"}


def test_code_base_has_source_texts() -> None:
    texts = set().union(*code_base_texts().values())
    assert "Required for this kind of visit." in texts  # kiosk/validation.py, through N_()


def test_every_source_text_is_in_the_nb_catalogue() -> None:
    """Every text the code can show has its Norwegian in kiosk/locales/nb/."""
    nb = catalogue("nb")
    missing = sorted(f"{path}: {text!r}" for path, texts in code_base_texts().items()
                     for text in texts if text not in nb)
    assert missing == []


def test_source_language_needs_no_catalogue() -> None:
    assert SOURCE_LANGUAGE in LANGUAGES and catalogue(SOURCE_LANGUAGE) == {}
