"""The GitHub workflow and the GitLab CI file: valid against their published schemas (offline, vendored in
check-jsonschema), and doing the same steps: check with inline reports, build, tests, review summary, preview,
publishing on main only after everything passed."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from test_editor_workflow import CI, OFFLINE, REPO, check_workflow

GITLAB = REPO / ".gitlab-ci.yml"


def check_gitlab(path) -> subprocess.CompletedProcess:
    """check-jsonschema against its vendored GitLab CI schema (vendor.gitlab-ci); no network (bad proxy)."""
    import os
    env = {**os.environ, **OFFLINE, **{k.lower(): v for k, v in OFFLINE.items()}}
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                           "--data-transform", "gitlab-ci", str(path)], capture_output=True, text=True, env=env,
                          timeout=120)


def test_gitlab_ci_is_valid_against_gitlabs_schema(tmp_path):
    result = check_gitlab(GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # the check is real: an unknown value is refused
    broken.write_text("x:\n  script: echo\n  when: sometimes\n", "utf-8")
    assert check_gitlab(broken).returncode != 0


def test_github_workflow_is_still_valid():
    result = check_workflow(CI)
    assert result.returncode == 0, result.stdout + result.stderr


def scripts(job: dict) -> str:
    return "\n".join(job.get("script", []) + [s.get("run", "") for s in job.get("steps", [])])


def test_github_workflow_reviews_previews_and_publishes_only_a_whole_site():
    workflow = yaml.safe_load(CI.read_text("utf-8"))
    check, publish = workflow["jobs"]["kontroll"], workflow["jobs"]["publicera"]
    steps = check["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    uses = [s.get("uses", "") for s in steps]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/" and upload["id"] == "forhandsvisning"
    review = next(s for s in steps if "ska granska" in s.get("run", ""))
    assert "steps.forhandsvisning.outputs.artifact-url" in review["env"]["ARTIFACT_URL"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in review["run"] and "--artefakt" in review["run"]
    assert "ska validate --format github --bas" in scripts(check)
    # the pages artifact is made last, after the tests; the publishing job needs the whole check
    order = [uses.index(next(u for u in uses if u.startswith("actions/upload-pages-artifact@"))),
             next(i for i, s in enumerate(steps) if "scripts/run.py test" in s.get("run", ""))]
    assert order[0] > order[1]
    assert publish["needs"] == "kontroll" and "refs/heads/main" in publish["if"]
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}


def test_gitlab_ci_does_what_the_github_workflow_does():
    ci = yaml.safe_load(GITLAB.read_text("utf-8"))
    check, build, test, review, pages = (ci[name] for name in ("kontrollera", "bygg", "testa", "granska", "pages"))
    assert ci["default"]["image"] == "python:3.11-bookworm"
    assert "ska validate --format gitlab" in scripts(check)
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"
    assert "mkdocs build --strict --site-dir site.tmp" in scripts(build) and build["artifacts"]["paths"] == ["site/"]
    assert build["artifacts"]["expose_as"] and build["environment"]["url"].endswith("/artifacts/file/site/index.html")
    assert "python3 scripts/run.py test" in scripts(test) and "chromium" in scripts(test)
    assert "ska granska" in scripts(review) and review["artifacts"]["paths"] == ["granskning.md"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert set(pages["needs"]) == {"kontrollera", "bygg", "testa"}
    assert pages["artifacts"]["paths"] == ["public"] and "cp -a site public" in scripts(pages)
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


@pytest.mark.parametrize("path", [".gitlab-ci.yml", ".github/workflows/ci.yml"])
def test_the_publishing_docs_name_both_files(path):
    assert path in (REPO / "docs" / "publicera.md").read_text("utf-8")
