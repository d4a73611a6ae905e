"""`ska granska` reads each revision as it is committed: what the head's own .gitattributes say about exporting
(``export-ignore``, ``export-subst``) changes nothing, and a revision without content is said, not a traceback."""

from __future__ import annotations

from ska import cli
from ska.workflow.review_markdown import md
from test_review import VALID_CONTENT, commit, correct_last_year, git, new_year, repo, review  # noqa: F401

UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"


def test_the_heads_gitattributes_cannot_hide_a_rewritten_figure(repo, capsys):  # noqa: F811
    base = new_year(repo)
    correct_last_year(repo)  # a figure of the finished 2024/25 changed without a reason
    unit = VALID_CONTENT["content/units/eneskolan.yaml"].replace("name: Eneskolan", 'name: "Eneskolan $Format:%H$"')
    head = commit(repo, "dölj", {".gitattributes": f"{UNIT_YEAR} export-ignore\ncontent/units/* export-subst\n",
                                 "content/units/eneskolan.yaml": unit})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    # the file export-ignore would leave out is read, and the name is as committed ($Format:%H$ not filled in)
    assert f"⚠️ **Historien skrivs om:** {md('Eneskolan $Format:%H$')} 2024/25:" in out
    assert "231,5 → 229,0" in out and "(borttaget)" not in out


def test_a_head_without_content_is_said(repo, capsys):  # noqa: F811
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "rm", "-rq", "content")
    head = commit(repo, "inget innehåll", {})
    git(repo, "checkout", base, "--", "content")  # the work tree has a project; the revision --mot names has not
    code = cli.main(["granska", "--path", str(repo), "--bas", base, "--mot", head])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert f"Versionen {head[:12]} har inget innehåll att granska" in err
