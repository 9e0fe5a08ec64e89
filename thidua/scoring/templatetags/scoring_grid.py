"""Cells of the cross-review and consolidation grids, built in Python.

A grid of 60 units × 100 criteria has 6 000 cells or more; rendering each through template
tags costs too much, so a row's cells are one tag call that joins plain strings. The same
functions render the single cell an HTMX save returns, so the grid and the partial cannot
drift apart. Every text that comes from the database is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django import template
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from thidua.scoring.grids import GridCell, GridRow, GridUnit

register = template.Library()

DASH = '<span class="none">—</span>'


@dataclass(frozen=True)
class GridLinks:
    """What the cells of one page link to, and their fixed words (computed once per page).

    ``edit_prefix`` is the address of the cells' edit form up to the ids (``…/o/``), or
    ``None`` when the grid is read-only; ``unit_prefix`` leads to a unit's review page. The
    caches hold each distinct number's text and each unit's escaped name, computed once.
    """

    sep: str
    edit_prefix: str | None
    unit_prefix: str
    edit_word: str
    response_word: str
    details_word: str
    numbers: dict[Decimal, str] = field(default_factory=dict, compare=False)
    names: dict[int, str] = field(default_factory=dict, compare=False)

    def number(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        text = self.numbers.get(value)
        if text is None:
            text = self.numbers[value] = points_text(value, self.sep)
        return text

    def name(self, unit: GridUnit) -> str:
        text = self.names.get(unit.assessment_id)
        if text is None:
            text = self.names[unit.assessment_id] = escape(unit.name)
        return text


def grid_links(*, edit_prefix: str | None, unit_prefix: str) -> GridLinks:
    return GridLinks(
        sep=str(get_format("DECIMAL_SEPARATOR")),
        edit_prefix=edit_prefix,
        unit_prefix=unit_prefix,
        edit_word=escape(_("sửa")),
        response_word=escape(_("đơn vị được chấm đã có ý kiến")),
        details_word=escape(_("xem các đề xuất")),
    )


def points_text(value: Decimal | None, sep: str) -> str:
    """``12.50`` → ``12,5`` (in Vietnamese); ``None`` → an empty string."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", sep) if sep != "." else text


def _edit_link(url: str, links: GridLinks, label: str, focus: bool) -> str:
    autofocus = " autofocus" if focus else ""
    return (
        f' <a class="edit" href="{url}" hx-get="{url}"{autofocus}>{links.edit_word}'
        f'<span class="visually-hidden"> {label}</span></a>'
    )


def _review_inner(cell: GridCell, label: str, links: GridLinks, focus: bool) -> str:
    proposal = cell.proposal
    if proposal is None:
        html = DASH
    else:
        html = (
            f'<span class="v" title="{escape(proposal.reason)}">'
            f"{links.number(proposal.points)}</span>"
        )
        if proposal.has_response:
            html += (
                f' <span class="r" title="{links.response_word}"><span aria-hidden="true">✉'
                f'</span><span class="visually-hidden">{links.response_word}</span></span>'
            )
    unit = cell.unit
    if links.edit_prefix is not None and unit.assignment_id is not None and unit.submitted:
        url = f"{links.edit_prefix}{unit.assignment_id}/{cell.criterion_id}/"
        html += _edit_link(url, links, label, focus)
    return html


@register.simple_tag
def review_cells(row: GridRow, links: GridLinks) -> SafeString:
    """A reviewer's grid row: per unit, the self score and the reviewer's proposal."""
    code = escape(row.code)
    parts = []
    for cell in row.cells:
        unit = cell.unit
        label = f"{code}, {links.name(unit)}"
        own = links.number(cell.self_points) or DASH
        parts.append(
            f'<td class="s">{own}</td><td class="p" id="o-{unit.assessment_id}-'
            f'{cell.criterion_id}">{_review_inner(cell, label, links, False)}</td>'
        )
    return mark_safe("".join(parts))  # every piece is escaped above


@register.simple_tag
def review_cell(cell: GridCell, code: str, links: GridLinks, focus: bool = False) -> SafeString:
    """The inside of one proposal cell (what an HTMX save or cancel puts back)."""
    label = f"{escape(code)}, {links.name(cell.unit)}"
    return mark_safe(_review_inner(cell, label, links, focus))


def _final_inner(cell: GridCell, label: str, links: GridLinks, focus: bool) -> str:
    if cell.final_points is None:
        html = DASH
    else:
        html = f"<strong>{links.number(cell.final_points)}</strong>"
    if links.edit_prefix is not None and cell.unit.submitted:
        url = f"{links.edit_prefix}{cell.unit.assessment_id}/{cell.criterion_id}/"
        html += _edit_link(url, links, label, focus)
    return html


@register.simple_tag
def consolidation_cells(row: GridRow, links: GridLinks) -> SafeString:
    """A consolidation row: per unit, the self score, the proposals' mean (and how many, a
    link to them), their normalised mean, and the consolidated score."""
    code = escape(row.code)
    parts = []
    for cell in row.cells:
        unit = cell.unit
        own = links.number(cell.self_points) or DASH
        if cell.proposals:
            mean = links.number(cell.mean)
            href = f"{links.unit_prefix}{escape(unit.code)}/#tc-{cell.criterion_id}"
            proposals = (
                f'<a href="{href}" title="{links.details_word}">{mean}</a>'
                f' <small class="meta">({len(cell.proposals)})</small>'
            )
            normal = links.number(cell.normalised_mean) or DASH
        else:
            proposals = normal = DASH
        label = f"{code}, {links.name(unit)}"
        parts.append(
            f'<td class="s">{own}</td><td class="m">{proposals}</td><td class="z">{normal}</td>'
            f'<td class="f" id="f-{unit.assessment_id}-{cell.criterion_id}">'
            f"{_final_inner(cell, label, links, False)}</td>"
        )
    return mark_safe("".join(parts))


@register.simple_tag
def final_cell(cell: GridCell, code: str, links: GridLinks, focus: bool = False) -> SafeString:
    """The inside of one consolidated-score cell (what an HTMX save or cancel puts back)."""
    label = f"{escape(code)}, {links.name(cell.unit)}"
    return mark_safe(_final_inner(cell, label, links, focus))


@register.filter
def points(value: Decimal | None) -> str:
    """Points as people write them: no trailing zeros, the locale's decimal separator."""
    return points_text(value, str(get_format("DECIMAL_SEPARATOR")))
