"""Biểu đồ điểm theo nhóm — the results as a server-rendered SVG grouped bar chart.

One cluster of bars per group of the table (then the bonus and the penalty), one bar per unit
in each cluster. A bar's height is the unit's points as a share of the group's maximum, so
groups of 50 and of 10 points read on the same 0–100 % axis; the maximum is the dashed line at
the top and each bar carries its points as a label and as hover text (``<title>``).

Pure functions of their arguments: no database, no JavaScript, no randomness (the same data
gives the same bytes, so the page and the tests can compare it). Every text is escaped by
``format_html``. Units are told apart by colour *and* fill pattern, so the chart still reads
when printed in greyscale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from thidua.scoring.choices import CriterionKind

ZERO = Decimal("0")

# Okabe–Ito colours (safe for colour-blind readers), in an order that alternates dark and
# light so that neighbouring bars differ in greyscale too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#F0E442", "#D55E00", "#56B4E9", "#CC79A7")
# Pattern strokes drawn over the colour (none for the first: a solid fill).
PATTERNS = (
    "",
    "M0 6L6 0",  # diagonal
    "M0 3H6",  # horizontal
    "M0 0L6 6M0 6L6 0",  # cross
    "M3 0V6",  # vertical
    "M0 0L6 6",  # reverse diagonal
    "M0 3H6M3 0V6",  # grid
    "dots",
)

BAR = 18  # bar width
BAR_GAP = 2
GROUP_GAP = 26
LEFT = 56
RIGHT = 16
TOP = 44  # room for the labels of full bars
PLOT = 220
AXIS_LABELS = 46
LEGEND_ROW = 20
LEGEND_COLUMN = 300
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class BarGroup:
    """A cluster of bars: its short label under the axis, its full title, its maximum."""

    label: str
    title: str
    max_points: Decimal


@dataclass(frozen=True)
class BarSeries:
    """One unit: its name in the legend and its points in each group (in the groups' order)."""

    name: str
    values: tuple[Decimal, ...]


class ChartUnit(Protocol):
    """What the chart reads of a unit's result: a published entry or a preview's result."""

    @property
    def agency_name(self) -> str: ...
    @property
    def group_points(self) -> Mapping[str, Any]: ...
    @property
    def bonus(self) -> Decimal: ...
    @property
    def penalty(self) -> Decimal: ...


class ChartCriterion(Protocol):
    """What the chart reads of a top-level criterion of the table."""

    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def max_points(self) -> Decimal: ...


def points_text(value: Decimal) -> str:
    """Points as the active language writes them, without trailing zeros (``32,5`` in
    Vietnamese)."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal("1"))
    return formats.number_format(normal, use_l10n=True)


def _coordinate(value: float) -> str:
    """A coordinate with at most two decimals and a dot, whatever the locale."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _patterns(chart_id: str, count: int) -> SafeString:
    parts: list[SafeString] = []
    for index in range(count):
        colour = PALETTE[index % len(PALETTE)]
        # 7 colours × 8 patterns: the first 56 units all look different.
        stroke = PATTERNS[index % len(PATTERNS)]
        ink = "#000000" if colour in ("#F0E442", "#E69F00", "#56B4E9") else "#FFFFFF"
        if stroke == "dots":
            overlay = format_html('<circle cx="3" cy="3" r="1.2" fill="{}"/>', ink)
        elif stroke:
            overlay = format_html(
                '<path d="{}" stroke="{}" stroke-width="1.2" fill="none"/>', stroke, ink
            )
        else:
            overlay = mark_safe("")
        parts.append(
            format_html(
                '<pattern id="{}-fill-{}" width="6" height="6" patternUnits="userSpaceOnUse">'
                '<rect width="6" height="6" fill="{}"/>{}</pattern>',
                chart_id,
                index,
                colour,
                overlay,
            )
        )
    return format_html("<defs>{}</defs>", mark_safe("".join(parts)))


def grouped_bar_chart(
    groups: Sequence[BarGroup],
    series: Sequence[BarSeries],
    *,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """The SVG of a grouped bar chart, ready to put in a page (``role="img"``, labelled by its
    ``<title>`` and ``<desc>``).

    ``chart_id`` prefixes the ids inside the SVG (keep it unique on the page).
    """
    count = max(len(series), 1)
    group_width = count * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP
    plot_width = max(len(groups) * group_width, 320)
    width = LEFT + plot_width + RIGHT
    legend_columns = max(1, (width - LEFT) // LEGEND_COLUMN)
    legend_rows = -(-len(series) // legend_columns)
    legend_top = TOP + PLOT + AXIS_LABELS
    height = legend_top + legend_rows * LEGEND_ROW + 8
    bottom = TOP + PLOT

    parts: list[SafeString] = [
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
        _patterns(chart_id, len(series)),
    ]
    # The axis: ticks at 0, 25, 50, 75 and 100 % of each group's maximum.
    for tick in TICKS:
        tick_y = _coordinate(bottom - PLOT * tick / 100)
        top_line = tick == 100
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"{}/>'
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" '
                'font-size="11">{}%</text>',
                LEFT,
                tick_y,
                LEFT + plot_width,
                tick_y,
                "#888888" if top_line else "#E3E3E3",
                mark_safe(' stroke-dasharray="4 3"') if top_line else "",
                LEFT - 6,
                tick_y,
                tick,
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555555">{}</text>',
            LEFT + plot_width,
            TOP - 30,
            _("Đường nét đứt: điểm tối đa của nhóm"),
        )
    )
    parts.append(
        format_html(
            '<text transform="translate(14 {}) rotate(-90)" text-anchor="middle" '
            'font-size="11">{}</text>',
            _coordinate(TOP + PLOT / 2),
            _("% điểm tối đa của nhóm"),
        )
    )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333" stroke-width="1"/>',
            LEFT,
            bottom,
            LEFT + plot_width,
            bottom,
        )
    )
    for group_index, group in enumerate(groups):
        start = LEFT + group_index * group_width + GROUP_GAP / 2
        bars: list[SafeString] = []
        for series_index, unit in enumerate(series):
            value = unit.values[group_index] if group_index < len(unit.values) else ZERO
            share = float(value / group.max_points) if group.max_points > 0 else 0.0
            bar_height = PLOT * min(max(share, 0.0), 1.0)
            x = start + series_index * (BAR + BAR_GAP)
            y = bottom - bar_height
            hover = _("%(unit)s — %(group)s: %(points)s/%(max)s điểm") % {
                "unit": unit.name,
                "group": group.title,
                "points": points_text(value),
                "max": points_text(group.max_points),
            }
            bars.append(
                format_html(
                    '<rect class="bar" x="{}" y="{}" width="{}" height="{}" '
                    'fill="url(#{}-fill-{})" stroke="#222222" stroke-width="0.6">'
                    "<title>{}</title></rect>"
                    '<text class="value" transform="translate({} {}) rotate(-90)" '
                    'font-size="10" dominant-baseline="middle" aria-hidden="true">{}</text>',
                    _coordinate(x),
                    _coordinate(y),
                    BAR,
                    _coordinate(bar_height),
                    chart_id,
                    series_index,
                    hover,
                    _coordinate(x + BAR / 2),
                    _coordinate(y - 3),
                    points_text(value),
                )
            )
        centre = start + (group_width - GROUP_GAP) / 2
        parts.append(
            format_html(
                '<g class="group"><title>{}</title>{}'
                '<text class="label" x="{}" y="{}" text-anchor="middle" font-size="12" '
                'font-weight="bold">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="#555555">{}</text>'
                "</g>",
                group.title,
                mark_safe("".join(bars)),
                _coordinate(centre),
                bottom + 18,
                group.label,
                _coordinate(centre),
                bottom + 34,
                _("tối đa %(max)s") % {"max": points_text(group.max_points)},
            )
        )
    legend = format_html_join(
        "",
        '<g class="legend-item"><rect x="{}" y="{}" width="14" height="14" '
        'fill="url(#{}-fill-{})" stroke="#222222" stroke-width="0.6"/>'
        '<text x="{}" y="{}" font-size="12" dominant-baseline="middle">{}</text></g>',
        (
            (
                LEFT + (index % legend_columns) * LEGEND_COLUMN,
                legend_top + (index // legend_columns) * LEGEND_ROW,
                chart_id,
                index,
                LEFT + (index % legend_columns) * LEGEND_COLUMN + 20,
                legend_top + (index // legend_columns) * LEGEND_ROW + 7,
                unit.name,
            )
            for index, unit in enumerate(series)
        ),
    )
    parts.append(format_html('<g class="legend">{}</g>', legend))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-labelledby="{}-title {}-desc" width="{}" height="{}" viewBox="0 0 {} {}" '
        'font-family="sans-serif" class="chart">{}</svg>',
        chart_id,
        chart_id,
        width,
        height,
        width,
        height,
        mark_safe("".join(parts)),
    )


def results_chart(
    top: Sequence[ChartCriterion],
    units: Sequence[ChartUnit],
    *,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """The results chart: a cluster of bars for each top-level group of the table (``top``, in
    order), then one for the bonus and one for the penalty where the table has them; a bar per
    unit, in the order of ``units``."""
    groups: list[BarGroup] = []
    codes: list[str] = []
    bonus_max = penalty_max = ZERO
    for criterion in top:
        if criterion.kind == CriterionKind.BONUS:
            bonus_max += criterion.max_points
        elif criterion.kind == CriterionKind.PENALTY:
            penalty_max += criterion.max_points
        else:
            groups.append(
                BarGroup(
                    criterion.code, f"{criterion.code}. {criterion.title}", criterion.max_points
                )
            )
            codes.append(criterion.code)
    extras: list[str] = []
    if bonus_max > 0:
        groups.append(BarGroup(_("Điểm thưởng"), _("Điểm thưởng"), bonus_max))
        extras.append("bonus")
    if penalty_max > 0:
        groups.append(BarGroup(_("Điểm trừ"), _("Điểm trừ"), penalty_max))
        extras.append("penalty")
    series = []
    for unit in units:
        values = [Decimal(str(unit.group_points.get(code, "0"))) for code in codes]
        values.extend(unit.bonus if extra == "bonus" else unit.penalty for extra in extras)
        series.append(BarSeries(unit.agency_name, tuple(values)))
    return grouped_bar_chart(
        groups, series, chart_id=chart_id, title=title, description=description
    )
