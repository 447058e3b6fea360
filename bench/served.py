"""The example site built without PDFs and served on 127.0.0.1 the way static hosts serve it
(text compressed with gzip), for the browser benchmarks. Nothing else is contacted."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.commands.build import build_site

ROOT = Path(__file__).parent.parent
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"}


def example_site(tmp: Path, extra_ladders: dict[str, dict] | None = None) -> Path:
    """The shipped site (plus `extra_ladders`, file name → ladder) built into tmp/site, no PDFs."""
    for name in ("mkdocs.yml", "content", "overrides", "ladders"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp / name)
    for file_name, ladder in (extra_ladders or {}).items():
        (tmp / "ladders" / file_name).write_text(yaml.safe_dump(ladder, sort_keys=False))
    plugins = yaml.safe_load((tmp / "mkdocs.yml").read_text())["plugins"]
    for p in plugins:
        if isinstance(p, dict) and "ladderkit" in p:
            p["ladderkit"]["pdfs"] = False
    return build_site(str(tmp / "mkdocs.yml"), str(tmp / "site"), plugins=plugins)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Quiet; gzip for text when the browser accepts it, as Netlify, Pages and nginx do."""

    compress = True

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wanted and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, compress: bool = True) -> http.server.ThreadingHTTPServer:
    """Serve `directory` on a free port until shutdown()."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
