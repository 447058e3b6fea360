"""`ladderkit serve` as a coach uses it: edits show up in the preview, and a broken ladder,
brand setting or mkdocs.yml prints its message while the last good site stays served."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.commands.new import create_site
from generator.site.plugin import NOT_REBUILT
from tests.helpers import cli

pytestmark = pytest.mark.slow  # in make test, not in the fast lane (pyproject.toml markers)

WAIT = 60  # seconds: an upper bound for one rebuild on a busy machine, not a speed target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`ladderkit serve` in a subprocess; its output is collected line by line."""

    def __init__(self, site: Path):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.read().decode()
        except OSError:
            return None

    def wait_for(self, what: str, check) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the server died while waiting for {what}:\n{self.output}"
            if check():
                return
            time.sleep(0.2)
        pytest.fail(f"gave up waiting for {what}; server output:\n{self.output}")

    def wait_for_output(self, text: str, start: int) -> None:
        self.wait_for(repr(text), lambda: any(text in line for line in self.lines[start:]))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def site(tmp_path) -> Path:
    folder = tmp_path / "coach"
    create_site(folder, "Serve Test Coaching")
    config = folder / "mkdocs.yml"
    config.write_text(re.sub(r"pdfs: true\b", "pdfs: false", config.read_text()))  # pages are what is served here
    return folder


@pytest.fixture
def server(site):
    srv = Server(site)
    try:
        srv.wait_for("the first page", lambda: srv.get("/") is not None)
        yield srv
    finally:
        srv.stop()


RUNGS = "/ladders/first-ladder/rungs/"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_broken_ladder_keeps_the_last_good_page_until_it_is_fixed(site, server):
    ladder = site / "ladders" / "first-ladder.yml"
    assert "Someone who has come back at least once." in server.get(RUNGS)

    start = len(server.lines)
    edit(ladder, "title: From first visit to regular\n", "title: From first visit to regular\nsumary: oops\n")
    server.wait_for_output("ladders/first-ladder.yml:7: sumary: unknown key; did you mean 'summary'?", start)
    server.wait_for_output(NOT_REBUILT, start)  # the rebuild with the last good ladder finished
    time.sleep(1)
    # MkDocs' live-reload lines carry the time: "INFO: [23:08:20] Reloading browsers".
    assert not any(
        re.match(r"INFO: (\[[\d:]+\] )?(Documentation built|Reloading browsers)", line) for line in server.lines[start:]
    ), "nothing that reads like success after the error"
    assert "Someone who has come back at least once." in server.get(RUNGS)

    start = len(server.lines)
    ladder.write_text(
        ladder.read_text()
        .replace("sumary: oops\n", "")
        .replace("Someone who has come back at least once.", "Someone who came back for more.")
    )
    server.wait_for(
        "the fixed ladder in the preview", lambda: "Someone who came back for more." in (server.get(RUNGS) or "")
    )
    assert "Someone who has come back at least once." not in server.get(RUNGS)

    start = len(server.lines)
    (ladder).write_text("id: first-ladder\ntitle: [unclosed\n")
    server.wait_for_output(
        "ladders/first-ladder.yml:2: YAML syntax error at column 8: this '[' is never closed "
        "with ']' (noticed at line 3: expected ',' or ']', but got '<stream end>')",
        start,
    )
    server.wait_for_output(NOT_REBUILT, start)
    assert "Someone who came back for more." in server.get(RUNGS)
    assert server.proc.poll() is None
    assert "Traceback" not in server.output


def test_pages_and_brand_settings_update_and_bad_settings_do_not_stop_the_preview(site, server):
    page = site / "content" / "about.md"
    edit(page, "Tell your clients who you are", "Tell your clients a story")
    server.wait_for("the edited page", lambda: "Tell your clients a story" in (server.get("/about/") or ""))

    config = site / "mkdocs.yml"
    edit(config, 'primary: "#1f4e79"', 'primary: "#8a2be2"')
    css = "/assets/ladderkit/brand.css"
    server.wait_for("the new brand colour", lambda: "--lk-primary: #8a2be2;" in (server.get(css) or ""))

    start = len(server.lines)
    edit(config, 'primary: "#8a2be2"', 'primary: "purple-ish"')
    server.wait_for_output(
        "mkdocs.yml: plugins.ladderkit.brand.primary: 'purple-ish' is not a colour; use #rrggbb", start
    )
    server.wait_for_output(NOT_REBUILT, start)
    assert "--lk-primary: #8a2be2;" in server.get(css)

    start = len(server.lines)
    edit(config, "      pdfs: false", "      pdfz: false")
    server.wait_for_output("mkdocs.yml: plugins.ladderkit.pdfz: unknown setting; did you mean 'pdfs'?", start)
    server.wait_for_output(NOT_REBUILT, start)

    start = len(server.lines)
    config.write_text(config.read_text() + "site_name: [unclosed\n")
    server.wait_for_output(NOT_REBUILT, start)
    assert "--lk-primary: #8a2be2;" in server.get(css)

    config.write_text(
        config.read_text()
        .replace("site_name: [unclosed\n", "")
        .replace("pdfz", "pdfs")
        .replace('"purple-ish"', '"#2e7d32"')
    )
    server.wait_for("the fixed settings", lambda: "--lk-primary: #2e7d32;" in (server.get(css) or ""))
    assert server.proc.poll() is None
    assert "Traceback" not in server.output


