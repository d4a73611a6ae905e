"""The tool as a package: a wheel builds, installs into a new virtual environment, and a project made there by
`ska init` validates and builds with that environment's interpreter. Slow (about a minute): it builds a wheel and
creates a virtual environment; `pytest -m "not slow"` leaves it out. The build prints no deprecation warning about the project's own metadata
(issue 18: a `project.license` table did, twice on every install).

What it proves, and what not. The environment is made with ``system_site_packages=False``, and the wheel is
installed into it with ``pip install --no-deps --no-index``: the `ska` that runs is the wheel's, not this
checkout (the test asserts where `ska` is imported from, and runs with no PYTHONPATH, outside the checkout). So
the wheel carries everything `ska init`, `ska validate` and the site build need: the code, the templates, the
theme overrides and assets, and the schemas and pages setup.py's build step copies in. The dependencies
(MkDocs, Material, pandas, …) are not downloaded again: this machine may be offline, so a ``.pth`` file makes the
test interpreter's own site-packages folder visible to the new environment as a plain path. A plain path in a
``.pth`` file is not itself scanned for ``.pth`` files, so this checkout's editable install (a ``.pth`` line
pointing at ``plugins/``) stays invisible. ``pip check`` then asserts that every requirement the wheel declares
is met by what the environment sees; it does not prove that those versions can be downloaded from an index.
Building the wheel uses pip's build isolation, which fetches setuptools if pip's cache does not have it.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NAME = 'Åre & "Berg" <script>alert(1)</script> {{ x }} %}: kommun'
BUILD = ["-m", "pip", "wheel", ".", "--no-deps", "-w"]  # as README.md shows it, into a folder of the test's

pytestmark = pytest.mark.slow


def clean_env() -> dict[str, str]:
    """This process's environment without anything that would put this checkout's code on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    return {**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_MKDOCS_2_WARNING": "1", "PYTHONNOUSERSITE": "1"}


def sh(argv: list, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=clean_env(), capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
    return done


def sources(target: Path) -> Path:
    """What the wheel is built from, copied, so a build leaves no build/ or *.egg-info in the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(REPO / name, target / name)
    for folder in ("plugins", "schemas", "docs"):
        shutil.copytree(REPO / folder, target / folder, ignore=ignore)
    (target / "content").mkdir()
    shutil.copy(REPO / "content" / "indicators.yaml", target / "content" / "indicators.yaml")  # shipped, as schemas
    return target


def test_a_project_made_by_ska_init_builds_against_the_installed_wheel(tmp_path):
    (tmp_path / "src").mkdir()
    source = sources(tmp_path / "src")
    built = sh([sys.executable, *BUILD, tmp_path / "dist", "--verbose"], source)  # the backend's own output too
    warned = [line for line in (built.stdout + built.stderr).splitlines() if "deprecat" in line.lower()]
    assert not warned, f"building the package warns of deprecated metadata: {warned}"
    wheel, = (tmp_path / "dist").glob("ska_sajt-*.whl")

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True, system_site_packages=False, symlinks=os.name != "nt")
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    missing = subprocess.run([python, "-c", "import ska"], env=clean_env(), cwd=tmp_path, capture_output=True)
    assert missing.returncode != 0, "the new environment must not see ska before the wheel is installed"

    sh([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel], tmp_path)
    purelib = sh([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "test-dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))

    where = sh([python, "-c", "import ska, mkdocs; print(ska.__file__)"], tmp_path).stdout.strip()
    assert Path(where).resolve().is_relative_to(env_dir.resolve()), f"ska imported from {where}, not the wheel"
    sh([python, "-m", "pip", "check"], tmp_path)

    made = sh([bin_dir / "ska", "init", "kommunen", "--kommun", NAME], tmp_path)
    assert "Skapade projektet" in made.stdout
    project = tmp_path / "kommunen"
    for tooling in (".github/workflows/kontroll.yml", ".gitlab-ci.yml", ".github/pull_request_template.md",
                    ".vscode/settings.json", ".pre-commit-config.yaml", ".gitignore", "docs/om.md",
                    "schemas/unit-year.schema.json"):
        assert (project / tooling).is_file(), f"{tooling} is missing from what the wheel's ska init makes"
    version = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert f"ska-sajt=={version}\n" in (project / "requirements.txt").read_text()
    checked = sh([bin_dir / "ska", "validate"], project)
    assert "0 fel" in checked.stdout
    sh([python, "-m", "mkdocs", "build", "--strict", "--quiet"], project)

    start = (project / "site/index.html").read_text("utf-8")
    assert "<script>alert" not in start
    assert f"Kvalitetsarbete i {html.escape(NAME, quote=False)}" in start.replace("&#34;", '"').replace("&quot;", '"')
    statement = (project / "site/tillganglighet/index.html").read_text("utf-8")
    assert f"står bakom webbplatsen Kvalitetsarbete i {html.escape(NAME, quote=False)}" in \
        statement.replace("&#34;", '"').replace("&quot;", '"')  # escaped once, not twice
    assert (project / "site/redaktorer/falt/index.html").is_file()  # the field reference, from the copied schemas
    assert (project / "site/enheter/exempelskolan/index.html").is_file()
