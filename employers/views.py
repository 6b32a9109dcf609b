"""The employer consultant's pages. Thin: read through employers.selectors, write through
employers.services. Consultants write; caseworkers and managers read (no forms: 403)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import Conflict, PermissionRefused
from core.identifiers import is_ascii_digits
from core.roles import CONSULTANT, has_role
from core.web import (
    apply_service_error,
    autofocus_first_error,
    form_status,
    page_of,
    permission_required,
)

from . import rules, selectors, services
from .forms import (
    ContactForm,
    DispensationForm,
    EmployerForm,
    EmployerSearchForm,
    ImportUploadForm,
    NeedForm,
    OpeningFilterForm,
    OpeningForm,
    OpeningStatusForm,
    WorkplaceForm,
    search_workplaces,
)
from .imports import IMPORT_ACTIONS
from .models import Dispensation, Opening, Placement

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "employers_import_csv"

READ = "employers.view_employer"
READ_OPENINGS = "employers.view_opening"


def _page(request: HttpRequest, queryset: Any) -> Page:
    return page_of(request, queryset, PAGE_SIZE)


def _can(request: HttpRequest) -> dict[str, bool]:
    """What the current user may do on these pages (buttons are shown only then)."""
    user = request.user
    return {
        "edit_employer": user.has_perm("employers.change_employer"),
        "add_employer": user.has_perm("employers.add_employer"),
        "add_workplace": user.has_perm("employers.add_workplace"),
        "edit_workplace": user.has_perm("employers.change_workplace"),
        "add_opening": user.has_perm("employers.add_opening"),
        "edit_opening": user.has_perm("employers.change_opening"),
        "add_contact": user.has_perm("employers.add_employercontact"),
        "add_dispensation": user.has_perm("employers.add_dispensation"),
        "edit_dispensation": user.has_perm("employers.change_dispensation"),
        "see_contacts": user.has_perm("employers.view_employercontact"),
        "see_placements": user.has_perm("employers.view_placement"),
        "import": user.has_perms(IMPORT_ACTIONS),
    }


# --- Lists -------------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD"])
@permission_required(READ)
def mine(request: HttpRequest) -> HttpResponse:
    """Mine virksomheder: my companies (or all) with open openings, active placements and the
    last contact; searchable by name or CVR."""
    form = EmployerSearchForm(request.GET, user=request.user)
    employers = form.filter(selectors.employer_list(user=request.user))
    context = {
        "form": form,
        "scope": form.chosen_scope,
        "page_obj": _page(request, employers),
        "can": _can(request),
    }
    if request.htmx:
        return render(request, "employers/_employer_results.html", context)
    if context["can"]["see_contacts"]:
        context["samarbejdsgrad"] = selectors.samarbejdsgrad()
    return render(request, "employers/mine.html", context)


@require_http_methods(["GET", "HEAD"])
@permission_required(READ_OPENINGS)
def openings(request: HttpRequest) -> HttpResponse:
    """All openings, filtered by kind, occupation group, status, postcode and consultant; a
    consultant starts at their own companies' (choosing "all consultants" shows every one)."""
    data = request.GET.copy()
    if "consultant" not in data and has_role(request.user, CONSULTANT):
        data["consultant"] = str(request.user.pk)
    form = OpeningFilterForm(data)
    rows = form.filter(
        selectors.opening_list(user=request.user).select_related("workplace__employer__consultant")
    )
    context = {
        "form": form,
        "page_obj": _page(request, rows),
        "can": _can(request),
    }
    if request.htmx:
        return render(request, "employers/_opening_results.html", context)
    return render(request, "employers/openings.html", context)


