"""The console's pages: each shows what the domain returns and asks the console to run its work.

Pages never touch the database themselves: they call `run(op, on_done)`, which
puts the work on the database lane, and show the result when it comes back.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QListWidget, QTableWidget,
                               QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

from kiosk import exports, printlog, processing_record, retention, rights, stats
from kiosk.captions import CAPTIONS
from kiosk.errors import Message, N_
from kiosk.files import chosen_folder
from kiosk.names import PersonName
from kiosk.on_site import OnSiteVisit, evacuation_groups
from kiosk.service import KioskService
from kiosk.visitor_types import VISITOR_TYPES
from ui.language import Language
from ui.widgets import button, choice_box, date_field, label, line_edit

Run = Callable[[Callable[[], Any], Callable[[Any], None]], None]
EXPORT_FOLDER = N_("Folder for the export")
EXPORTED = N_("Exported {count} rows to {path}.")
#: Reprint a badge by token on the print lane: (token, on_done((message, code)), force).
Reprint = Callable[[str, Callable[[tuple[Message, str]], None], bool], None]


class Page(QWidget):
    """A page with a status line; `title` is its tab's source text."""

    title = ""

    def __init__(self, name: str, language: Language, service: KioskService, run: Run) -> None:
        super().__init__()
        self.setObjectName(name)
        self.language, self.service, self.run = language, service, run
        self.layout_ = QVBoxLayout(self)
        self.status = label(f"{name}_status", "body")
        self.status.setWordWrap(True)

    def tr(self, text: str, **params: Any) -> str:  # noqa: D102 - Qt's name, our translator
        return self.language.tr(text, **params)

    def say(self, text: str, **params: Any) -> None:
        self.status.setText(self.tr(text, **params))

    def refresh(self) -> None:
        """Reload what the page shows; called when the page is opened."""


class OnSitePage(Page):
    title = N_("On site")
    COLUMNS = (N_("Name"), CAPTIONS["company"], N_("Host"), N_("Signed in"), CAPTIONS["car_reg"])

    def __init__(self, *args: Any) -> None:
        super().__init__("console_on_site", *args)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("on_site_table")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sign_out = button("on_site_sign_out", "primary")
        self.sign_out.clicked.connect(self._sign_out)
        self.visits: list[OnSiteVisit] = []
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.sign_out)
        self.layout_.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.sign_out.setText(self.tr("Sign out the selected visitor"))

    def refresh(self) -> None:
        service = self.service
        from kiosk.on_site import on_site

        self.run(lambda: on_site(service.db, service.config, now=service.clock.now()),
                 self.show_visits)

    def show_visits(self, visits: list[OnSiteVisit]) -> None:
        self.visits = visits
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(visits))
        for row, v in enumerate(visits):
            host = self.tr("Event: {name}", name=v.event) if v.kind == "attendee" else v.host
            cells = (PersonName(v.given_name, v.family_name, v.family_first).full, v.company, host,
                     v.signed_in_at.strftime("%d.%m %H:%M"), v.plate)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setUpdatesEnabled(True)
        self.say("{count} people on site.", count=len(visits))

    def _sign_out(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.visits):
            self.say("Choose a visitor in the list first.")
            return
        if self.visits[row].kind == "attendee":
            self.say("Attendees are checked out at the event's door.")
            return
        visit_id = self.visits[row].visit_id
        self.run(lambda: self.service.sign_out(visit_id, "reception"), lambda _visit: self.refresh())


