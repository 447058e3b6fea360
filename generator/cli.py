"""The `ladderkit` command line: parse arguments, call the API, print. Nothing else.

Each command is one function registered with `@command`; its docstring's first line is
its help. Every expected failure (bad ladder, bad answers, bad CSV) prints a clear
message and exits 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.errors import LadderErrors, UserError

COMMANDS: dict[str, tuple] = {}


def command(name: str, *arguments: tuple[tuple, dict]):
    """Register `fn` as `ladderkit NAME`, with argparse (args, kwargs) pairs."""

    def register(fn):
        COMMANDS[name] = (fn, arguments)
        return fn

    return register


def arg(*args, **kwargs) -> tuple[tuple, dict]:
    return args, kwargs


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


@command(
    "check",
    arg("paths", nargs="*", metavar="PATH", help="ladder files or folders (default: ladders/)"),
    arg("--strict", action="store_true", help="treat warnings (a valid ladder that is likely wrong) as errors"),
)
def cmd_check(args) -> int:
    """Validate ladders and print every error as FILE:LINE: key.path: message, then advice."""
    from generator.ladder import translate
    from generator.ladder.loader import LADDERS_DIR, ladder_files, load_all
    from generator.ladder.model import to_dict
    from generator.ladder.yamlio import load_file
    from generator.scoring.advice import advise

    paths: list[Path] = []
    for given in args.paths or [str(LADDERS_DIR)]:
        p = Path(given)
        if p.is_dir():
            paths.extend(ladder_files(p))
        else:
            paths.append(p)
    if not paths:
        raise UserError(f"no ladder files (*.yml) found in {', '.join(args.paths or [str(LADDERS_DIR)])}")
    ladders = load_all(paths)
    warnings = []
    for ladder in ladders:
        loaded = load_file(Path(ladder.path), _display(Path(ladder.path)))
        warnings += advise(loaded, to_dict(ladder)) + translate.warnings(loaded)
    for warning in warnings:
        print(warning, file=sys.stderr)
    n, w = len(ladders), len(warnings)
    said = f", {w} warning{'s' if w != 1 else ''}" if w else ""
    print(f"{n} ladder{'s' if n != 1 else ''} checked, no errors{said}.")
    return 1 if warnings and args.strict else 0


def _display(path: Path) -> str:
    """A path as the coach typed it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@command("export", arg("ladder", metavar="LADDER", help="a ladder id from ladders/ or a path to a .yml file"))
def cmd_export(args) -> int:
    """Print the normalised ladder JSON that the browser's scorer receives."""
    from generator.ladder.loader import load_ladder, resolve
    from generator.ladder.model import to_dict

    _print_json(to_dict(load_ladder(resolve(args.ladder))))
    return 0


@command(
    "score",
    arg("ladder", metavar="LADDER", help="a ladder id from ladders/ or a path to a .yml file"),
    arg(
        "answers",
        metavar="ANSWERS.json",
        help="an answers file (format ladder-answers/1), or a share link: the URL in quotes, or its #answers=… part",
    ),
    arg("--explain", action="store_true", help="show how each number came about"),
)
def cmd_score(args) -> int:
    """Score an answers file and print the result JSON (or, with --explain, the working)."""
    from generator.inputs.answers import read_answers
    from generator.ladder.loader import load_ladder, resolve
    from generator.ladder.model import to_dict
    from generator.scoring.explain import explain
    from generator.scoring.scoring import score

    ladder = to_dict(load_ladder(resolve(args.ladder)))
    answers = read_answers(args.answers, ladder)["answers"]
    result = score(ladder, answers)
    if args.explain:
        print(explain(ladder, answers, result), end="")
    else:
        _print_json(result)
    return 0


@command(
    "classify",
    arg("ladder", metavar="LADDER", help="a ladder id from ladders/ or a path to a .yml file"),
    arg("customers", metavar="CUSTOMERS", help="a CSV (columns: name + field ids) or JSON file"),
    arg("--json", action="store_true", help="print JSON instead of a table"),
)
def cmd_classify(args) -> int:
    """Place each customer on a rung with the ladder's classifier, and count per rung."""
    from generator.inputs.answers import read_customers
    from generator.ladder.loader import load_ladder, resolve
    from generator.ladder.model import to_dict
    from generator.scoring.scoring import classify

    ladder = to_dict(load_ladder(resolve(args.ladder)))
    customers = read_customers(args.customers, ladder)
    # a customer's name is always text (check_text read it); str() says so to the type checker
    placed = [{"name": str(c["name"]), "rung": classify(ladder, c)} for c in customers]
    counts = {r["id"]: sum(1 for p in placed if p["rung"] == r["id"]) for r in ladder["rungs"]}
    if args.json:
        print(json.dumps({"ladder": ladder["id"], "customers": placed, "counts": counts}, indent=2, ensure_ascii=False))
        return 0
    names = {r["id"]: r["name"] for r in ladder["rungs"]}
    width = max([len("customer")] + [len(p["name"]) for p in placed])
    print(f"{'customer':<{width}}  rung")
    for p in placed:
        print(f"{p['name']:<{width}}  {names[p['rung']]}")
    print()
    for rung in reversed(ladder["rungs"]):
        print(f"{counts[rung['id']]:>5}  {rung['name']}")
    return 0


