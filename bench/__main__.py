"""python -m bench [SECTION…]: run the benchmarks and print a table of figures and targets."""

from __future__ import annotations

import sys

from . import browser, build, lighthouse, phone, preview, scale, scoring

SECTIONS = {
    "scoring": scoring.run,
    "browser": browser.run,
    "phone": phone.run,
    "lighthouse": lighthouse.run,
    "scale": scale.run,
    "build": build.run,
    "preview": preview.run,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        print(f"unknown section {unknown[0]!r}; sections: {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    rows = [("measure", "figure", "target", "ratio")]
    for name in chosen:
        rows += SECTIONS[name]()
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
