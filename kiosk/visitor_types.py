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
    #: The type this one looks like on a badge and on every screen in the lobby. A job
    #: candidate is not to be pointed out to everyone passing: an interview shows as a guest,
    #: in the guest's word and colour, since a word or colour of its own would tell as much.
    shown_as: str = ""


VISITOR_TYPES: dict[str, VisitorType] = {
    t.code: t
    for t in (
        VisitorType("guest", N_("Guest"), frozenset({"given_name", "host_id"}), "#1565C0"),
        VisitorType("contractor", N_("Contractor"),
                    frozenset({"given_name", "company", "phone", "host_id"}), "#E65100"),
        VisitorType("interview", N_("Interview"), frozenset({"given_name", "email", "host_id"}),
                    "#2E7D32", shown_as="guest"),
        VisitorType("delivery", N_("Delivery"), frozenset({"given_name", "company"}), "#6A1B9A"),
    )
}


def public_type(code: str) -> VisitorType | None:
    """The type as badges and public screens show it (None for a code no longer known)."""
    kind = VISITOR_TYPES.get(code)
    return VISITOR_TYPES[kind.shown_as] if kind and kind.shown_as else kind