@command(
    "import-pdf",
    arg("ladder", metavar="LADDER", help="a ladder id from ladders/ or a path to a .yml file"),
    arg("pdf", metavar="FILLED.pdf", help="a filled fillable worksheet (worksheet-fillable.pdf)"),
    arg(
        "-o",
        "--output",
        metavar="ANSWERS.json",
        default=None,
        help="write the answers file here instead of printing it",
    ),
    arg("--strict", action="store_true", help="exit 1 when any question came back unanswered"),
)
def cmd_import_pdf(args) -> int:
    """Read a filled fillable worksheet back into an answers file (ladder-answers/1)."""
    from generator.inputs.import_pdf import read_worksheet, unanswered
    from generator.ladder.loader import load_ladder, resolve
    from generator.ladder.model import to_dict

    ladder = to_dict(load_ladder(resolve(args.ladder)))
    doc = read_worksheet(args.pdf, ladder)
    if args.output:
        text = json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{args.output}: cannot write the answers file ({exc.strerror})") from None
    else:
        _print_json(doc)
    # Always say what did not come back: a blank answer and a box a reader failed to fill
    # look the same in the answers file, so the person must be told which ones to check.
    missing = unanswered(doc, ladder)
    total = sum(len(b["questions"]) for b in ladder["bridges"])
    where = f"; answers written to {args.output}" if args.output else ""
    print(
        f"{total - len(missing)} of {total} questions answered{where}.",
        file=sys.stderr if not args.output else sys.stdout,
    )
    if missing:
        print(f"Unanswered ({len(missing)}) — check these in the PDF:", file=sys.stderr)
        for q in missing:
            print(f"  {q['id']}: {q['text']}", file=sys.stderr)
    return 1 if missing and args.strict else 0


@command(
    "report",
    arg("ladder", metavar="LADDER", help="a ladder id from ladders/ or a path to a .yml file"),
    arg(
        "answers",
        metavar="ANSWERS.json",
        help="an answers file (format ladder-answers/1; optional name and customers), or a share link (then -o is needed)",
    ),
    arg(
        "-o", "--output", metavar="FILE.pdf", default=None, help="where to write the PDF (default: ANSWERS-report.pdf)"
    ),
    arg(
        "--compare",
        metavar="OLD.json",
        default=None,
        help="an earlier answers file of the same ladder: the report shows each score's change since then",
    ),
    arg(
        "--config-file",
        "-f",
        default="mkdocs.yml",
        help="brand settings and the language (theme.language) come from this site configuration",
    ),
)
def cmd_report(args) -> int:
    """Write a branded, personalised PDF report for an answers file."""
    from generator.print.report import write_report

    target = write_report(args.ladder, args.answers, args.output, args.config_file, compare=args.compare)
    print(f"Report written to {target}.")
    return 0


@command(
    "aggregate",
    arg("ladder", metavar="LADDER", help="a ladder id from ladders/ or a path to a .yml file"),
    arg("files", nargs="+", metavar="FILE", help="participants' answers files (the audit page's Export answers)"),
    arg("--csv", action="store_true", help="print a CSV (one row per bridge, rung, focus and flag)"),
    arg("--json", action="store_true", help="print the figures as JSON"),
)
def cmd_aggregate(args) -> int:
    """A group's figures from several answers files: per bridge mean, lowest and highest; rungs; focus; flags."""
    from generator.inputs.aggregate import aggregate, aggregate_csv, aggregate_text
    from generator.inputs.answers import read_bytes
    from generator.ladder.loader import load_ladder, resolve
    from generator.ladder.model import to_dict

    ladder = to_dict(load_ladder(resolve(args.ladder)))
    files: list[tuple[str, bytes | str]] = []
    for given in args.files:
        try:
            files.append((Path(given).name, read_bytes(given)))
        except UserError as exc:  # listed as skipped, with why it was not read
            files.append((Path(given).name, str(exc).removeprefix(f"{given}: ")))
    figures = aggregate(ladder, files)
    if args.json:
        _print_json(figures)
    elif args.csv:
        sys.stdout.write(aggregate_csv(ladder, figures))
        for s in figures["skipped"]:
            print(f"{s['file']}: skipped: {s['reason']}", file=sys.stderr)
    else:
        print(aggregate_text(ladder, figures), end="")
    if not figures["participants"]:
        raise UserError("no answers file could be counted, so there are no group figures")
    return 0


