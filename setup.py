"""Build step: the wheel also carries what `ska init` gives a new project from this repository's top level.

`schemas/` (the format's single source), the readers' pages `docs/om.md` and `docs/ordlista.md` and the
indicator catalogue `content/indicators.yaml` stay where they are in the repository; building the package copies them into `ska/shipped/`, so an installed `ska` has
them. From a source checkout (or `pip install -e`) `ska.workflow.init.shipped` finds them at the top level.
All metadata is in pyproject.toml; this file only adds the copy.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ["schemas/*.schema.json", "docs/om.md", "docs/ordlista.md", "content/indicators.yaml"]


class BuildWithShipped(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "ska" / "shipped"
        for pattern in SHIPPED:
            sources = sorted(ROOT.glob(pattern))
            if not sources:
                raise FileNotFoundError(f"{pattern}: nothing to ship")
            for source in sources:
                destination = target / source.relative_to(ROOT)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildWithShipped})