class EvacuationPage(Page):
    title = N_("Evacuation")

    def __init__(self, *args: Any, print_pdf: Callable[[bytes], Message]) -> None:
        super().__init__("console_evacuation", *args)
        self.print_pdf = print_pdf
        self.go = button("evacuation_print", "primary")
        self.go.setMinimumHeight(96)
        self.go.clicked.connect(self.show_and_print)
        self.groups = QTextBrowser()
        self.groups.setObjectName("evacuation_groups")
        self.pdf = b""
        self.layout_.addWidget(self.go)
        self.layout_.addWidget(self.groups, 1)
        self.layout_.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setText(self.tr("Show and print the evacuation list"))

    def show_and_print(self) -> None:
        """One tap: the list is read locally, rendered and sent to the local CUPS (no network)."""
        from kiosk.on_site import on_site
        from printing.documents import evacuation_pdf

        service, translate = self.service, self.language.translator

        def work() -> tuple[list[OnSiteVisit], bytes, Message]:
            visits = on_site(service.db, service.config, now=service.clock.now())
            when = service.clock.now().astimezone(service.config.zone).strftime("%d.%m.%Y %H:%M")
            pdf = evacuation_pdf(visits, service.config.site_name, when, translate)
            return visits, pdf, self.print_pdf(pdf)

        self.run(work, self._shown)

    def _shown(self, result: tuple[list[OnSiteVisit], bytes, Message]) -> None:
        visits, self.pdf, printed = result
        self.groups.setPlainText("\n".join(
            f"{title} ({len(group)})\n  " + "\n  ".join(
                PersonName(v.given_name, v.family_name, v.family_first).full for v in group)
            for title, group in evacuation_groups(visits, self.language.translator)))
        self.status.setText(self.language.message(printed))


#: Each exportable log as the console names it (kiosk/exports.py DATASETS).
DATASET_NAMES = {"visits": N_("Visits"), "checkins": N_("Event check-ins"),
                 "consents": N_("Consent answers"), "print-log": N_("Print log"),
                 "audit": N_("Audit log")}
#: The file formats offered: (caption, format, semicolons).
EXPORT_FORMATS = ((N_("CSV"), "csv", False), (N_("CSV with semicolons (Excel in the Nordics)"), "csv", True),
                  (N_("XLSX (Excel)"), "xlsx", False), (N_("JSON"), "json", False))
#: The export's fields, each under its caption.
EXPORT_CAPTIONS = {"dataset": N_("What to export"), "format": N_("File format"),
                   "from": N_("From (date)"), "to": N_("To (date)"), "kind": N_("Only this type"),
                   "event": N_("Only this event"), "folder": EXPORT_FOLDER}


