"""Domain and storage of the reception kiosk.

Everything here runs without a screen: the touchscreen, the command line, the
central service and the tests all call the same services.
"""
from __future__ import annotations

import sys


def _import_sqlite_utils_without_dataframes() -> None:
    """sqlite-utils imports numpy and pandas whenever they are installed (numpy is, on a kiosk
    image that has scipy) only to store their number types; the kiosk never hands it those,
    and numpy alone costs a start about 60 ms. Importing sqlite-utils first, while the two are
    marked missing, leaves them out; anything else may still import them afterwards."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_dataframes()
