"""scripts/system-deps.sh detects every native piece on its own and plans only the missing
packages. The script runs for real, with a PATH that holds only the tools it uses plus fake
`ldconfig`/`fc-list` (and, per test, `apt-get`, `chromium`, `qpdf`, `pdftoppm`, `soffice`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "system-deps.sh"
BASH = shutil.which("bash") or "/bin/bash"
TOOLS = ("awk", "grep", "cut", "paste", "sed", "tr", "id", "cat")
LIBRARIES = {  # piece -> (soname WeasyPrint opens, Debian package)
    "Pango": ("libpango-1.0.so.0", "libpango-1.0-0"),
    "PangoFT2": ("libpangoft2-1.0.so.0", "libpangoft2-1.0-0"),
    "HarfBuzz": ("libharfbuzz.so.0", "libharfbuzz0b"),
    "HarfBuzz-Subset": ("libharfbuzz-subset.so.0", "libharfbuzz-subset0"),
    "fontconfig": ("libfontconfig.so.1", "libfontconfig1"),
}
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf: DejaVu Sans:style=Book\n"


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def fake_machine(
    tmp_path: Path,
    *,
    hide_libs=(),
    fonts=DEJAVU,
    fc_list=True,
    apt=True,
    commands=("chromium", "qpdf", "pdftoppm", "soffice"),
    ldconfig_output: str | None = None,
) -> dict:
    """A bin folder that is the whole PATH: the shell tools, and fakes for the rest."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool) or tool)
    if ldconfig_output is None:
        ldconfig_output = "".join(
            f"\t{so} (libc6,x86-64) => /lib/x86_64-linux-gnu/{so}\n"
            for so, _ in LIBRARIES.values()
            if so not in hide_libs
        )
    (tmp_path / "ldconfig.txt").write_text(ldconfig_output)
    _script(bin_dir / "ldconfig", f"cat '{tmp_path / 'ldconfig.txt'}'\n")
    if fc_list:
        (tmp_path / "fonts.txt").write_text(fonts)
        _script(bin_dir / "fc-list", f"cat '{tmp_path / 'fonts.txt'}'\n")
    for name in commands:
        _script(bin_dir / name, "exit 0\n")
    if apt:  # records its arguments instead of installing anything
        _script(bin_dir / "apt-get", f"echo \"$*\" >> '{tmp_path / 'apt-calls.txt'}'\n")
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)


def planned(env: dict, *args: str) -> list[str]:
    done = run(env, *args, "--plan")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_nothing_missing_plans_nothing(tmp_path):
    env = fake_machine(tmp_path)
    assert planned(env) == [] and planned(env, "build") == []
    assert run(env).returncode == 0
    assert not (tmp_path / "apt-calls.txt").exists()


@pytest.mark.parametrize("piece", sorted(LIBRARIES))
def test_each_missing_library_plans_its_own_package(tmp_path, piece):
    soname, package = LIBRARIES[piece]
    env = fake_machine(tmp_path, hide_libs=[soname])
    done = run(env, "build", "--plan")
    assert done.stdout.split() == [package]
    assert piece in done.stderr


def test_harfbuzz_subset_hidden_from_the_real_loader_cache(tmp_path):
    """This machine's own library list minus HarfBuzz-Subset (as it was at the start of the
    session): only libharfbuzz-subset0 is planned, although Pango is there."""
    real = subprocess.run([shutil.which("ldconfig") or "/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    assert "libpango-1.0.so.0" in real and "libharfbuzz-subset.so.0" in real
    hidden = "".join(line + "\n" for line in real.splitlines() if "libharfbuzz-subset" not in line)
    env = fake_machine(tmp_path, ldconfig_output=hidden)
    assert planned(env, "build") == ["libharfbuzz-subset0"]


def test_missing_fonts_and_fc_list(tmp_path):
    assert planned(fake_machine(tmp_path / "a", fonts=""), "build") == ["fonts-dejavu-core"]
    assert planned(fake_machine(tmp_path / "b", fc_list=False), "build") == ["fontconfig", "fonts-dejavu-core"]


def test_tests_scope_adds_browser_and_pdf_tools_but_build_does_not(tmp_path):
    env = fake_machine(tmp_path, commands=())
    assert planned(env) == ["chromium", "qpdf", "poppler-utils", "libreoffice-calc-nogui"]
    assert planned(env, "build") == []


def test_dry_run_variable_is_the_same_as_plan(tmp_path):
    env = fake_machine(tmp_path, hide_libs=["libharfbuzz-subset.so.0"])
    done = run({**env, "LADDERKIT_DEPS_DRY_RUN": "1"}, "build")
    assert done.returncode == 0 and done.stdout.split() == ["libharfbuzz-subset0"]
    assert not (tmp_path / "apt-calls.txt").exists()


def test_install_asks_apt_for_the_missing_packages_only(tmp_path):
    env = fake_machine(tmp_path, hide_libs=["libharfbuzz-subset.so.0", "libpangoft2-1.0.so.0"])
    _script(Path(env["PATH"]) / "sudo", '"$@"\n')  # when the tests do not run as root
    done = run(env, "build")
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "apt-calls.txt").read_text().splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].split()[-2:] == ["libpangoft2-1.0-0", "libharfbuzz-subset0"]
    assert "install" in calls[1].split()