def test_a_template_mistake_in_overrides_is_one_message_and_the_last_good_site_stays(site, server):
    """Before: Jinja's traceback from MkDocs' rebuild loop, and "the server will appear stuck"."""
    main = site / "overrides" / "main.html"
    good = main.read_text()
    line = good.count("\n") + 1
    start = len(server.lines)
    main.write_text(good + "{% block announce %}{% if %}{% endblock %}\n")
    server.wait_for_output(f"overrides/main.html:{line}: template error: Expected an expression", start)
    server.wait_for_output(NOT_REBUILT, start)
    assert server.get("/") is not None
    main.write_text(good + "{% block announce %}Fixed banner{% endblock %}\n")
    server.wait_for("the fixed template", lambda: "Fixed banner" in (server.get("/") or ""))
    assert "Traceback" not in server.output


def test_a_site_that_is_broken_from_the_start_is_refused_with_a_message(site):
    edit(site / "ladders" / "first-ladder.yml", "pass_mark: 70", "pass_mark: 170")
    run = cli("serve", "--dev-addr", f"127.0.0.1:{free_port()}", cwd=site, timeout=WAIT)
    assert run.returncode == 1
    # The mistake itself, once, without MkDocs' "ERROR:" and "Aborted with a BuildError!".
    assert run.stderr.splitlines() == [
        "error: the preview did not start.",
        "ladders/first-ladder.yml:13: pass_mark: expected a whole number from 1 to 100, got 170",
    ], run.stderr
    assert "Traceback" not in run.stderr


# --- pages first, PDFs behind -----------------------------------------------------------------


def _pdf_state(server, path: str) -> str:
    """'missing', 'pending' (the stand-in), or the real PDF's text (white space folded)."""
    import io

    from pypdf import PdfReader

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=5) as response:
            data = response.read()
    except OSError:
        return "missing"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    return "pending" if "This PDF is being updated for the preview." in text else text


@pytest.mark.pdf
def test_the_preview_shows_pages_first_and_pdfs_follow_never_missing(tmp_path):
    folder = tmp_path / "coach"
    create_site(folder, "Serve Test Coaching")  # pdfs: true, a cold cache
    srv = Server(folder)
    playbook = "/pdf/first-ladder/playbook-first-experience.pdf"
    try:
        srv.wait_for("the first page", lambda: srv.get("/") is not None)
        seen = []
        srv.wait_for(
            "the rendered playbook",
            lambda: seen.append(_pdf_state(srv, playbook)) or seen[-1] not in ("missing", "pending"),
        )
        assert "missing" not in seen, "a link to a PDF never breaks"
        assert "From first visit to regular" in seen[-1]
        srv.wait_for_output("PDFs ready: adding them to the preview.", 0)  # pages went out before the PDFs
        srv.wait_for(
            "page counts on the downloads page",
            lambda: "being updated" not in (srv.get("/downloads/") or "being updated"),
        )

        start = len(srv.lines)
        ladder = folder / "ladders" / "first-ladder.yml"
        edit(ladder, "title: From first visit to regular", "title: From first visit to friend")
        srv.wait_for(
            "the new title on the overview",
            lambda: "From first visit to friend" in (srv.get("/ladders/first-ladder/") or ""),
        )
        seen = []
        srv.wait_for(
            "the re-rendered playbook",
            lambda: seen.append(_pdf_state(srv, playbook)) or "From first visit to friend" in seen[-1],
        )
        assert "missing" not in seen and not any("to regular" in s for s in seen[1:] if s != "pending")
        srv.wait_for_output("PDFs ready: adding them to the preview.", start)
        assert srv.proc.poll() is None and "Traceback" not in srv.output

        # Stopping while PDFs render: the preview ends promptly and quietly.
        start = len(srv.lines)
        edit(ladder, "title: From first visit to friend", "title: From first visit to fan")
        srv.wait_for("the third title", lambda: "to fan" in (srv.get("/ladders/first-ladder/") or ""))
        srv.proc.terminate()
        srv.proc.wait(timeout=WAIT)  # used to wait for every render under way
        time.sleep(0.5)
        assert not any("rendering failed" in line or "Traceback" in line for line in srv.lines[start:]), srv.output
    finally:
        srv.stop()


def test_the_stand_in_pdf_is_a_valid_pdf_that_says_what_it_is(tmp_path):
    import io

    from pypdf import PdfReader

    from generator.print.pending import pending_pdf

    reader = PdfReader(io.BytesIO(pending_pdf("Buying bridge — playbook")))
    assert reader.metadata.title == "Buying bridge — playbook (being updated)"
    text = reader.pages[0].extract_text()
    assert "Buying bridge" in text and "This PDF is being updated for the preview." in text
    (tmp_path / "p.pdf").write_bytes(pending_pdf("x"))
    check = subprocess.run(["qpdf", "--check", str(tmp_path / "p.pdf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