class ExportsPage(Page):
    """A log for a span of days, narrowed to a type or an event if wanted, in a chosen format."""

    title = N_("Exports")

    def __init__(self, *args: Any) -> None:
        super().__init__("console_exports", *args)
        self.dataset = choice_box("export_dataset")
        self.dataset.currentIndexChanged.connect(lambda _index: self.refresh())
        self.format = choice_box("export_format")
        today = QDate.currentDate()
        self.start = date_field("export_from", today.addDays(-7))
        self.end = date_field("export_to", today)
        self.kind = choice_box("export_type")
        self.event = choice_box("export_event")
        self.choices = exports.FilterChoices((), ())
        self.folder = line_edit("export_folder")
        self.folder.setText(str(Path.home()))
        self.go = button("export_go", "primary")
        self.go.clicked.connect(self.export)
        grid = QGridLayout()
        self.captions = {key: label(f"export_{key}_caption", "hint") for key in EXPORT_CAPTIONS}
        # (key, widget, row, column, columns spanned) on a grid of four columns, the two under
        # the dates narrower than the two under the filters.
        places = (("dataset", self.dataset, 0, 0, 2), ("format", self.format, 0, 2, 2),
                  ("from", self.start, 1, 0, 1), ("to", self.end, 1, 1, 1),
                  ("kind", self.kind, 1, 2, 1), ("event", self.event, 1, 3, 1),
                  ("folder", self.folder, 2, 0, 4))
        for key, widget, row, column, span in places:
            grid.addWidget(self.captions[key], row * 2, column, 1, span)
            grid.addWidget(widget, row * 2 + 1, column, 1, span)
        for column, stretch in enumerate((2, 2, 3, 3)):
            grid.setColumnStretch(column, stretch)
        for box in (self.kind, self.event):
            # Types and event names come from the data: a long one must not widen the screen.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(self.go)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        for key, caption in self.captions.items():
            caption.setText(self.tr(EXPORT_CAPTIONS[key]))
        chosen = self.dataset.currentData() or next(iter(exports.DATASETS))
        self.dataset.blockSignals(True)
        self.dataset.clear()
        for name in exports.DATASETS:
            self.dataset.addItem(self.tr(DATASET_NAMES[name]), name)
        self.dataset.setCurrentIndex(self.dataset.findData(chosen))
        self.dataset.blockSignals(False)
        fmt = max(self.format.currentIndex(), 0)
        self.format.clear()
        for number, (caption, _fmt, _semicolon) in enumerate(EXPORT_FORMATS):
            self.format.addItem(self.tr(caption), number)
        self.format.setCurrentIndex(fmt)
        self._show_choices(self.choices)
        self.go.setText(self.tr("Export"))

    def refresh(self) -> None:
        """The types and events of the chosen log, read on the database lane."""
        service, dataset = self.service, exports.DATASETS[self.dataset.currentData()]
        self.run(lambda: exports.filter_choices(service.db, dataset), self._show_choices)

    def _show_choices(self, choices: exports.FilterChoices) -> None:
        self.choices = choices
        for box, everything, items in (
                (self.kind, N_("All types"), [(self._type_text(value), value)
                                              for value in choices.types]),
                (self.event, N_("All events"), [(name, event_id) for event_id, name in choices.events])):
            chosen = box.currentData()
            box.clear()
            box.addItem(self.tr(everything), None)
            for text, value in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(box.findData(chosen), 0))
        self.event.setEnabled(bool(choices.events))

    def _type_text(self, value: str) -> str:
        """A visitor type by its name on the screens; other logs' types as they are stored."""
        kind = VISITOR_TYPES.get(value) if self.dataset.currentData() == "visits" else None
        return self.tr(kind.label) if kind else value

    def export(self) -> None:
        service, typed = self.service, self.folder.text()
        name = self.dataset.currentData()
        _caption, fmt, semicolon = EXPORT_FORMATS[self.format.currentData()]
        wanted = exports.ExportFilter(self.start.date().toPython(), self.end.date().toPython(),
                                      event=self.event.currentData(), kind=self.kind.currentData())

        def work() -> tuple[int, Path]:
            out = chosen_folder(typed) / f"{name}-{wanted.start}-{wanted.end}.{fmt}"
            return exports.export(service.db, service.config, service.clock.now(),
                                  "admin:console", name, wanted, fmt, out, semicolon), out

        self.run(work, lambda done: self.say(EXPORTED, count=done[0], path=str(done[1])))


