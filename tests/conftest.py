import sys
from pathlib import Path

# Test helpers (scoring_vectors.py and friends) are imported as plain modules.
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402

from chromium import launch  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, shared by every test that needs a real browser."""
    p, b = launch()
    yield b
    b.close()
    p.stop()
