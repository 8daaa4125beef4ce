"""The front desk: find a leaflet, see it, hand it out or print it, and check a copy.

A Flask application over a library and its output folder. It never renders
a leaflet itself: a document is served from the manifest when it is
current, and otherwise made by the build engine of ``leaflets build``
(``web.builds``). Only names the library knows (leaflets, locales, brands,
papers) reach the file system; everything else is a 404.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response

from .. import printing, verify
from ..build.current import Current, Document, brand_ids, default_document, job_of, recorded
from ..errors import LeafletError, UsageError
from ..library import Library, open_library
from ..variants import PAPERS
from . import security
from .builds import Board
from .catalogue import Catalogue, Language
from .thumbnails import thumbnail

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a copy to check; leaflets are well under a megabyte
CSRF_FIELD = "csrf_token"
PRINTS = ("standard", "large")


@dataclass(frozen=True)
class DeskSettings:
    """How the front desk was started."""

    root: Path
    out: Path | None = None  # None: 'output' in leaflets.toml
    allow_drafts: bool = False
    token: str | None = None  # needed beyond loopback
    today: Callable[[], datetime.date] = datetime.date.today


def create_app(settings: DeskSettings) -> Flask:
    """Return the front desk's application for ``settings``."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # a new one per start: sessions do not outlive it
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    catalogue, board = Catalogue(), Board()

    def library() -> Library:
        if "library" not in g:
            g.library = open_library(settings.root)
        found: Library = g.library
        return found

    @app.before_request
    def guard() -> Response | None:
        if settings.token is not None:
            given = (request.cookies.get(security.TOKEN_COOKIE)
                     or request.headers.get("Authorization", "").removeprefix("Bearer ") or None)
            from_link = request.args.get("token")
            if security.token_matches(settings.token, from_link):
                # Once from the link staff were given; then a cookie, and the token out of the URL.
                args: dict[str, Any] = {key: value for key, value in request.args.items()
                                        if key != "token"}
                answer = redirect(url_for(request.endpoint or "index", **(request.view_args or {}),
                                          **args), 303)
                answer.set_cookie(security.TOKEN_COOKIE, settings.token, httponly=True,
                                  samesite="Strict")
                return answer
            if not security.token_matches(settings.token, given):
                return Response("This front desk needs its access link: ask whoever set it up "
                                "for the address with ?token=...\n", 401,
                                content_type="text/plain; charset=utf-8")
        if CSRF_FIELD not in session:
            session[CSRF_FIELD] = secrets.token_urlsafe(32)
        if request.method == "POST":
            given_csrf = request.form.get(CSRF_FIELD, "")
            if not security.token_matches(session[CSRF_FIELD], given_csrf):
                abort(400, "This form has expired (or did not come from this page): go back, "
                           "reload the page and try again.")
        return None

    @app.after_request
    def harden(response: Response) -> Response:
        response.headers.update(security.HEADERS)
        return response

    @app.context_processor
    def common() -> dict[str, Any]:
        return {"csrf_token": session.get(CSRF_FIELD, ""), "allow_drafts": settings.allow_drafts}

    @app.errorhandler(LeafletError)
    def library_error(error: LeafletError) -> tuple[str, int]:
        return render_template("error.html", title="Something is wrong", code=500,
                               message=str(error).split("\n")[0]), 500

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def http_error(error: Any) -> tuple[str, int] | Response:
        code = getattr(error, "code", 500)
        if isinstance(error, SecurityError):  # a Host this app does not answer: no page links to it
            return Response("Open the front desk at the address it was started on.\n", 400,
                            content_type="text/plain; charset=utf-8")
        titles = {400: "Request refused", 403: "Not for patients", 404: "Not found",
                  413: "File too large"}
        message = getattr(error, "description", "")
        if code == 404:
            message = "There is no such leaflet, language, brand or page here."
        if code == 413:
            message = f"Choose a PDF smaller than {MAX_UPLOAD_BYTES // 2**20} MB."
        return render_template("error.html", title=titles.get(code, "Error"), code=code,
                               message=message), code

    @app.get("/")
    def index() -> str:
        query = request.args.get("q", "").strip()[:200]
        lib = library()
        entries = (catalogue.search(lib, settings.today(), query) if query
                   else [entry for entry in catalogue.entries(lib, settings.today())
                         if entry.language.locale == lib.settings.source_locale])
        languages: dict[str, list[Language]] = {entry.leaflet: [] for entry in entries}
        for entry in catalogue.entries(lib, settings.today()):
            if entry.leaflet in languages:
                languages[entry.leaflet].append(entry.language)
        return render_template("index.html", query=query, entries=entries, languages=languages)

    def document_asked(leaflet_id: str) -> Document:
        """Return the document the query asks for; 404 for any name the library does not know."""
        lib = library()
        variant = request.values.get("print", "standard")
        if variant not in PRINTS:
            abort(404)
        try:
            return default_document(lib, leaflet_id, request.values.get("locale") or None,
                                    request.values.get("brand") or None,
                                    request.values.get("paper") or None, variant == "large")
        except UsageError:
            abort(404)

    def asked(document: Document) -> dict[str, Any]:
        return {"locale": document.locale, "brand": document.brand, "paper": document.paper,
                "print": "large" if document.variant.large_print else "standard"}

    def current_of(document: Document) -> Current | None:
        return recorded(library(), document, settings.today(), settings.out)

    @app.get("/leaflets/<leaflet_id>")
    def leaflet(leaflet_id: str) -> str:
        document = document_asked(leaflet_id)
        lib = library()
        found = lib.leaflet(leaflet_id)
        current = current_of(document)
        entries = [entry for entry in catalogue.entries(lib, settings.today())
                   if entry.leaflet == leaflet_id]
        shown = next((e for e in entries if e.language.locale == document.locale), entries[0])
        return render_template(
            "leaflet.html", leaflet=found, entry=shown, entries=entries, document=document,
            asked=asked(document), current=current, brands=brand_ids(lib), papers=PAPERS,
            status=board.status(document), job=job_of(lib, document),
            printers=printing.printers() if current else [],
            printable=current is not None and (not current.record.draft or settings.allow_drafts))

    def printable(document: Document) -> Current:
        current = current_of(document)
        if current is None:
            abort(404)
        if current.record.draft and not settings.allow_drafts:
            abort(403, "This leaflet is a draft: not for patients. It can be handed out once it "
                       "is reviewed and released.")
        return current

    @app.get("/leaflets/<leaflet_id>/leaflet.pdf")
    def pdf(leaflet_id: str) -> Response:
        current = printable(document_asked(leaflet_id))
        return send_file(current.path, mimetype="application/pdf",
                         as_attachment=request.args.get("download") == "1",
                         download_name=Path(current.record.path).name, max_age=0)

    @app.get("/leaflets/<leaflet_id>/page-<int:page>.png")
    def page_image(leaflet_id: str, page: int) -> Response:
        current = current_of(document_asked(leaflet_id))
        if current is None:
            abort(404)
        data = thumbnail(current.out_dir, current.path, current.record.sha256, page)
        if data is None:
            abort(404)
        return Response(data, mimetype="image/png")

    @app.post("/leaflets/<leaflet_id>/build")
    def build(leaflet_id: str) -> Response:
        document = document_asked(leaflet_id)
        board.start(settings.root, document, settings.today(), settings.out)
        return redirect(url_for("leaflet", leaflet_id=leaflet_id, **asked(document)), 303)

    @app.get("/leaflets/<leaflet_id>/build.json")
    def build_status(leaflet_id: str) -> Response:
        status = board.status(document_asked(leaflet_id))
        if status is None:
            abort(404)
        return jsonify(state=status.state, message=status.message, done=status.done,
                       total=status.total, finished=status.finished)

    @app.post("/leaflets/<leaflet_id>/print")
    def print_(leaflet_id: str) -> Response:
        document = document_asked(leaflet_id)
        printable(document)
        printer = request.form.get("printer", "")
        if printer not in printing.printers():
            abort(404)
        try:
            copies = int(request.form.get("copies", "1"))
        except ValueError:
            abort(400, "The number of copies must be a whole number.")
        try:
            done = printing.print_document(library(), printing.PrintRequest(
                document, printer, copies, request.form.get("duplex") == "on",
                settings.allow_drafts), settings.today(), settings.out)
        except LeafletError as exc:
            flash(str(exc).split("\n")[0], "error")
        else:
            flash(f"Sent {done.entry.copies} {'copy' if done.entry.copies == 1 else 'copies'} "
                  f"to {printer} (job {done.job}).", "done")
        return redirect(url_for("leaflet", leaflet_id=leaflet_id, **asked(document)), 303)

    @app.route("/verify", methods=["GET", "POST"])
    def check_copy() -> str:
        verdict = problem = None
        if request.method == "POST":
            upload = request.files.get("copy")
            if upload is None or not upload.filename:
                problem = "Choose the PDF file to check."
            else:
                name = Path(upload.filename).name
                try:
                    verdict = verify.verify(library(), upload.read(MAX_UPLOAD_BYTES + 1),
                                            Path(name), settings.today())
                except verify.NotOurs as exc:
                    problem = f"{name}: {exc.message}"
        return render_template("verify.html", verdict=verdict, problem=problem)

    app.add_url_rule("/leaflets/", "leaflets", lambda: redirect(url_for("index")))
    return app