class RightsPage(Page):
    """Find the person once (e-mail, phone or name), see who was found, then answer the request."""

    title = N_("Privacy rights")

    def __init__(self, *args: Any) -> None:
        super().__init__("console_rights", *args)
        self.query = line_edit("rights_query")
        self.find = button("rights_find", "primary")
        self.found = QListWidget()
        self.found.setObjectName("rights_found")
        self.folder = line_edit("rights_folder")
        self.folder.setText(str(Path.home()))
        self.access = button("rights_access", "secondary")
        self.object = button("rights_object", "secondary")
        self.erase = button("rights_erase", "secondary")
        self.confirm_erase = button("rights_erase_confirm", "primary")
        self.confirm_erase.hide()
        self.field = choice_box("rights_field")
        self.value = line_edit("rights_value")
        self.rectify = button("rights_rectify", "secondary")
        self.log = QListWidget()
        self.log.setObjectName("rights_log")
        self.subject: rights.Subject | None = None
        self.find.clicked.connect(self._find)
        self.query.returnPressed.connect(self._find)
        self.query.textEdited.connect(lambda _text: self._hold(None, []))
        self.access.clicked.connect(self._access)
        self.object.clicked.connect(self._object)
        self.erase.clicked.connect(self.confirm_erase.show)
        self.confirm_erase.clicked.connect(self._erase)
        self.rectify.clicked.connect(self._rectify)
        self._lay_out()
        self._hold(None, [])
        self.retranslate()

    def _lay_out(self) -> None:
        search = QHBoxLayout()
        search.addWidget(self.query, 1)
        search.addWidget(self.find)
        actions = QHBoxLayout()
        for widget in (self.access, self.object, self.erase, self.confirm_erase):
            actions.addWidget(widget)
        correct = QHBoxLayout()
        correct.addWidget(self.field)
        correct.addWidget(self.value, 1)
        correct.addWidget(self.rectify)
        self.layout_.addLayout(search)
        self.layout_.addWidget(self.found)
        self.layout_.addWidget(self.folder)
        self.layout_.addLayout(actions)
        self.layout_.addLayout(correct)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.log, 1)

    def retranslate(self) -> None:
        self.query.setPlaceholderText(self.tr("E-mail, phone or name"))
        self.find.setText(self.tr("Find"))
        self.folder.setPlaceholderText(self.tr("Folder for the access export"))
        self.access.setText(self.tr("Access export"))
        self.object.setText(self.tr("Objection to marketing"))
        self.erase.setText(self.tr("Erase"))
        self.confirm_erase.setText(self.tr("Yes, erase this person"))
        self.value.setPlaceholderText(self.tr("The corrected value"))
        self.rectify.setText(self.tr("Correct"))
        current = self.field.currentIndex()
        self.field.clear()
        for column in rights.RECTIFIABLE:
            self.field.addItem(self.tr(CAPTIONS[column]), column)
        self.field.setCurrentIndex(max(current, 0))

    def refresh(self) -> None:
        self.run(lambda: rights.rights_log(self.service.db), self._show_log)

    def _show_log(self, requests: list[rights.RightsRequest]) -> None:
        self.log.clear()
        self.log.addItems([f"{r.received_at[:16]}  {r.kind}  {r.handled_by}" for r in requests])

    def _hold(self, subject: rights.Subject | None, lines: list[str]) -> None:
        """The person the actions apply to; none until a search found someone."""
        self.subject = subject
        self.found.clear()
        self.found.addItems(lines)
        self.confirm_erase.hide()
        for widget in (self.access, self.object, self.erase, self.rectify):
            widget.setEnabled(subject is not None)

    def _find(self) -> None:
        service, text = self.service, self.query.text()

        def work() -> tuple[rights.Subject, list[str]]:
            subject = rights.find_by_text(service.db, service.config, text)
            return subject, rights.describe(service.db, subject)

        self._hold(None, [])
        self.run(work, self._found)

    def _found(self, result: tuple[rights.Subject, list[str]]) -> None:
        self._hold(*result)
        self.say("Found {count} records. Check that they are the person who asked.",
                 count=len(result[1]))

    def _access(self) -> None:
        service, subject, typed = self.service, self.subject, self.folder.text()
        translate = self.language.translator

        def work() -> list[Path]:
            from kiosk.files import atomic_write
            from printing.documents import access_pdf

            folder = chosen_folder(typed)
            now = service.clock.now()
            document = rights.access_document(service.db, subject, now)
            stem = folder / f"access-{now:%Y%m%d-%H%M%S}"
            written = [stem.with_suffix(".json"), stem.with_suffix(".pdf")]
            atomic_write(written[0], rights.access_json(document))
            atomic_write(written[1], access_pdf(document, translate))
            rights.record_access(service.db, subject, "admin:console", now, now)
            return written

        self.run(work, lambda paths: (self.say("Wrote {paths}.", paths=", ".join(map(str, paths))),
                                      self.refresh()))

    def _object(self) -> None:
        service, subject = self.service, self.subject

        def work() -> None:
            now = service.clock.now()
            rights.object_to_marketing(service.db, service.config, service.suppression_secret,
                                       subject, "admin:console", now, now)

        self.run(work, lambda _none: (self.say("The objection is recorded."), self.refresh()))

    def _rectify(self) -> None:
        service, subject = self.service, self.subject
        column, value = self.field.currentData(), self.value.text()

        def work() -> list[str]:
            now = service.clock.now()
            rights.rectify(service.db, service.config, subject, column, value, "admin:console",
                           now, now)
            return rights.describe(service.db, subject)

        def done(lines: list[str]) -> None:
            self._hold(subject, lines)
            self.value.clear()
            self.say("Corrected.")
            self.refresh()

        self.run(work, done)

    def _erase(self) -> None:
        service, subject = self.service, self.subject

        def work() -> int:
            now = service.clock.now()
            return rights.erase(service.db, subject, "admin:console", now, now)

        def done(kept: int) -> None:
            self._hold(None, [])
            self.query.clear()
            self.say("Erased; {visits} visits are kept without the person.", visits=kept)
            self.refresh()

        self.run(work, done)


