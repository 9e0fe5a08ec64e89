"""The results chart: a well-formed, accessible, deterministic SVG whose bars say what the
numbers say (no database needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from thidua.scoring.charts import (
    PLOT,
    BarGroup,
    BarSeries,
    grouped_bar_chart,
    points_text,
    results_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal
GROUPS = (
    BarGroup("I", "I. Nhiệm vụ chuyên môn", D("60")),
    BarGroup("II", "II. Công tác thi đua", D("40")),
    BarGroup("Điểm thưởng", "Điểm thưởng", D("5")),
)
SERIES = (
    BarSeries("Sở Công Thương tỉnh An Giang", (D("60"), D("20"), D("2.5"))),
    BarSeries("Sở Công Thương tỉnh Cà Mau", (D("30"), D("40"), D("0"))),
)


@pytest.fixture(autouse=True)
def vietnamese() -> Any:
    with translation.override("vi"):
        yield


def chart(
    groups: tuple[BarGroup, ...] = GROUPS, series: tuple[BarSeries, ...] = SERIES
) -> ET.Element:
    svg = grouped_bar_chart(
        groups, series, chart_id="bd", title="Điểm theo nhóm", description="Mô tả"
    )
    return ET.fromstring(str(svg))


def bars(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}rect") if e.get("class") == "bar"]


def test_the_chart_is_well_formed_svg_labelled_by_its_title_and_description() -> None:
    root = chart()
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    assert ids == ["bd-title", "bd-desc"]
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.get("id") == "bd-title"
    assert title.text == "Điểm theo nhóm"
    assert desc is not None
    assert desc.get("id") == "bd-desc"
    assert desc.text == "Mô tả"


def test_there_is_one_bar_per_unit_in_each_group() -> None:
    assert len(bars(chart())) == len(GROUPS) * len(SERIES)


def test_a_bars_height_is_its_share_of_the_groups_maximum() -> None:
    heights = [float(bar.get("height") or "nan") for bar in bars(chart())]
    # group by group, unit by unit: I 60/60 and 30/60, II 20/40 and 40/40, bonus 2.5/5 and 0/5
    assert heights == [PLOT, PLOT / 2, PLOT / 2, PLOT, PLOT / 2, 0]


def test_every_bar_stands_on_the_axis() -> None:
    bottoms = {float(b.get("y") or 0) + float(b.get("height") or 0) for b in bars(chart())}
    assert len(bottoms) == 1


def test_points_above_the_maximum_do_not_draw_past_the_maximum_line() -> None:
    over = (BarSeries("Đơn vị", (D("70"),)),)
    (bar,) = bars(chart((GROUPS[0],), over))
    assert float(bar.get("height") or 0) == PLOT


def test_each_bar_has_hover_text_with_the_unit_the_group_and_the_points() -> None:
    first = bars(chart())[0]
    title = first.find(f"{SVG}title")
    assert title is not None
    assert title.text == "Sở Công Thương tỉnh An Giang — I. Nhiệm vụ chuyên môn: 60/60 điểm"


def test_values_are_printed_on_the_bars_in_the_interface_language() -> None:
    texts = [t.text for t in chart().iter(f"{SVG}text")]
    assert "2,5" in texts
    with translation.override("en"):
        assert points_text(D("2.50")) == "2.5"


def test_the_axis_has_ticks_from_0_to_100_percent_and_a_dashed_maximum_line() -> None:
    root = chart()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for tick in ("0%", "25%", "50%", "75%", "100%"):
        assert tick in texts
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1


def test_the_legend_names_each_unit_with_its_own_fill() -> None:
    root = chart()
    legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend-item"]
    names = [g.find(f"{SVG}text").text for g in legend]  # type: ignore[union-attr]
    assert names == [s.name for s in SERIES]
    fills = [g.find(f"{SVG}rect").get("fill") for g in legend]  # type: ignore[union-attr]
    assert len(set(fills)) == len(SERIES)
    assert {b.get("fill") for b in bars(root)} == set(fills)


def test_units_differ_in_colour_or_pattern_for_greyscale_printing() -> None:
    many = tuple(BarSeries(f"Đơn vị {n}", (D("1"),)) for n in range(56))
    root = chart((GROUPS[0],), many)
    looks = set()
    for pattern in root.iter(f"{SVG}pattern"):
        children = list(pattern)
        background = children[0].get("fill")
        overlay = ET.tostring(children[1]) if len(children) > 1 else b""
        looks.add((background, overlay))
    assert len(looks) == 56


def test_names_are_escaped() -> None:
    evil = (BarSeries('<script>alert("x")</script> & Co', (D("1"), D("1"), D("1"))),)
    svg = str(
        grouped_bar_chart(GROUPS, evil, chart_id="bd", title="A <b>title</b>", description="x & y")
    )
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert '<script>alert("x")</script> & Co' in texts
    assert root.find(f"{SVG}title").text == "A <b>title</b>"  # type: ignore[union-attr]


def test_the_same_data_gives_the_same_svg() -> None:
    def draw() -> str:
        return str(grouped_bar_chart(GROUPS, SERIES, chart_id="bd", title="t", description="d"))

    assert draw() == draw()


def test_a_chart_without_units_is_still_well_formed() -> None:
    assert bars(chart(GROUPS, ())) == []


@dataclass
class Criterion:
    code: str
    title: str
    kind: str
    max_points: Decimal


@dataclass
class Unit:
    agency_name: str
    bonus: Decimal
    penalty: Decimal
    group_points: dict[str, Any] = field(default_factory=dict)


def test_the_results_chart_has_the_tables_groups_then_the_bonus_and_the_penalty() -> None:
    top = [
        Criterion("I", "Nhiệm vụ chuyên môn", "group", D("60")),
        Criterion("II", "Công tác thi đua", "group", D("40")),
        Criterion("VI", "Điểm thưởng", "bonus", D("5")),
        Criterion("VII", "Điểm trừ", "penalty", D("10")),
    ]
    units = [
        Unit("An Giang", D("5"), D("2"), {"I": "30.00", "II": "40.00"}),  # published: text
        Unit("Cà Mau", D("0"), D("10"), {"I": D("60"), "II": D("10")}),  # preview: decimals
    ]
    svg = results_chart(top, units, chart_id="kq", title="t", description="d")
    root = ET.fromstring(str(svg))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["I", "II", "Điểm thưởng", "Điểm trừ"]
    heights = [float(b.get("height") or 0) for b in bars(root)]
    assert heights == [PLOT / 2, PLOT, PLOT, PLOT / 4, PLOT, 0, PLOT / 5, PLOT]
