"""A list without ticket codes or orders, imported again: the same people, never twice, and
the codes the kiosk issued the first time (perhaps already printed) stay theirs."""
from __future__ import annotations

from tests.test_import import event_id, run, stored, write_csv  # noqa: F401 - fixture

HEADER = ["Fornavn", "Etternavn", "E-post", "Firma"]
FIRST = [HEADER, ["Kari", "Nordmann", "kari@example.com", "Fjord Bygg AS"],
         ["Ola", "Nordmann", "", "Vik AS"], ["芳", "王", "wang@example.com", ""]]


def test_a_file_without_codes_imported_again_updates_and_never_duplicates(service, event_id):  # noqa: F811
    first = run(service, event_id, write_csv(FIRST, ";"))
    assert (first.imported, first.updated, first.rejected) == (3, 0, [])
    codes = {(given, family): code for given, family, _company, code in stored(service, event_id)}
    assert len(set(codes.values())) == 3 and all(c.startswith("T") for c in codes.values())
    changed = [HEADER, ["Kari", "Nordmann", "kari@example.com", "Fjord Bygg og Anlegg AS"],
               ["Ola", "Nordmann", "", "Vik AS"], ["芳", "王", "wang@example.com", ""],
               ["Per", "Person", "per@example.com", ""]]
    again = run(service, event_id, write_csv(changed, ";"))
    assert (again.imported, again.updated, again.rejected) == (1, 3, [])
    after = stored(service, event_id)
    assert len(after) == 4
    assert ("Kari", "Nordmann", "Fjord Bygg og Anlegg AS", codes[("Kari", "Nordmann")]) in after
    assert {(g, f): c for g, f, _co, c in after if (g, f) in codes} == codes
