"""Render the sample documents to docs/screenshots/documents/ (not part of the test run).

Writes, for the cluster XI covenant and the sample tờ trình (``thidua.documents.samples``), a
PNG of every page of the PDF (through poppler's ``pdftoppm``), so that a reviewer can look at
the Decree 30 layout without opening anything; ``--with-sources`` also writes the .docx and the
PDF beside them. Run from the repository root:

    .venv/bin/python scripts/render_sample_documents.py [--dpi 80] [--with-sources]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "documents"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80, help="resolution of the PNGs")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    parser.add_argument(
        "--with-sources", action="store_true", help="also write the .docx and the PDF"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from thidua.documents import samples
    from thidua.documents.docx import render_docx
    from thidua.documents.pdf import render_pdf

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, document in (
        ("covenant-cluster-xi-2023", samples.covenant_2023()),
        ("submission-to-trinh", samples.submission()),
    ):
        docx = render_docx(document)
        pdf = render_pdf(document)
        if args.with_sources:
            (out / f"{name}.docx").write_bytes(docx)
            (out / f"{name}.pdf").write_bytes(pdf)
        for old in out.glob(f"{name}-page-*.png"):
            old.unlink()
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / "document.pdf"
            source.write_bytes(pdf)
            subprocess.run(
                [pdftoppm, "-png", "-r", str(args.dpi), source, out / f"{name}-page"],
                check=True,
            )
        pages = sorted(out.glob(f"{name}-page-*.png"))
        print(f"{name}: {len(pages)} page(s) → {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
