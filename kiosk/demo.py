"""Demo data: a site, hosts and past visits, so a fresh kiosk can be tried at once."""
from __future__ import annotations

import logging
import random
from datetime import timedelta

from kiosk import marketing, notices
from kiosk.company_setup import DEMO_HOST_PREFIX, HostRow, insert_host
from kiosk.db import write_transaction
from kiosk.marketing import ConsentShown, Decision
from kiosk.service import KioskService
from kiosk.validation import VisitorDetails
from kiosk.visitor_types import VISITOR_TYPES
from kiosk.visits import NoticeShown, Registration, register_visit, sign_out

_LOG = logging.getLogger(__name__)

DEMO_HOSTS = (
    ("Ingrid Bakken", "Finance"), ("Ola Nordmann", "Sales"), ("Kari Nordmann", "Sales"),
    ("Lars Øverby", "IT"), ("Sofie Åsheim", "HR"), ("Mikkel Hansen", "Consulting"),
    ("Aisha Rahimi", "Consulting"), ("Jonas Eriksson", "Legal"), ("Nora Lindqvist", "Payroll"),
    ("Henrik Strand", "Management"), ("Emma Johansen", "Marketing"), ("Sindre Haugen", "IT"),
)
_FIRST = ("Anna", "Bjørn", "Camilla", "David", "Eva", "Fredrik", "Guro", "Håkon", "Ida", "Jens",
          "Åse", "Øystein", "Mette", "Nils", "Pia", "Rune", "Siri", "Tor", "Unni", "Vegard")
_LAST = ("Berg", "Dahl", "Fossum", "Gran", "Holm", "Isaksen", "Lie", "Moen", "Nygård", "Olsen",
         "Pedersen", "Solberg", "Vik", "Aas", "Ødegård")
_COMPANIES = ("Fjord Bygg AS", "Nordlys Data", "Vestland Revisjon", "Polar Logistics",
              "Bryggen Design", "Havbris Energi")


def ensure_site_and_notice(service: KioskService) -> None:
    """What every kiosk needs before its first visitor: its site and a privacy notice.

    A demo kiosk upgraded from a release whose notice had no consent wordings takes the
    example's, so marketing is asked at once; a company's own notice is never replaced
    behind its back, so a configured kiosk only warns the admin.
    """
    config, now = service.config, service.clock.now()
    with write_transaction(service.db) as db:
        db.execute("INSERT OR IGNORE INTO sites (id, name) VALUES (?, ?)",
                   [config.site_id, config.site_name])
    if not list(service.db.query("SELECT 1 FROM notices LIMIT 1")):
        notices.install_examples(service.db, config.languages, now)
    unworded = [code for code in config.languages if service.marketing_wording(code) is None]
    if unworded and not config.configured:
        notices.install_examples(service.db, tuple(unworded), now)
    elif unworded:
        _LOG.warning("The privacy notice installed for %s has no marketing consent wording, so the "
                     "kiosk does not ask for marketing consent; install a notice version with one "
                     "(setup --notice-dir DIR).", ", ".join(unworded))


def load_demo_hosts(service: KioskService) -> int:
    """Add the demo hosts to an empty directory of a demo kiosk; returns how many were added."""
    if service.config.configured or list(service.db.query("SELECT 1 FROM hosts LIMIT 1")):
        return 0
    with write_transaction(service.db) as db:
        for number, (name, department) in enumerate(DEMO_HOSTS, 1):
            email = name.lower().replace(" ", ".").translate(str.maketrans("øåæ", "oaa")) + "@eksempel.no"
            insert_host(db, service.config.site_id, HostRow(name, email, None, department),
                        f"{DEMO_HOST_PREFIX}{number}")
    return len(DEMO_HOSTS)


def _demo_plate(rng: random.Random) -> str:
    """A Norwegian-looking plate for about a third of the demo visits (parking list, 7-day rule)."""
    if rng.random() >= 1 / 3:
        return ""
    return f"{rng.choice('ABCDEFGHJKLNPRSTUVXYZ')}{rng.choice('ABCDEFGHJKLNPRSTUVXYZ')} {rng.randrange(10000, 99999)}"


def load_demo_visits(service: KioskService, count: int, days: int, seed: int = 7) -> int:
    """Synthetic visits spread over the last `days` days, all signed out but today's.

    None of them is queued for the central service: the visitors are made up, and all
    share one made-up phone number, which a refused consent would otherwise put on the
    company's suppression list once the kiosk is enrolled."""
    first_new = service.db.execute("SELECT coalesce(max(id), 0) FROM outbox").fetchone()[0]
    rng = random.Random(seed)
    plates = random.Random(seed + 1)  # its own stream, so the other demo data stays as it was
    now = service.clock.now()
    host_ids = [row["id"] for row in service.db.query("SELECT id FROM hosts WHERE active = 1")]
    secret = marketing.suppression_secret(service.db)
    for _ in range(count):
        moment = now - timedelta(days=rng.uniform(0, days), hours=rng.uniform(0, 2))
        language = rng.choice(service.config.languages)
        notice = service.notice(language)
        details = service.validate(VisitorDetails(
            given_name=rng.choice(_FIRST), family_name=rng.choice(_LAST),
            company=rng.choice(_COMPANIES), phone="+4791234567",
            email=f"demo{rng.randrange(10**6)}@example.com",
            host_id=rng.choice(host_ids) if host_ids else None,
            visitor_type=rng.choice(list(VISITOR_TYPES)), car_reg=_demo_plate(plates)))
        registration = Registration(details, language, NoticeShown(notice.version, notice.text_hash),
                                    ConsentShown(Decision.REFUSED, "demo"))
        visit = register_visit(service.db, service.config, moment, secret, registration)
        if moment.date() < now.date():
            sign_out(service.db, service.config, moment + timedelta(hours=2), visit.id, "demo")
    with write_transaction(service.db):
        service.db.execute("DELETE FROM outbox WHERE id > ?", [first_new])
    return count
