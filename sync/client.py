"""The kiosk's HTTP client of the central service (httpx), with certificate checks always on.

Failures come back as the kiosk's own errors, never httpx's: `Unavailable` (network,
timeouts, the service or its database down: try again later), `Refused` (the token,
the code or, as `Untrusted`, the service's certificate is not accepted: an admin must
act) and `BadAnswer` (an answer the API does not describe).
"""
from __future__ import annotations

import errno
import socket
import ssl
from typing import Any

import httpx

from kiosk.errors import KioskError, Message, N_
from sync.kinds import MAX_ID

#: Connecting waits longer than the 3 s a local network takes to find that a host is gone, so
#: that case is told as "no route", not as a timeout.
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
UNREACHABLE = N_("The central service {server} cannot be reached: {reason}")
#: A socket's reasons for "this machine has no way to that address".
NO_ROUTE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN})


class Unavailable(KioskError):
    code = "unavailable"


class Refused(KioskError):
    code = "refused"


class Untrusted(Refused):
    """The service's certificate is not trusted: the CA, not the token or code, is at fault."""


class BadAnswer(KioskError):
    """The service answered with something other than what the API describes."""

    code = "bad_answer"


def _cause(exc: BaseException | None, kind: type[BaseException]) -> BaseException | None:
    """The first error of `kind` in the chain of causes (httpx wraps the socket's own error)."""
    while exc is not None:
        if isinstance(exc, kind):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    return _cause(exc, kind) is not None


def _unreachable(exc: httpx.HTTPError) -> str:
    """The admin's words for the everyday network faults; the library's own text for the rest,
    which this message quotes as {reason}."""
    if isinstance(exc, httpx.TimeoutException):
        return N_("The central service {server} did not answer in time; the kiosk tries again "
                  "later.")
    if _caused_by(exc, ConnectionRefusedError):
        return N_("Nothing answers at {server}: the central service is not running there, or the "
                  "address or port is wrong.")
    if _caused_by(exc, socket.gaierror):
        return N_("The server name in {server} cannot be found; check the address and the "
                  "network.")
    if getattr(_cause(exc, OSError), "errno", None) in NO_ROUTE:
        return N_("This kiosk has no network route to {server}; check its network cable or "
                  "Wi-Fi, and the address.")
    if _caused_by(exc, ssl.SSLError):
        return N_("{server} does not answer as its address says: check http:// or https:// at "
                  "its start, and that the port is the central service's.")
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return N_("The connection to the central service {server} broke off before its answer "
                  "came; the kiosk sends again later, and nothing is stored twice.")
    return UNREACHABLE


class CentralClient:
    def __init__(self, server: str, token: str = "", ca_file: str = "",
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        # verify=True checks the certificate against the system store; a company CA
        # file replaces it. There is no switch to turn checking off.
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.server = server.rstrip("/")
        try:
            url = httpx.URL(self.server)
            usable = url.scheme in ("http", "https") and bool(url.host)
        except (httpx.InvalidURL, TypeError):
            usable = False
        if not usable:
            raise Refused(Message(N_("{server} is not an address of the central service; give "
                                     "it as https://name:port."), {"server": server}))
        try:
            verify: Any = ssl.create_default_context(cafile=ca_file) if ca_file else True
        except (ssl.SSLError, OSError) as exc:  # the CA file went missing or is not PEM
            raise Refused(Message(N_("The CA file {path} cannot be used ({reason}); give the PEM "
                                     "certificate of the authority that signed the central "
                                     "service's certificate."),
                                  {"path": ca_file, "reason": getattr(exc, "reason", None)
                                   or exc.strerror or type(exc).__name__})) from exc
        self._http = httpx.Client(base_url=self.server, headers=headers, verify=verify,
                                  timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            answer = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            reason = str(exc) or type(exc).__name__
            if _caused_by(exc, ssl.SSLCertVerificationError):  # an admin must give the CA
                raise Untrusted(Message(
                    N_("The certificate of {server} is not trusted ({reason}). If the company "
                       "signs its own certificates, give its CA with --ca-file when enrolling."),
                    {"server": self.server, "reason": reason})) from exc
            raise Unavailable(Message(_unreachable(exc), {"server": self.server,
                                                           "reason": reason})) from exc
        if answer.status_code in (401, 403):
            raise Refused(Message(N_("The central service refused this kiosk ({reason}); "
                                     "enroll it again with a new code."),
                                  {"reason": _detail(answer)}))
        if answer.status_code >= 500 or answer.status_code in (408, 429):
            raise Unavailable(Message(UNREACHABLE, {"server": self.server,
                                                    "reason": f"HTTP {answer.status_code}"}))
        try:
            answer.raise_for_status()
            return answer.json()
        except (httpx.HTTPStatusError, ValueError) as exc:
            raise bad_answer(f"HTTP {answer.status_code}") from exc

    def _object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """An answer that must be a JSON object: anything else is not the central service."""
        answer = self._call(method, path, **kwargs)
        if not isinstance(answer, dict):
            raise bad_answer("not an object")
        return answer

    def enroll(self, code: str, kiosk_id: str) -> dict[str, Any]:
        if not code.strip() or not code.isprintable() or len(code) > MAX_ID:
            raise Refused(Message(N_("--code must be the code `kiosk server enroll` printed, "
                                     "such as ABCD-EFGH-JKMN-PQRS.")))
        try:
            return self._object("POST", "/v1/enroll", json={"code": code, "kiosk_id": kiosk_id})
        except Untrusted:
            raise
        except Refused as exc:
            raise Refused(Message(N_("The central service did not take the code: it is mistyped, "
                                     "already used or expired. Ask for a new one with `kiosk "
                                     "server enroll --site SITE`."))) from exc

    def upload(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results = self._object("POST", "/v1/records", json={"records": records}).get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) and "id" in r
                                                    for r in results):
            raise bad_answer("results")
        return results

    def changes(self, since: int, limit: int = 5000) -> dict[str, Any]:
        page = self._object("GET", "/v1/changes", params={"since": since, "limit": limit})
        records = page.get("records", [])
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records) \
                or type(page.get("cursor", since)) is not int:
            raise bad_answer("records")
        return page

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("POST", path, json=body)

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("PUT", path, json=body)

    def get(self, path: str, **params: Any) -> Any:
        return self._call("GET", path, params=params)


def _detail(answer: httpx.Response) -> str:
    try:
        return str(answer.json().get("detail", answer.status_code))
    except ValueError:
        return str(answer.status_code)


def bad_answer(reason: str) -> BadAnswer:
    """An answer that is not what the API describes; `reason` names what is wrong in it."""
    return BadAnswer(Message(N_("The central service gave an answer this kiosk cannot use: "
                                "{reason}"), {"reason": reason}))