# --- The company page --------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD"])
@permission_required(READ)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.employer_detail(user=request.user, employer_id=pk)
    today = timezone.localdate()
    # The ratio today (kind "" matches no dispensation); the dispensations are listed beside it.
    rooms = rules.rooms(
        workplace_ids=[workplace.pk for workplace in employer.workplaces.all()],
        kind="",
        start=today,
        end=today,
    )
    dispensations: dict[int, list[Dispensation]] = {}
    for dispensation in Dispensation.objects.filter(workplace__employer=employer):
        dispensation.in_force_today = dispensation.in_force_on(today)
        dispensations.setdefault(dispensation.workplace_id, []).append(dispensation)
    workplaces = [
        (workplace, rooms[workplace.pk], dispensations.get(workplace.pk, []))
        for workplace in employer.workplaces.all()
    ]
    can = _can(request)
    active = [row for row in employer.placement_rows if row.status == Placement.Status.ACTIVE]
    earlier = [row for row in employer.placement_rows if row.status != Placement.Status.ACTIVE]
    context = {
        "employer": employer,
        "workplaces": workplaces,
        "active_placements": active,
        "earlier_placements": earlier,
        "can": can,
        "contact_form": ContactForm(employer=employer, initial={"date": today, "kind": "telefon"})
        if can["add_contact"]
        else None,
        "status_choices": OpeningStatusForm.base_fields["status"].choices,
    }
    return render(request, "employers/detail.html", context)


