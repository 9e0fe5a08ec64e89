"""Editing one cell of a score grid in place (the cross-review grid and the consolidation):
the one flow of GET the form, POST the save, and the answers to a conflict or a refusal, shared
by ``views.reviews`` and ``views.consolidation``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thidua.core.errors import DomainError, EditConflict
from thidua.core.http import HtmxHttpRequest
from thidua.scoring.forms_review import FinalScoreForm, ReviewScoreForm
from thidua.scoring.grids import GridCell


def partial_request(request: HtmxHttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def field_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@dataclass(frozen=True)
class CellEditor:
    """How one grid's cell is edited in place: the form and the saved row's text field, the
    template (with its ``form`` and ``display`` partials), the save (a service call that may
    raise ``EditConflict`` or ``DomainError``), how the cell and the form page are drawn, where
    a whole-page save returns, and the message of a save."""

    form_class: type[ReviewScoreForm] | type[FinalScoreForm]
    text_field: str
    template: str
    save: Callable[[dict[str, Any]], Any]
    display: Callable[[Any], GridCell]
    form_page: Callable[[HtmxHttpRequest, dict[str, Any], Any, int], HttpResponse]
    back_url: str
    saved_text: Callable[[Any], str]


def edit_cell(
    request: HtmxHttpRequest, editor: CellEditor, context: dict[str, Any], current: Any
) -> HttpResponse:
    """GET: the edit form (``?huy`` from HTMX: the cell as it is); POST: the save — the cell
    (200), or the form again with the saved value and what was typed (409 on a conflict) or
    with the refusal (422). Without HTMX a save redirects back with a message."""
    maximum = context["criterion"].max_points
    auto_id = f"{context['prefix']}-%s"
    if request.method == "GET":
        if "huy" in request.GET and partial_request(request):
            context["cell"] = editor.display(current)
            return render(request, f"{editor.template}#display", context)
        initial = (
            {
                "points": current.points,
                editor.text_field: getattr(current, editor.text_field),
                "version": current.version,
            }
            if current is not None
            else {"version": ""}
        )
        context["form"] = editor.form_class(initial=initial, maximum=maximum, auto_id=auto_id)
        return editor.form_page(request, context, current, 200)

    form = editor.form_class(request.POST, maximum=maximum, auto_id=auto_id)
    context["form"] = form
    if not form.is_valid():
        return editor.form_page(request, context, current, 422)
    try:
        saved = editor.save(form.cleaned_data)
    except EditConflict as conflict:
        stored: Any = conflict.current  # the saved row, or None
        kept = request.POST.copy()
        kept["version"] = str(stored.version) if stored is not None else ""
        context["form"] = editor.form_class(kept, maximum=maximum, auto_id=auto_id)
        context["conflict"] = conflict.message
        return editor.form_page(request, context, stored, 409)
    except DomainError as error:
        field_error(form, error)
        return editor.form_page(request, context, current, 422)
    text = editor.saved_text(saved)
    if not partial_request(request):
        messages.success(request, text)
        return redirect(editor.back_url)
    context |= {"cell": editor.display(saved), "saved": text}
    return render(request, f"{editor.template}#display", context)