class RetentionPage(Page):
    title = N_("Retention")

    def __init__(self, *args: Any) -> None:
        super().__init__("console_retention", *args)
        self.dry = button("retention_dry_run", "secondary")
        self.purge = button("retention_purge", "primary")
        self.result = QTextBrowser()
        self.result.setObjectName("retention_result")
        self.dry.clicked.connect(lambda: self._purge(True))
        self.purge.clicked.connect(lambda: self._purge(False))
        row = QHBoxLayout()
        row.addWidget(self.dry)
        row.addWidget(self.purge)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.result, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.dry.setText(self.tr("What would go"))
        self.purge.setText(self.tr("Purge now"))

    def _purge(self, dry_run: bool) -> None:
        service = self.service
        self.run(lambda: retention.purge(service.db, service.config, service.clock.now(),
                                         "admin:console", dry_run=dry_run), self._show)

    def _show(self, report: retention.PurgeReport) -> None:
        head = self.tr("Would remove:") if report.dry_run else self.tr("Removed:")
        lines = [f"{self.tr(r.label)}: {report.counts[r.name]}" for r in retention.RULES]
        self.result.setPlainText("\n".join([head, *lines]))


class StatsPage(Page):
    """The four figures as charts, one at a time, and the whole table exported to a file."""

    title = N_("Statistics")
    CHARTS = (N_("Visits per day"), N_("Visits per week"), N_("Arrivals by hour"),
              N_("Event attendance"))
    DAYS = 14

    def __init__(self, *args: Any) -> None:
        super().__init__("console_stats", *args)
        from PySide6.QtCharts import QChartView

        self.kind = choice_box("stats_chart_kind")
        self.kind.currentIndexChanged.connect(lambda _index: self._draw())
        self.format = choice_box("stats_format")
        self.format.addItems(list(exports.FORMATS))
        self.folder = line_edit("stats_folder")
        self.folder.setText(str(Path.home()))
        self.export = button("stats_export", "secondary")
        self.export.clicked.connect(self._export)
        self.view = QChartView()
        self.view.setObjectName("stats_chart")
        row = QHBoxLayout()
        row.addWidget(self.kind, 1)
        row.addWidget(self.format)
        row.addWidget(self.folder, 1)
        row.addWidget(self.export)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addWidget(self.status)
        self.figures: stats.Figures | None = None
        self.retranslate()

    def retranslate(self) -> None:
        current = self.kind.currentIndex()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItems([self.tr(text) for text in self.CHARTS])
        self.kind.setCurrentIndex(max(current, 0))
        self.kind.blockSignals(False)
        self.folder.setPlaceholderText(self.tr(EXPORT_FOLDER))
        self.export.setText(self.tr("Export the figures"))
        self._draw()

    def _period(self) -> tuple[date, date]:
        today = self.service.clock.now().astimezone(self.service.config.zone).date()
        return today - timedelta(days=self.DAYS - 1), today

    def refresh(self) -> None:
        service, (start, end) = self.service, self._period()
        self.run(lambda: stats.figures(service.db, service.config, start, end), self.show_figures)

    def show_figures(self, figures: stats.Figures) -> None:
        self.figures = figures
        self._draw()

    def _bars(self) -> tuple[list[str], list[float], int]:
        """The chosen figure's labels and values summed over sites and types; how many were hidden."""
        figures, index = self.figures, self.kind.currentIndex()
        if index == 3:
            shown = [(name, came) for name, _expected, came in figures.events]
        else:
            series = (figures.per_day, figures.per_week, figures.per_hour)[index]
            shown = [(_bar_label(key, index), count) for key, count in series.items()]
        totals: dict[str, float] = {}
        for key, count in shown:
            if count is not None:
                totals[key] = totals.get(key, 0.0) + count
        return list(totals), list(totals.values()), sum(count is None for _key, count in shown)

    def _draw(self) -> None:
        if self.figures is None:
            return
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QValueAxis

        labels, values, hidden = self._bars()
        bars = QBarSet(self.kind.currentText())
        bars.append(values)
        series = QBarSeries()
        series.append(bars)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(self.tr("{figure} (counts under 5 are left out)", figure=self.kind.currentText()))
        axis = QBarCategoryAxis()
        axis.append(labels)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        numbers = QValueAxis()
        numbers.setLabelFormat("%d")
        chart.addAxis(numbers, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(numbers)
        self.view.setChart(chart)
        self.say("{hidden} figures under 5 are suppressed.", hidden=hidden)

    def _export(self) -> None:
        service, fmt, (start, end) = self.service, self.format.currentText(), self._period()
        typed = self.folder.text()

        def work() -> tuple[int, Path]:
            out = chosen_folder(typed) / f"stats-{start}-{end}.{fmt}"
            return stats.export(service.db, service.config, service.clock.now(),
                                "admin:console", start, end, fmt, out), out

        self.run(work, lambda done: self.say(EXPORTED, count=done[0], path=str(done[1])))


def _bar_label(key: Any, index: int) -> str:
    """A bar's caption: the day, the ISO week or the hour."""
    if index == 0:
        return key[0].strftime("%d.%m")
    if index == 1:
        return key[0]
    return f"{key:02d}:00"


class RecordPage(Page):
    title = N_("Notices and record")

    def __init__(self, *args: Any) -> None:
        super().__init__("console_record", *args)
        self.text = QTextBrowser()
        self.text.setObjectName("record_text")
        self.text.setOpenLinks(False)
        self.folder = line_edit("notice_folder")
        if self.service.data_dir is not None:
            self.folder.setText(str(self.service.data_dir / "notices"))
        self.check = button("notice_check", "secondary")
        self.install = button("notice_install", "primary")
        self.install.hide()
        self.check.clicked.connect(self._check)
        self.install.clicked.connect(self._install)
        self.folder.textEdited.connect(lambda _text: self.install.hide())
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.check)
        row.addWidget(self.install)
        self.layout_.addWidget(self.text, 1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.folder.setPlaceholderText(self.tr("Folder with notice.nb.md, notice.en.md, …"))
        self.check.setText(self.tr("Check the new notice"))
        self.install.setText(self.tr("Install it"))

    def _check(self) -> None:
        """Read and check the files first, and say what would be installed."""
        from kiosk.company_setup import checked_notices
        from kiosk.notices import parse_notice_file

        service, typed = self.service, self.folder.text()

        def work() -> list[tuple[str, str, date]]:
            return [(language, *parse_notice_file(content)[:2])
                    for language, content in checked_notices(service, chosen_folder(typed)).items()]

        self.install.hide()
        self.run(work, self._checked)

    def _checked(self, found: list[tuple[str, str, date]]) -> None:
        self.say("Ready to install: {versions}. Visits keep the version they saw.",
                 versions=", ".join(f"{language} {version} ({updated.isoformat()})"
                                    for language, version, updated in found))
        self.install.show()

    def _install(self) -> None:
        from kiosk.company_setup import install_notices

        self.install.hide()
        service, typed = self.service, self.folder.text()
        self.run(lambda: install_notices(service, chosen_folder(typed), "admin:console"),
                 lambda installed: (self.say("Installed {count} notices.", count=len(installed)),
                                    self.refresh()))

    def refresh(self) -> None:
        service, translate = self.service, self.language.translator

        def work() -> str:
            seen = "\n".join(f"- {version}: {stats.label(count)}"
                             for version, count in stats.notice_versions(service.db))
            return (processing_record.markdown(service.config, translate) + "\n## "
                    + translate("Notice versions the visits saw") + "\n\n" + seen + "\n")

        self.run(work, self.text.setMarkdown)


class ReprintPage(Page):
    """Badges no printer could print; each reprint asks for a confirmation first."""

    title = N_("Reprint queue")

    def __init__(self, *args: Any, reprint: Reprint) -> None:
        super().__init__("console_reprint", *args)
        self.reprint = reprint
        self.queue = QListWidget()
        self.queue.setObjectName("reprint_queue")
        self.ask = button("reprint_ask", "secondary")
        self.confirm = button("reprint_confirm", "primary")
        self.confirm.hide()
        self.force = button("reprint_force", "secondary")
        self.force.hide()
        self.ask.clicked.connect(self._ask)
        self.confirm.clicked.connect(lambda: self._reprint(False))
        self.force.clicked.connect(lambda: self._reprint(True))
        self.queue.currentRowChanged.connect(lambda _row: (self.confirm.hide(), self.force.hide()))
        self.tokens: list[str] = []
        #: What became of the last reprint, shown above the queue's count.
        self.note = ""
        self.layout_.addWidget(self.queue, 1)
        self.layout_.addWidget(self.ask)
        self.layout_.addWidget(self.confirm)
        self.layout_.addWidget(self.force)
        self.layout_.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.ask.setText(self.tr("Reprint the selected badge"))
        self.confirm.setText(self.tr("Yes, print it again"))
        self.force.setText(self.tr("Print it anyway (recorded in the audit log)"))

    def refresh(self) -> None:
        self.run(lambda: printlog.queued(self.service.db), self._show)

    def _show(self, queued: list[printlog.QueuedBadge]) -> None:
        self.tokens = [q.badge_token for q in queued]
        self.queue.clear()
        zone = self.service.config.zone
        self.queue.addItems([f"{q.queued_at.astimezone(zone):%d.%m %H:%M}  {q.reason}" for q in queued])
        waiting = self.tr("{count} badges wait for a reprint.", count=len(queued))
        self.status.setText(f"{self.note} {waiting}".strip())
        self.note = ""

    def _ask(self) -> None:
        if 0 <= self.queue.currentRow() < len(self.tokens):
            self.confirm.show()
        else:
            self.say("Choose a badge in the list first.")

    def _reprint(self, force: bool) -> None:
        self.confirm.hide()
        self.force.hide()
        self.reprint(self.tokens[self.queue.currentRow()], self._printed, force)

    def _printed(self, result: tuple[Message, str]) -> None:
        message, code = result
        if code == "signed_out":
            # A badge for someone who left opens doors for whoever holds it: a second,
            # explicit choice, audited as a forced reprint.
            self.force.show()
            self.say("This visitor has signed out. A new badge would let whoever holds it in; "
                     "print it only if you are sure.")
            return
        self.note = self.language.message(message)
        self.refresh()
