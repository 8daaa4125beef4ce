"""The front desk's defences, through its real application and a real library.

Requests go through Flask's test client into the app ``leaflets serve``
runs; what the app opens on disk is watched with an audit hook.
"""

from __future__ import annotations

import datetime
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from patient_leaflets.web.app import MAX_UPLOAD_BYTES, DeskSettings, create_app
from tests.desk import LEAFLET, released_library
from tests.desk import leaflets as run
from tests.helpers import assert_one_error_line

TODAY = datetime.date(2026, 12, 1)
TOKEN = "a-long-enough-access-token-for-tests"
_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)


@contextmanager
def opened_files():
    """Collect the paths of every file opened meanwhile (in this process)."""
    global _OPENED
    _OPENED = found = []
    try:
        yield found
    finally:
        _OPENED = None


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The sample, reviewed and released; its English A4 copy built; a secret file beside it."""
    base = tmp_path_factory.mktemp("desk")
    root, _ = released_library(base)
    (base / "secret.txt").write_text("the clinic's secret")
    run(root, "build", LEAFLET, "--locale", "en", "--brand", "default", "--paper", "a4",
        "--today", TODAY.isoformat())
    return root


def client(root: Path, **settings):
    settings.setdefault("today", lambda: TODAY)
    app = create_app(DeskSettings(root, **settings))
    app.testing = True
    return app.test_client()


def csrf(page: bytes) -> str:
    match = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF field on the page"
    return match.group(1).decode()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "desk.clinic.example"])
def test_serving_beyond_loopback_without_a_token_refuses_to_start(leaflets, library, host):
    refused = leaflets("--root", library, "serve", "--host", host, "--port", "0")
    assert_one_error_line(refused, f"--host {host} lets other machines connect", "--token",
                          "LEAFLETS_TOKEN")


def test_a_short_token_is_refused(leaflets, library):
    assert_one_error_line(leaflets("--root", library, "serve", "--host", "0.0.0.0", "--token", "abc"),
                          "at least 16 characters")


@pytest.mark.parametrize("url", [
    "/leaflets/../../secret.txt",
    "/leaflets/..%2f..%2fsecret.txt",
    "/leaflets/%2e%2e/leaflet.pdf",
    "/leaflets/no-such-leaflet",
    "/leaflets/no-such-leaflet/leaflet.pdf",
    f"/leaflets/{LEAFLET}/leaflet.pdf?locale=../../../secret",
    f"/leaflets/{LEAFLET}/leaflet.pdf?brand=../../secret.txt",
    f"/leaflets/{LEAFLET}/leaflet.pdf?paper=a3",
    f"/leaflets/{LEAFLET}/leaflet.pdf?print=../x",
    f"/leaflets/{LEAFLET}/leaflet.pdf?locale=xx",
    f"/leaflets/{LEAFLET}/page-0.png",
    f"/leaflets/{LEAFLET}/page-99.png",
    "/static/../../secret.txt",
    "/static/%2e%2e/%2e%2e/secret.txt",
])
def test_paths_and_unknown_ids_get_404_and_read_nothing_outside(library, url):
    desk = client(library)
    with opened_files() as opened:
        answer = desk.get(url)
    assert answer.status_code == 404, url
    assert b"secret" not in answer.data
    outside = [path for path in opened if "secret" in path]
    assert not outside, outside


def test_a_known_document_is_served(library):
    with client(library).get(f"/leaflets/{LEAFLET}/leaflet.pdf?locale=en&paper=a4&download=1") \
            as answer:
        assert answer.status_code == 200
        assert answer.data.startswith(b"%PDF-")
        assert "attachment" in answer.headers["Content-Disposition"]


def test_a_post_without_the_csrf_token_is_refused(library):
    desk = client(library)
    page = desk.get("/verify")
    for form in ({}, {"csrf_token": "forged"}):
        refused = desk.post(f"/leaflets/{LEAFLET}/build?locale=es", data=form)
        assert refused.status_code == 400
        assert b"expired" in refused.data
    accepted = desk.post(f"/leaflets/{LEAFLET}/print", data={"csrf_token": csrf(page.data),
                                                              "printer": "no-such-printer"})
    assert accepted.status_code == 404  # past the CSRF check: a printer CUPS does not have


def test_every_answer_has_a_strict_content_security_policy(library):
    desk = client(library)
    for url in ("/", f"/leaflets/{LEAFLET}", "/verify", "/no-such-page"):
        policy = desk.get(url).headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    page = desk.get(f"/leaflets/{LEAFLET}").data.decode()
    assert "<script>" not in page and " style=" not in page and "http" not in page.split("<body>")[1]


def test_with_a_token_nothing_is_answered_without_it(library):
    desk = client(library, token=TOKEN)
    assert desk.get("/").status_code == 401
    assert desk.get("/", headers={"Authorization": "Bearer wrong-token-wrong-token"}).status_code == 401
    assert desk.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    link = desk.get(f"/?token={TOKEN}")
    assert link.status_code == 303 and "token" not in link.headers["Location"]
    assert desk.get("/").status_code == 200  # the cookie the link set


def test_an_upload_larger_than_the_limit_is_refused(library):
    desk = client(library)
    page = desk.get("/verify")
    big = b"%PDF-1.7\n" + b"0" * (MAX_UPLOAD_BYTES + 10)
    import io

    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(path="/verify", method="POST", data={
        "csrf_token": csrf(page.data), "copy": (io.BytesIO(big), "big.pdf")})
    environ = builder.get_environ()
    try:
        with desk.open(environ) as answer:
            assert answer.status_code == 413
    finally:
        environ["wsgi.input"].close()  # the body spooled to a temporary file, never read
        builder.close()


def test_a_draft_is_not_handed_out_without_allow_drafts(library, tmp_path):
    # In 2040 the review of 2026 is overdue: the copy built then is current, and a draft.
    late = datetime.date(2040, 1, 1)
    out = tmp_path / "out"
    run(library, "build", LEAFLET, "--locale", "en", "--brand", "default", "--paper", "a4",
        "--today", late.isoformat(), "--out", out)
    desk = client(library, out=out, today=lambda: late)
    page = desk.get(f"/leaflets/{LEAFLET}?locale=en&paper=a4").data.decode()
    assert "Draft: not for patients." in page
    assert "Download the PDF" not in page and "Print on" not in page
    assert desk.get(f"/leaflets/{LEAFLET}/leaflet.pdf?locale=en&paper=a4").status_code == 403
    allowed = client(library, out=out, today=lambda: late, allow_drafts=True)
    page = allowed.get(f"/leaflets/{LEAFLET}?locale=en&paper=a4").data.decode()
    assert "Download the PDF" in page and page.count("Draft: not for patients") >= 2
    with allowed.get(f"/leaflets/{LEAFLET}/leaflet.pdf?locale=en&paper=a4") as answer:
        assert answer.status_code == 200


def test_the_check_a_copy_page_says_what_verify_says(library):
    desk = client(library)
    pdf = library / "dist" / "default" / "en"
    (copy,) = pdf.glob(f"{LEAFLET}-*-a4.pdf")
    import io

    token = csrf(desk.get("/verify").data)
    answer = desk.post("/verify", data={"csrf_token": token,
                                        "copy": (io.BytesIO(copy.read_bytes()), copy.name)},
                       content_type="multipart/form-data").data.decode()
    assert "current: spinal-manipulation" in answer and "can be handed out" in answer
    answer = desk.post("/verify", data={"csrf_token": token,
                                        "copy": (io.BytesIO(b"not a pdf"), "x.pdf")},
                       content_type="multipart/form-data").data.decode()
    assert "Not one of ours: x.pdf: not a PDF" in answer


def test_serve_listens_on_loopback_and_stops_cleanly_on_sigterm(library):
    import signal
    import subprocess

    leaflets = Path(sys.executable).with_name("leaflets")
    server = subprocess.Popen([str(leaflets), "--root", str(library), "serve", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert re.fullmatch(r"front desk at http://127\.0\.0\.1:\d+/ \(Ctrl-C stops\)\n", line), line
        server.send_signal(signal.SIGTERM)  # as systemctl stop does
        out, err = server.communicate(timeout=20)
    finally:
        server.kill()
    assert (server.returncode, out, err) == (0, "front desk stopped\n", "")


def test_with_leaflets_token_it_serves_the_network_and_asks_for_the_token(library):
    import os
    import signal
    import subprocess
    import urllib.error
    import urllib.request

    leaflets = Path(sys.executable).with_name("leaflets")
    server = subprocess.Popen([str(leaflets), "--root", str(library), "serve", "--host", "0.0.0.0",
                               "--port", "0"], env={**os.environ, "LEAFLETS_TOKEN": TOKEN},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        port = re.fullmatch(r"front desk at http://0\.0\.0\.0:(\d+)/ \(Ctrl-C stops\)\n", line)
        assert port, line
        url = f"http://127.0.0.1:{port.group(1)}/"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 401
        refused.value.close()
        with urllib.request.urlopen(urllib.request.Request(
                url, headers={"Authorization": f"Bearer {TOKEN}"}), timeout=10) as answer:
            assert answer.status == 200 and b"Find a leaflet" in answer.read()
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=20)
    finally:
        server.kill()
    assert server.returncode == 0
