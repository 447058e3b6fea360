"""Word 8-gram fingerprints of the source articles, so the copy check needs no source text.

The shipped ladders are written in the project's own words after five public articles.
The repository must not carry those articles, so this keeps only a short hash of every run
of eight consecutive words in them. The copy check (tests/test_copy_check.py) hashes every
run of eight words in the ladders and in content/ the same way and fails on any match.

Regenerate after the source articles change:

    python tests/copycheck/fingerprint.py /path/to/seeds/*.txt > tests/copycheck/seed-8grams.txt
"""

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

N = 8  # a shared run of this many words counts as copied
HASH_CHARS = 12  # 48 bits: with a few thousand runs a false match is vanishingly unlikely


def words(text: str) -> list[str]:
    """Lower-case words, punctuation and typography ignored ("isn’t" and "isn't" are one word)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.findall(r"[a-z0-9%]+(?:'[a-z]+)?", text)


def grams(text: str) -> dict[str, str]:
    """hash -> the run of N words it stands for, for every run in the text."""
    w = words(text)
    out = {}
    for i in range(len(w) - N + 1):
        run = " ".join(w[i : i + N])
        out[hashlib.sha256(run.encode()).hexdigest()[:HASH_CHARS]] = run
    return out


def main(paths: list[str]) -> None:
    hashes = set()
    for p in paths:
        hashes |= set(grams(Path(p).read_text(encoding="utf-8")))
    print(
        f"# {N}-word runs of the source articles, sha256 first {HASH_CHARS} hex chars; "
        "made by tests/copycheck/fingerprint.py"
    )
    print("\n".join(sorted(hashes)))


if __name__ == "__main__":
    main(sys.argv[1:])
