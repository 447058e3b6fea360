import sys
from pathlib import Path

# Test helpers (scoring_vectors.py and friends) are imported as plain modules.
sys.path.insert(0, str(Path(__file__).parent))
