import json
import subprocess
import sys


def test_export_runs_on_a_minimal_ladder(tmp_path):
    path = tmp_path / "tiny.yml"
    path.write_text(
        "id: tiny\ntitle: Tiny\nsummary: s\nrungs:\n  - {id: a, name: A, description: x}\n"
        "  - {id: b, name: B, description: y}\nbridges:\n  - {id: ab, name: AB, from: a, to: b, summary: z}\n",
        encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "generator", "export", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["bridges"][0]["direction"] == "up"
