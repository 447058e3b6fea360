"""No sentence of the shipped ladders or the site's pages is copied from the source articles.

The ladders carry over the articles' models and figures with attribution, but every
sentence is the project's own. The articles themselves are not in the repository: only
hashes of their 8-word runs (tests/copycheck/seed-8grams.txt, made by
tests/copycheck/fingerprint.py). Any 8 consecutive words shared with an article fail.
"""

import pytest
import yaml

from generator.ladder.yamlio import strings
from tests.copycheck.fingerprint import N, grams
from tests.helpers import ROOT

SEEDS = {
    line
    for line in (ROOT / "tests/copycheck/seed-8grams.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
}


def texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "ladders").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(path.name, s) for s in strings(doc)]
    for path in sorted((ROOT / "content").rglob("*.md")):
        out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return out


def test_the_fingerprints_are_there():
    # ~4,000 runs from five articles; an empty or truncated file would make the check pass vacuously
    assert len(SEEDS) > 3000


def test_the_check_catches_a_copied_sentence():
    copied = "What does it sound like when your team answers the phone?"
    assert set(grams(copied)) & SEEDS
    assert not set(grams("How is the phone answered, and does anyone check it?")) & SEEDS


@pytest.mark.parametrize("where, text", texts(), ids=lambda x: x[:40] if isinstance(x, str) else "")
def test_no_run_of_eight_words_is_copied(where, text):
    copied = [run for h, run in grams(text).items() if h in SEEDS]
    assert not copied, f"{where}: {len(copied)} run(s) of {N}+ words shared with a source article, e.g. {copied[:3]}"
