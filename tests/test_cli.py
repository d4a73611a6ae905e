"""The command line speaks Swedish, argparse's own words included; `scripts/run.py build` publishes only a
complete site."""

import contextlib
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from ska import cli

REPO = Path(__file__).resolve().parent.parent


def test_help_is_swedish(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0
    assert out.startswith("användning: ska") and "flaggor" in out and "visa den här hjälpen och avsluta" in out
    assert "usage" not in out and "options" not in out


def test_a_mistyped_flag_is_explained_in_swedish(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["validate", "--formt", "github"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "ska: fel: okända argument: --formt" in err


# -- scripts/run.py build: a failed build never leaves a half-written site --------------------------------

def load_run_script():
    spec = importlib.util.spec_from_file_location("run_script", REPO / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def old_site(root: Path) -> Path:
    site = root / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("den förra sajten", "utf-8")
    return site


def fake_build(code: int):
    def build(folder: Path) -> int:
        folder.mkdir()
        (folder / "index.html").write_text("halvfärdig" if code else "den nya sajten", "utf-8")
        return code
    return build


def test_a_successful_build_replaces_the_site(tmp_path):
    site = old_site(tmp_path)
    assert load_run_script().replace_when_built(site, fake_build(0)) == 0
    assert (site / "index.html").read_text("utf-8") == "den nya sajten"
    assert sites(tmp_path) == ["site"]


def crashing_build(folder: Path) -> int:
    fake_build(1)(folder)
    raise RuntimeError("bygget kraschade")


@pytest.mark.parametrize("build", [fake_build(1), crashing_build], ids=["fails", "crashes"])
def test_a_failed_build_leaves_the_old_site_and_no_temporary_folder(tmp_path, build):
    site = old_site(tmp_path)
    with contextlib.suppress(RuntimeError):
        assert load_run_script().replace_when_built(site, build) == 1
    assert (site / "index.html").read_text("utf-8") == "den förra sajten"
    assert sites(tmp_path) == ["site"]


def test_a_first_build_creates_the_site(tmp_path):
    assert load_run_script().replace_when_built(tmp_path / "site", fake_build(0)) == 0
    assert (tmp_path / "site" / "index.html").read_text("utf-8") == "den nya sajten"


def sites(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("site"))


def test_build_with_content_errors_keeps_the_published_site(tmp_path, capsys):
    """The real `run.py build` (mkdocs build --strict into a temporary folder) on a copy of the project."""
    for name in ("docs", "schemas", "content"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    run = load_run_script()
    assert run.build(Path(sys.executable), [], root=tmp_path) == 0
    published = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "site").rglob("*.html")}
    assert Path("site/index.html") in published
    assert sites(tmp_path) == ["site"]

    broken = next((tmp_path / "content" / "units").glob("*.yaml"))
    broken.write_text(broken.read_text("utf-8") + "\nid: [\n", "utf-8")
    assert run.build(Path(sys.executable), [], root=tmp_path) != 0
    assert {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "site").rglob("*.html")} == published
    assert sites(tmp_path) == ["site"]
    assert "site/ är som den var före bygget" in capsys.readouterr().err
