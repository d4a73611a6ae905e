"""When each content file last changed, read from git in one pass (nothing if git is not there)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(project: Path, folder: str = "content") -> dict[str, str]:
    """Project-relative path → date (YYYY-MM-DD) of the newest commit that touched it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True,
                              timeout=60).stdout

    try:
        prefix = git("rev-parse", "--show-prefix").strip()
        log = git("log", "--format=%x00%cs", "--name-only", "--no-renames", "--", folder)
    except (OSError, subprocess.SubprocessError):
        return {}  # no git, not a repository, or no history: the site is built without dates
    dates: dict[str, str] = {}
    day = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            day = line[1:]
        elif line and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], day)  # newest first: keep the first date seen
    return dates
