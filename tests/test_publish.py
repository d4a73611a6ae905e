"""scripts/publish.py: a build is published only when whole, by switching a symlink in one step; a failed build or
a partial copy leaves the published site as it was."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

import publish
from conftest import REPO, write_project


def site(folder: Path, text: str) -> Path:
    """A small built site: two pages and an asset."""
    (folder / "enheter" / "eneskolan").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{text}</h1>", "utf-8")
    (folder / "enheter" / "eneskolan" / "index.html").write_text(text, "utf-8")
    (folder / "search.json").write_text("{}", "utf-8")
    return folder


def copied(root: Path, name: str, text: str) -> Path:
    """A site built and marked in CI, then copied (as rsync would) to versioner/<name> on the server."""
    built = site(root.parent / f"bygge-{name}", text)
    publish.mark(built)
    shutil.copytree(built, root / "versioner" / name)
    return root / "versioner" / name


def live(root: Path) -> str:
    return (root / "current" / "index.html").read_text("utf-8")


def test_switch_points_current_at_the_new_release_and_keeps_the_last_n(tmp_path):
    root = tmp_path / "srv"
    for n in range(1, 5):
        copied(root, f"2025091{n}T080000Z", f"version {n}")
        assert publish.main(["byt", "--rot", str(root), "--version", f"2025091{n}T080000Z", "--behall", "2"]) == 0
        assert live(root) == f"<h1>version {n}</h1>"
    assert os.readlink(root / "current") == "versioner/20250914T080000Z"  # relative: the folder can move
    assert publish.releases(root) == ["20250913T080000Z", "20250914T080000Z"]
    assert not [p for p in root.iterdir() if p.name.startswith(".current")]  # no temporary link left
    assert publish.main(["tillbaka", "--rot", str(root)]) == 0 and live(root) == "<h1>version 3</h1>"


def test_a_partial_copy_is_never_published(tmp_path, capsys):
    root = tmp_path / "srv"
    copied(root, "a", "gammal")
    publish.switch(root, "a")
    partial = copied(root, "b", "ny")
    (partial / "enheter" / "eneskolan" / "index.html").unlink()  # rsync stopped half-way
    assert publish.main(["byt", "--rot", str(root), "--version", "b"]) == 1
    assert "Kopieringen blev inte klar" in capsys.readouterr().err
    assert live(root) == "<h1>gammal</h1>"
    unmarked = site(root / "versioner" / "c", "omarkerad")
    assert unmarked and publish.main(["byt", "--rot", str(root), "--version", "c"]) == 1
    assert "manifestet" in capsys.readouterr().err and live(root) == "<h1>gammal</h1>"
    for bad in ("../a", ".x", "saknas"):
        assert publish.main(["byt", "--rot", str(root), "--version", bad]) == 1
    assert live(root) == "<h1>gammal</h1>"


def test_a_failed_build_leaves_the_published_site(tmp_path):
    root = tmp_path / "srv"
    publish.build_release(root, lambda folder: site(folder, "första") and 0)
    with pytest.raises(publish.PublishError, match="Bygget misslyckades"):
        publish.build_release(root, lambda folder: (folder.mkdir(parents=True, exist_ok=True), 1)[1])
    with pytest.raises(RuntimeError):  # the build crashed half-way through writing
        publish.build_release(root, lambda folder: (site(folder, "halv"), (_ for _ in ()).throw(RuntimeError()))[1])
    assert live(root) == "<h1>första</h1>"
    assert len(publish.releases(root)) == 1 and not list((root / "versioner").glob("*.bygger"))


@pytest.mark.parametrize("broken", [False, True])
def test_bygg_runs_mkdocs_and_publishes_only_a_whole_site(tmp_path, broken, capsys):
    project = write_project(tmp_path / "project")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    root = tmp_path / "srv"
    copied(root, "20240101T000000Z", "förra")
    publish.switch(root, "20240101T000000Z")
    if broken:
        name = project / "content/years/2024-25/units/eneskolan.yaml"
        name.write_text(name.read_text("utf-8").replace("numerator: 55", "numerator: femtio"), "utf-8")
    code = publish.main(["bygg", "--rot", str(root), "--projekt", str(project), "--python", sys.executable])
    if broken:
        assert code == 1 and "Bygget misslyckades" in capsys.readouterr().err
        assert live(root) == "<h1>förra</h1>" and publish.releases(root) == ["20240101T000000Z"]
    else:
        assert code == 0, capsys.readouterr().err
        assert "Eneskolan" in (root / "current" / "enheter" / "eneskolan" / "index.html").read_text("utf-8")
        publish.check(root / "current")


def test_a_release_with_a_link_is_never_published_nor_marked(tmp_path, capsys):
    """A build has only regular files and folders; a link (as rsync -a copies it) would let the web server serve
    a file outside the release, so neither markera nor byt accepts one."""
    secret = tmp_path / "hemlig.txt"
    secret.write_text("HEMLIGT", "utf-8")
    root = tmp_path / "srv"
    copied(root, "a", "gammal")
    publish.switch(root, "a")
    for link in ("enheter/hemlig.html", "enheter/mapp", publish.MANIFEST, "enheter/\x1b[2J.html"):
        release = copied(root, "b", "ny")
        (release / link).unlink(missing_ok=True)
        os.symlink(secret.parent if link.endswith("mapp") else secret, release / link)
        assert publish.main(["byt", "--rot", str(root), "--version", "b"]) == 1, link
        err = capsys.readouterr().err
        assert "länk" in err and "\x1b" not in err and live(root) == "<h1>gammal</h1>"
        built = root.parent / "bygge-b"
        os.symlink(secret, built / "länk.html")
        assert publish.main(["markera", str(built)]) == 1 and "länk" in capsys.readouterr().err
        assert secret.read_text("utf-8") == "HEMLIGT"
        shutil.rmtree(release), shutil.rmtree(built)


@pytest.mark.parametrize("manifest", ["[]", "null", '"klar"', "{"])
def test_a_manifest_that_is_not_an_object_is_said(tmp_path, capsys, manifest):
    root = tmp_path / "srv"
    release = copied(root, "a", "ny")
    (release / publish.MANIFEST).write_text(manifest, "utf-8")
    assert publish.main(["byt", "--rot", str(root), "--version", "a"]) == 1
    assert "manifestet .ska-publicering.json saknas eller är trasigt" in capsys.readouterr().err
    assert not (root / "current").exists()


def test_two_builds_started_in_the_same_second_never_share_a_folder(tmp_path):
    """Each build's folder is made when its name is chosen: a second `bygg` (a timer and a person at once) can
    never write into the first one's folder, which would publish a mix of two builds."""
    root = tmp_path / "srv"
    (root / "versioner").mkdir(parents=True)
    folders = []

    def build(folder: Path) -> int:
        folders.append(folder)
        if len(folders) == 1:  # the other build starts while this one runs
            publish.build_release(root, build)
        site(folder, f"bygge {len(folders)}")
        return 0

    publish.build_release(root, build)
    assert folders[0] != folders[1]
    assert len(publish.releases(root)) == 2 and live(root) == "<h1>bygge 2</h1>"
