"""The record of processing (GDPR art. 30), generated from the field registry.

The registry is where the code declares what it keeps; the notice is where the
company promises it. Each registry category and purpose is tied here to the
words of the notice that cover it, so a field declared under a category or a
purpose the notice does not name fails a test instead of going unnoticed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from kiosk.config import KioskConfig
from kiosk.errors import N_
from kiosk.i18n import Translator
from kiosk.registry import PERSONAL_FIELDS, Basis, Category, Retention

#: The notice's words for each category ("What we keep").
CATEGORY_IN_NOTICE: dict[Category, str] = {
    Category.BASIC: N_("Basic details"),
    Category.RELATIONSHIP: N_("Details of our relationship"),
    Category.MARKETING: N_("Marketing choices"),
    Category.INTERACTION: N_("Interactions"),
    Category.SERVICE: N_("Service records"),
    Category.CONSENT_BASED: N_("For anything else you have agreed to"),
}

#: The notice's purpose ("Why we use it") that covers each purpose the registry names.
PURPOSE_IN_NOTICE: dict[str, str] = {
    "Registering and hosting a visit to the premises, and knowing who is on site":
        N_("To receive you safely"),
    "Telling an employee that a visitor has arrived": N_("To receive you safely"),
    "Printing a visitor's badge, and knowing which badges were printed or are waiting":
        N_("To receive you safely"),
    "Running the event: knowing who is expected, letting them in and counting who is inside":
        N_("To run our customer and supplier relationships"),
    "Honouring the person's choice about marketing": N_("To tell you about our services and events"),
    "Showing who did what with personal data": N_("To keep our systems secure and improve them"),
    "Sending a record to the company's central service": N_("To keep our systems secure and improve them"),
}

KEPT_TEXT = {Retention.HOST_DIRECTORY: N_("while the person is in the host directory"),
             Retention.SUPPRESSION: N_("until the person withdraws the refusal")}


@dataclass(frozen=True)
class Processing:
    """One line of the record: a category of data kept for one purpose."""

    category: str
    purpose: str
    notice_purpose: str
    basis: str
    fields: str
    retention: str
    recipients: str
    safeguards: str


def _retention(config: KioskConfig, setting: Retention, _: Translator) -> str:
    if setting in KEPT_TEXT:
        return _(KEPT_TEXT[setting])
    return _("{days} days", days=asdict(config.retention)[setting.value])


def record(config: KioskConfig, _: Translator) -> list[Processing]:
    """The record, one line per (category, purpose), in registry order."""
    lines: dict[tuple[Category, str], list] = {}
    for f in PERSONAL_FIELDS:
        lines.setdefault((f.category, f.purpose), []).append(f)
    out = []
    for (category, purpose), fields in lines.items():
        leaves = any(f.leaves_kiosk for f in fields)
        printed = [f"{f.table}.{f.column}" for f in fields if f.on_badge]
        safeguards = [_("stored only on the kiosk (0600 files, 0700 folder)") if not leaves
                      else _("sent to the company's central service over verified TLS; only fields "
                             "marked for it"),
                      _("audit log of every access by an admin")]
        if printed:
            safeguards.append(_("printed on the badge: {fields}", fields=", ".join(printed)))
        out.append(Processing(
            _(CATEGORY_IN_NOTICE[category]), _(purpose), _(PURPOSE_IN_NOTICE[purpose]),
            ", ".join(sorted({_(BASIS_TEXT[f.basis]) for f in fields})),
            ", ".join(f"{f.table}.{f.column}" for f in fields),
            "; ".join(sorted({_retention(config, f.retention, _) for f in fields})),
            _("the company's central service") if leaves else _("none outside the company's kiosk"),
            "; ".join(safeguards)))
    return out


#: The legal bases as a reader of the record knows them, with their GDPR article.
BASIS_TEXT = {
    Basis.CONTRACT: N_("contract (GDPR art. 6(1)(b))"),
    Basis.LEGITIMATE_INTEREST: N_("legitimate interest (GDPR art. 6(1)(f))"),
    Basis.CONSENT: N_("consent (GDPR art. 6(1)(a))"),
    Basis.LEGAL_OBLIGATION: N_("legal obligation (GDPR art. 6(1)(c))"),
}

HEADINGS = (N_("Category"), N_("Purpose"), N_("Notice purpose"), N_("Legal basis"), N_("Fields"),
            N_("Kept"), N_("Recipients"), N_("Safeguards"))


def markdown(config: KioskConfig, _: Translator) -> str:
    lines = [f"# {_('Record of processing')}: {config.company_name}", "",
             "| " + " | ".join(_(h) for h in HEADINGS) + " |",
             "|" + " --- |" * len(HEADINGS)]
    for p in record(config, _):
        cells = [c.replace("|", "\\|") for c in asdict(p).values()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