@command(
    "build",
    arg("--config-file", "-f", default="mkdocs.yml", help="the site's configuration (default: mkdocs.yml)"),
    arg("--site-dir", "-d", default=None, help="where to write the site (default: site_dir from the configuration)"),
    arg("--no-strict", action="store_true", help="build even when MkDocs warns (broken links and the like)"),
)
def cmd_build(args) -> int:
    """Build the whole site and every PDF; a failed build leaves the previous site untouched."""
    import time

    from generator.commands.build import build_site

    started = time.perf_counter()
    target = build_site(args.config_file, args.site_dir, strict=not args.no_strict)
    print(f"Site built in {target} ({time.perf_counter() - started:.1f} s).")
    return 0


@command(
    "serve",
    arg("--config-file", "-f", default="mkdocs.yml", help="the site's configuration (default: mkdocs.yml)"),
    arg("--dev-addr", "-a", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)"),
)
def cmd_serve(args) -> int:
    """Preview the site; it rebuilds when a ladder, a page or the brand settings change."""
    import errno

    from generator.commands.build import serve_site

    try:
        serve_site(args.config_file, args.dev_addr)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            raise
        raise UserError(
            f"--dev-addr {args.dev_addr}: cannot serve there ({exc.strerror}); "
            "use another port, for example -a 127.0.0.1:8001"
        ) from None
    return 0


@command(
    "new",
    arg("directory", metavar="DIR", help="the folder for the new site (created; must be new or empty)"),
    arg("--name", default=None, help="the brand name (default: from the folder's name)"),
)
def cmd_new(args) -> int:
    """Start a new coach site: brand settings, starter pages, one ladder, ready to build."""
    from generator.commands.new import create_site

    written = create_site(args.directory, args.name)
    print(
        f"Created a ladderkit site in {args.directory} ({len(written)} files). Next:\n"
        f"  cd {args.directory}\n"
        f"  {_ladderkit_command()} serve      # live preview at http://127.0.0.1:8000/\n"
        "Edit the brand in mkdocs.yml and the ladder in ladders/first-ladder.yml."
    )
    return 0


@command(
    "doctor",
    arg(
        "--config-file",
        "-f",
        default="mkdocs.yml",
        help="the site whose brand files and cache to check (default: mkdocs.yml)",
    ),
)
def cmd_doctor(args) -> int:
    """Check this machine for what a build and the tests need; print the command that fixes each missing item."""
    from generator.commands.doctor import doctor

    return doctor(args.config_file)


def _ladderkit_command() -> str:
    """How to run ladderkit from anywhere: its name when it is on PATH, else its full path
    (a coach who ran .venv/bin/ladderkit has no `ladderkit` in the new site's folder)."""
    import shutil

    ours = Path(sys.argv[0]).resolve()
    on_path = shutil.which("ladderkit")
    if (on_path and Path(on_path).resolve() == ours) or ours.name not in ("ladderkit", "__main__.py"):
        return "ladderkit"
    return str(ours) if ours.name == "ladderkit" else f"{sys.executable} -m generator"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ladderkit", description="Customer-loyalty ladders in YAML -> a self-audit site and print-ready PDFs."
    )
    from generator import __version__

    parser.add_argument("--version", action="version", version=f"ladderkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (fn, arguments) in COMMANDS.items():
        p = sub.add_parser(
            name, help=(fn.__doc__ or "").strip().splitlines()[0], description=(fn.__doc__ or "").strip()
        )
        for a, kw in arguments:
            p.add_argument(*a, **kw)
        p.set_defaults(func=fn)
    return parser


def main(argv: list[str] | None = None) -> int:
    # A file name that is not UTF-8, or a lone surrogate from a JSON file, is printed escaped
    # rather than stopping the command with UnicodeEncodeError (stderr does this already).
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except LadderErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        n = len(exc.errors)
        print(f"{n} error{'s' if n != 1 else ''} found.", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`ladderkit export X | head`): not an error of the input.
        # Point stdout at nothing so the interpreter's final flush does not fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
