"""Kinds of visitor, each with the details reception needs from it."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import N_


@dataclass(frozen=True)
class VisitorType:
    code: str
    label: str
    required: frozenset[str]
    #: The badge band; the type's name is always printed in it too, never colour alone.
    colour: str


VISITOR_TYPES: dict[str, VisitorType] = {
    t.code: t
    for t in (
        VisitorType("guest", N_("Guest"), frozenset({"given_name", "host_id"}), "#1565C0"),
        VisitorType("contractor", N_("Contractor"),
                    frozenset({"given_name", "company", "phone", "host_id"}), "#E65100"),
        VisitorType("interview", N_("Interview"), frozenset({"given_name", "email", "host_id"}),
                    "#2E7D32"),
        VisitorType("delivery", N_("Delivery"), frozenset({"given_name", "company"}), "#6A1B9A"),
    )
}