def test_a_user_installs_through_sudo_and_without_sudo_is_told_what_to_run(tmp_path):
    env = fake_machine(tmp_path, hide_libs=["libharfbuzz-subset.so.0"])
    bin_dir = Path(env["PATH"])
    (bin_dir / "id").unlink()
    _script(bin_dir / "id", "echo 1000\n")  # not root
    done = run(env, "build")
    assert done.returncode == 1
    assert "no sudo; as root, run: apt-get install -y libharfbuzz-subset0" in done.stderr
    assert not (tmp_path / "apt-calls.txt").exists()
    _script(bin_dir / "sudo", f"echo sudo >> '{tmp_path / 'apt-calls.txt'}'; \"$@\"\n")
    assert run(env, "build").returncode == 0
    assert (tmp_path / "apt-calls.txt").read_text().splitlines() == [
        "sudo",
        "update -qq",
        "sudo",
        "install -y -qq --no-install-recommends libharfbuzz-subset0",
    ]


def test_without_apt_it_prints_the_commands_for_other_systems_and_fails(tmp_path):
    env = fake_machine(tmp_path, hide_libs=["libharfbuzz-subset.so.0"], fonts="", apt=False, commands=())
    done = run(env)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert "HarfBuzz-Subset" in lines[0] and "DejaVu fonts" in lines[0] and "no apt-get" in lines[0]
    assert (
        "  Fedora:  sudo dnf install harfbuzz dejavu-sans-fonts chromium qpdf poppler-utils libreoffice-calc" in lines
    )
    assert (
        "  Alpine:  sudo apk add so:libharfbuzz-subset.so.0 font-dejavu chromium qpdf poppler-utils libreoffice"
        in lines
    )
    assert (
        "  macOS:   brew install harfbuzz qpdf poppler && brew install --cask font-dejavu chromium libreoffice" in lines
    )
    # nothing missing: nothing to say, even without apt-get
    assert run(fake_machine(tmp_path / "ok", apt=False)).returncode == 0


def test_doctor_names_the_same_packages_as_this_script(tmp_path):
    """`ladderkit doctor` and this script each carry the package names; they must agree."""
    from generator.commands import doctor

    for lib in doctor.LIBRARIES:
        soname = lib.soname
        if soname not in {so for so, _ in LIBRARIES.values()}:
            continue  # GObject: Pango's own dependency, which the script leaves to apt
        where = tmp_path / lib.piece
        assert planned(fake_machine(where, hide_libs=[soname]), "build") == [lib.package.debian]
        others = run(fake_machine(tmp_path / f"{lib.piece}-no-apt", hide_libs=[soname], apt=False), "build").stderr
        assert f"dnf install {lib.package.fedora}\n" in others and f"apk add {lib.package.alpine}\n" in others
        assert f"brew install {lib.package.brew}\n" in others
    fonts = run(fake_machine(tmp_path / "fonts", fonts="", apt=False), "build").stderr
    assert f"dnf install {doctor.DEJAVU.fedora}\n" in fonts and f"apk add {doctor.DEJAVU.alpine}\n" in fonts
    assert planned(fake_machine(tmp_path / "fonts-apt", fonts=""), "build") == [doctor.DEJAVU.debian]
    for command, _, package in doctor.TOOLS:
        tools = [c for c in ("chromium", "qpdf", "pdftoppm", "soffice") if c != command]
        assert planned(fake_machine(tmp_path / command, commands=tools)) == [package.debian]
