"""``manage.py covenant_pdf CLUSTER_CODE YEAR OUT.pdf``."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from thidua.covenants.documents import DRAFT_MARK
from thidua.covenants.management.commands.covenant_pdf import Command
from thidua.covenants.selectors import stored_document
from thidua.covenants.services import covenant_finalise
from thidua.covenants.tests.conftest import YEAR, Cluster, Flow
from thidua.covenants.tests.test_documents import pdf_text


def test_it_writes_the_draft_marked_as_a_draft(
    cluster: Cluster, flow: Flow, tmp_path: Path
) -> None:
    flow.ready(cluster, flow.draft(cluster))
    out = tmp_path / "du-thao.pdf"
    stdout = StringIO()
    call_command("covenant_pdf", "CUM-TN", str(YEAR), str(out), stdout=stdout)
    assert DRAFT_MARK in pdf_text(out.read_bytes())
    assert f"Đã ghi {out}" in stdout.getvalue()
    assert "Dự thảo" in stdout.getvalue()


def test_it_writes_the_finalised_file_as_stored(
    cluster: Cluster, flow: Flow, tmp_path: Path
) -> None:
    covenant = covenant_finalise(actor=None, covenant=flow.ready(cluster, flow.draft(cluster)))
    out = tmp_path / "giao-uoc.pdf"
    call_command("covenant_pdf", "CUM-TN", str(YEAR), str(out), stdout=StringIO())
    assert out.read_bytes() == stored_document(covenant)


@pytest.mark.parametrize(
    ("code", "year", "message"),
    [
        ("NOPE", "2023", "Không có khối, cụm NOPE năm 2023."),
        ("CUM-TN", "2023", "Không có khối, cụm CUM-TN năm 2023."),
        ("CUM-TN", str(YEAR), "chưa có giao ước"),
    ],
)
def test_an_unknown_cluster_or_year_or_a_year_without_covenant_is_an_error(
    cluster: Cluster, tmp_path: Path, code: str, year: str, message: str
) -> None:
    out = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("covenant_pdf", code, year, str(out), stdout=StringIO())
    assert not out.exists()


def test_from_the_command_line_an_unknown_cluster_exits_with_status_1(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What ``manage.py covenant_pdf NOPE 2023 out.pdf`` does, run in this process (a real
    process needs a migrated database of its own, which costs more than the whole suite)."""
    # The command closes the connections when it ends; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    out = tmp_path / "out.pdf"
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "covenant_pdf", "NOPE", "2023", str(out)])
    assert exit_.value.code == 1
    assert "CommandError: Không có khối, cụm NOPE năm 2023." in capsys.readouterr().err
    assert not out.exists()