@require_POST
@permission_required("employers.add_employercontact", READ)
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a contact from the company page: with htmx the contacts section is replaced in
    place (form and timeline); without JavaScript a redirect back to the timeline."""
    employer = selectors.employer_detail(user=request.user, employer_id=pk)
    form = ContactForm(request.POST, employer=employer)
    if form.is_valid():
        try:
            services.contact_create(actor=request.user, employer=employer, **form.cleaned_data)
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
    saved = not form.errors
    if saved and not request.htmx:
        messages.success(request, _("The contact has been logged."))
        return redirect(reverse("employers:detail", args=[pk]) + "#contacts")
    if saved:
        employer = selectors.employer_detail(user=request.user, employer_id=pk)
        form = ContactForm(
            employer=employer, initial={"date": timezone.localdate(), "kind": "telefon"}
        )
    context = {"employer": employer, "contact_form": form, "can": _can(request), "saved": saved}
    if request.htmx:
        # htmx swaps only 2xx answers: the form with its errors comes back as 200.
        return render(request, "employers/_contacts.html", context)
    return render(request, "employers/contact_form.html", context, status=form_status(form))


# --- Company, workplace and opening forms ------------------------------------------------------
def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    if context["form"].errors:
        autofocus_first_error(context["form"])
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.add_employer")
def employer_new(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None, initial={"consultant": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("The company %(name)s has been created.") % {"name": employer.name}
            )
            return redirect("employers:detail", pk=employer.pk)
    return _form_page(
        request,
        "employers/employer_form.html",
        {"form": form, "title": _("New company")},
        status=form_status(form),
    )


@require_POST
@permission_required("employers.take_employer")
def employer_take(request: HttpRequest, pk: int) -> HttpResponse:
    """A consultant takes a company without a consultant (services.employer_take)."""
    employer = get_object_or_404(selectors.employers_visible_to(request.user), pk=pk)
    try:
        services.employer_take(actor=request.user, employer=employer)
    except (Conflict, PermissionRefused, ValidationError) as error:
        messages.error(request, str(getattr(error, "message", error)))
    else:
        messages.success(request, _("You are now the company's consultant."))
    return redirect("employers:detail", pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.change_employer", READ)
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_visible_to(request.user), pk=pk)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(actor=request.user, employer=employer, **form.changed_values())
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The company has been saved."))
            return redirect("employers:detail", pk=employer.pk)
    return _form_page(
        request,
        "employers/employer_form.html",
        {"form": form, "employer": employer, "title": _("Edit company")},
        status=form_status(form),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.add_workplace", READ)
def workplace_new(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_visible_to(request.user), pk=pk)
    form = WorkplaceForm(
        request.POST or None,
        initial={
            "name": employer.name,
            "address": employer.address,
            "postcode": employer.postcode,
            "employees_counted_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_create(actor=request.user, employer=employer, **form.cleaned_data)
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The workplace has been created."))
            return redirect(reverse("employers:detail", args=[employer.pk]) + "#workplaces")
    return _form_page(
        request,
        "employers/workplace_form.html",
        {"form": form, "employer": employer, "title": _("New workplace")},
        status=form_status(form),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.change_workplace", READ)
def workplace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = get_object_or_404(
        selectors.workplace_list(user=request.user).select_related("employer"), pk=pk
    )
    form = WorkplaceForm(request.POST or None, instance=workplace)
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_update(
                actor=request.user, workplace=workplace, **form.changed_values()
            )
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The workplace has been saved."))
            return redirect(
                reverse("employers:detail", args=[workplace.employer_id]) + "#workplaces"
            )
    return _form_page(
        request,
        "employers/workplace_form.html",
        {
            "form": form,
            "employer": workplace.employer,
            "workplace": workplace,
            "title": _("Edit workplace"),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.add_dispensation", READ)
def dispensation_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a dispensation from the rimelighedskrav at a workplace."""
    workplace = get_object_or_404(
        selectors.workplace_list(user=request.user).select_related("employer"), pk=pk
    )
    form = DispensationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispensation_create(
                actor=request.user, workplace=workplace, **form.cleaned_data
            )
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The dispensation has been registered."))
            return redirect(
                reverse("employers:detail", args=[workplace.employer_id]) + "#workplaces"
            )
    return _form_page(
        request,
        "employers/dispensation_form.html",
        {
            "form": form,
            "employer": workplace.employer,
            "workplace": workplace,
            "title": _("New dispensation from the rimelighedskrav"),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.change_dispensation", READ)
def dispensation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct or end a registered dispensation."""
    dispensation = get_object_or_404(
        Dispensation.objects.filter(
            workplace__in=selectors.workplace_list(user=request.user)
        ).select_related("workplace__employer"),
        pk=pk,
    )
    workplace = dispensation.workplace
    form = DispensationForm(request.POST or None, instance=dispensation)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispensation_update(
                actor=request.user, dispensation=dispensation, **form.changed_values()
            )
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The dispensation has been saved."))
            return redirect(
                reverse("employers:detail", args=[workplace.employer_id]) + "#workplaces"
            )
    return _form_page(
        request,
        "employers/dispensation_form.html",
        {
            "form": form,
            "employer": workplace.employer,
            "workplace": workplace,
            "title": _("Edit dispensation from the rimelighedskrav"),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.change_opening", READ_OPENINGS)
def opening_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opening = get_object_or_404(
        selectors.opening_list(user=request.user).select_related("workplace__employer"), pk=pk
    )
    employer = opening.workplace.employer
    form = OpeningForm(request.POST or None, instance=opening)
    if request.method == "POST" and form.is_valid():
        try:
            services.opening_update(actor=request.user, opening=opening, **form.changed_values())
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The opening has been saved."))
            return redirect(reverse("employers:detail", args=[employer.pk]) + "#openings")
    return _form_page(
        request,
        "employers/opening_form.html",
        {"form": form, "employer": employer, "opening": opening, "title": _("Edit opening")},
        status=form_status(form),
    )


@require_POST
@permission_required("employers.change_opening", READ_OPENINGS)
def opening_status(request: HttpRequest, pk: int) -> HttpResponse:
    opening = get_object_or_404(
        selectors.opening_list(user=request.user).select_related("workplace"), pk=pk
    )
    form = OpeningStatusForm(request.POST)
    anchor = reverse("employers:detail", args=[opening.workplace.employer_id]) + "#openings"
    if form.is_valid():
        try:
            services.opening_set_status(
                actor=request.user, opening=opening, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            status = Opening.Status(form.cleaned_data["status"]).label
            messages.success(
                request,
                _("“%(title)s” is now: %(status)s.") % {"title": opening.title, "status": status},
            )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(anchor)


# --- Log a need in under a minute --------------------------------------------------------------
def _workplace_results(request: HttpRequest, query: str) -> list:
    return search_workplaces(selectors.workplace_list(user=request.user), query)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("employers.add_opening", "employers.view_workplace")
def need_new(request: HttpRequest) -> HttpResponse:
    """A short form: company search, occupation, kind, seats, hours, start; the rest optional.
    After saving: a message and the empty form again, for the next need.

    Without JavaScript the search button next to the company field submits the form: with no
    workplace chosen yet it only shows the results (no errors); with htmx the results appear as
    you type. A typed CVR or P-number with exactly one workplace chooses it, so Enter is enough."""
    workplaces = selectors.workplace_list(user=request.user)
    data = request.POST.copy() if request.method == "POST" else None
    source = data if data is not None else request.GET
    query = source.get("company", "")
    results = _workplace_results(request, query)
    if data is not None and not data.get("workplace") and len(results) == 1:
        only = results[0]
        if query.replace(" ", "") in {only.employer.cvr, only.p_number}:
            data["workplace"] = str(only.pk)
    if data is not None and "search" in data and not data.get("workplace"):
        # Search only: show the results, keep what was typed, no errors yet.
        initial = {
            key: data.getlist(key) if key in NeedForm.MULTIPLE else data.get(key)
            for key in data
            if key != "csrfmiddlewaretoken"
        }
        form = NeedForm(workplaces=workplaces, initial=initial)
        data = None
    else:
        initial = {"company": query}
        if is_ascii_digits(request.GET.get("workplace", "")):
            initial["workplace"] = request.GET["workplace"]
        form = NeedForm(data, workplaces=workplaces, initial=initial)
    if data is not None and form.is_valid():
        try:
            opening = services.opening_create(actor=request.user, **form.opening_data())
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Saved: %(title)s at %(company)s (%(kind)s, %(seats)s seat).",
                    "Saved: %(title)s at %(company)s (%(kind)s, %(seats)s seats).",
                    opening.seats,
                )
                % {
                    "title": opening.title,
                    "company": opening.workplace.employer.name,
                    "kind": opening.get_kind_display(),
                    "seats": opening.seats,
                },
            )
            return redirect("employers:need_new")
    selected = str(form["workplace"].value() or "")
    if is_ascii_digits(selected) and not any(str(place.pk) == selected for place in results):
        results = [*workplaces.filter(pk=selected).select_related("employer"), *results]
    context = {
        "form": form,
        "results": results,
        "query": query,
        "selected": selected,
        "searched": bool(query.strip()),
    }
    status = form_status(form)
    if form.errors:
        autofocus_first_error(form)
        if not results and form.fields["workplace"].widget.attrs.pop("autofocus", None):
            form.fields["company"].widget.attrs["autofocus"] = True
    return render(request, "employers/need_form.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@permission_required("employers.view_workplace")
def workplace_search(request: HttpRequest) -> HttpResponse:
    """The need form's company results (an htmx fragment; a full page without JS)."""
    query = request.GET.get("company", "")
    context = {
        "results": _workplace_results(request, query),
        "query": query,
        "selected": "",
        "searched": bool(query.strip()),
    }
    return render(request, "employers/_workplace_results.html", context)


# --- CSV import --------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(*IMPORT_ACTIONS)
def import_csv(request: HttpRequest) -> HttpResponse:
    """Upload -> dry run (each row's errors in Danish) -> confirm -> counts. The uploaded
    content waits in the session between the dry run and the confirmation, never on disk."""
    from . import imports  # written beside this module; loaded when the page is used

    # A page answers within seconds: larger files go through `manage.py import_employers`.
    web_limit = settings.IMPORT_WEB_MAX_ROWS

    if request.method == "POST" and "confirm" in request.POST:
        content = request.session.pop(IMPORT_SESSION_KEY, None)
        if content is None:
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect("employers:import")
        result = imports.import_csv(
            actor=request.user, content=content, dry_run=False, limit=web_limit
        )
        failed = [row for row in result.rows if not row.ok]
        return render(
            request, "employers/import_result.html", {"result": result, "failed_rows": failed}
        )
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(IMPORT_SESSION_KEY, None)
        return redirect("employers:import")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"]
        result = imports.import_csv(
            actor=request.user, content=content, dry_run=True, limit=web_limit
        )
        if result.can_import:
            request.session[IMPORT_SESSION_KEY] = content
        return render(request, "employers/import_preview.html", {"result": result})
    return render(
        request,
        "employers/import.html",
        {"form": form, "columns": imports.COLUMNS},
        status=form_status(form),
    )
