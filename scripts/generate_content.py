"""Write a synthetic project (content/ and a copy of schemas/) for load tests and demonstrations."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

try:
    import ska  # noqa: F401  (the generator uses its number formatting)
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(REPO / "plugins"))

import synthetic  # scripts/synthetic/, beside this script

MARKER = ".synthetic"
"""File in a generated content/ folder; only such a folder is ever replaced."""

KIND_WORDS = {
    "indicators": "indikatorkatalog",
    "programmes": "programfil",
    "unit": "enhetsfiler",
    "municipality_year": "kommunens årsfiler",
    "unit_year": "enheternas årsfiler",
}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="generate_content.py",
        description=(
            "Skapar ett påhittat projekt med innehåll för N enheter och Y läsår (det sista är 2024/25), "
            "till exempel för att prova hur snabbt sajten byggs. Samma frö ger alltid samma filer. "
            "Mappen får innehålla något bara om det är ett tidigare genererat projekt."
        ),
    )
    main.add_argument("out", metavar="MAPP", type=Path, help="mappen som projektet skrivs till (skapas om den saknas)")
    main.add_argument("--units", type=int, required=True, metavar="N", help="antal enheter (skolor och förskoleområden)")
    main.add_argument("--years", type=int, required=True, metavar="Y", help="antal läsår (standard: till och med 2024/25)")
    main.add_argument("--seed", type=int, default=0, metavar="S", help="slumpfrö (standard: 0)")
    main.add_argument("--first-year", type=int, default=None, metavar="ÅÅÅÅ",
                      help="året då första läsåret börjar, t.ex. 2020 för 2020/21 (standard: så att sista läsåret blir 2024/25)")
    return main


def check_target(out: Path) -> str | None:
    """Why ``out`` must not be written to, or None if it is safe."""
    if out.exists() and not out.is_dir():
        return f"{out} finns redan och är inte en mapp."
    if not out.exists() or not any(out.iterdir()):
        return None
    content = out / "content"
    if not content.is_dir():
        return (f"{out} är inte tom och har ingen content/-mapp. Välj en tom eller ny mapp, "
                "så att inget annat skrivs över.")
    if not (content / MARKER).is_file():
        return (f"{content} skapades inte av det här skriptet (filen {MARKER} saknas) och skrivs inte över. "
                "Välj en tom eller ny mapp.")
    return None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.units < 1 or args.years < 1:
        print("Ange minst 1 enhet och minst 1 läsår.", file=sys.stderr)
        return 2
    reason = check_target(args.out)
    if reason:
        print(f"Avbryter: {reason}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    municipality = synthetic.build(args.units, args.years, args.seed, args.first_year)
    docs = synthetic.documents(municipality)
    content = args.out / "content"
    if content.exists():
        shutil.rmtree(content)  # a previous generated tree: replace it whole so no stale file remains
    written = synthetic.write_documents(content, docs)
    (content / MARKER).write_text(
        "Det här innehållet är påhittat och skapat av scripts/generate_content.py.\n", encoding="utf-8")
    schemas = args.out / "schemas"
    if schemas.exists():
        shutil.rmtree(schemas)
    synthetic.copy_schemas(REPO / "schemas", args.out)
    seconds = time.perf_counter() - started

    kinds = Counter(kind for kind, _ in docs.values())
    unit_years = [path.stat().st_size for path in content.glob("years/*/units/*.yaml")]
    first, last = municipality.first, municipality.last
    print(f"Skrev {len(docs)} filer ({written / 1e6:.1f} MB) till {content}/ på {seconds:.1f} s:")
    for kind in ("indicators", "programmes", "unit", "municipality_year", "unit_year"):
        print(f"  {kinds[kind]:>6} {KIND_WORDS[kind]}")
    print(f"Läsår: {synthetic.school_year(first)}–{synthetic.school_year(last)}; "
          f"en enhets årsfil är i genomsnitt {sum(unit_years) / max(len(unit_years), 1) / 1000:.1f} kB.")
    print(f"Scheman kopierade till {schemas}/.")
    print(f"Kontrollera med: ska validate {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
