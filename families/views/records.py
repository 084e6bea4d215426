"""The family record: registration, the record page, and the screens that change it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.area_selectors import postcode_area
from centres.models import Centre, User
from centres.postcodes import InvalidPostcode
from centres.roles import Role, sees_personal_data, sees_restricted_fields
from families.cases.selectors import family_cases
from families.forms import (
    AdultForm,
    AdultFormSet,
    ChildForm,
    ChildFormSet,
    ConsentForm,
    HouseholdForm,
    MoveForm,
    RegistrationForm,
    TargetGroupForm,
)
from families.models import RESTRICTED_GROUPS, Adult, Child, Consent, FamilyTargetGroup
from families.selectors import family_get_for_user, family_list, family_record, family_view
from families.services.merge import family_successor_id, may_merge_families
from families.services.people import (
    adult_add,
    adult_update,
    child_add,
    child_update,
    consent_record,
    consent_withdraw,
)
from families.services.registration import AddressInput, family_move, family_register, family_update
from families.target_groups import target_group_end, target_group_record
from services.models import DropInVisit
from services.sessions import drop_in_convert


@role_required(sees_personal_data)
def family_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(family_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "families/family_list.html", {"page_obj": page, "query_string": ""})


def _filled(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows the person filled in (untouched spare rows are left out)."""
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


def _registration_date(request: HttpRequest) -> date:
    try:
        return forms.DateField().clean(request.POST.get("registration_date")) or timezone.localdate()
    except ValidationError:
        return timezone.localdate()


def _address(cleaned: dict[str, Any]) -> AddressInput:
    return AddressInput(
        line_1=cleaned["line_1"], line_2=cleaned["line_2"], town=cleaned["town"], postcode=cleaned["postcode"]
    )


@role_required(sees_personal_data)
def family_register_view(request: HttpRequest) -> HttpResponse:
    centres = Centre.objects.for_user(request.user).open()
    data = request.POST or None
    visit = _drop_in(request, request.POST.get("drop_in") or request.GET.get("drop_in"))
    initial = {}
    if visit is not None:
        initial = {"drop_in": visit.pk, "postcode": visit.postcode, "centre": visit.session.centre}
    form = RegistrationForm(data, centres=centres, initial=initial)
    restricted = sees_restricted_fields(request.user)
    adults = AdultFormSet(data, prefix="adults", initial=_drop_in_people(visit, "adult"))
    on = _registration_date(request) if data else timezone.localdate()
    children = ChildFormSet(
        data,
        prefix="children",
        form_kwargs={"on": on, "restricted": restricted},
        initial=_drop_in_people(visit, "child"),
    )
    suggestions = None
    if request.method == "POST" and form.is_valid() and adults.is_valid() and children.is_valid():
        suggestions = _duplicate_suggestions(request, form, _filled(adults), _filled(children))
        if suggestions is None or form.cleaned_data["not_a_duplicate"]:
            try:
                family = family_register(
                    user=request.user,
                    centre=form.cleaned_data["centre"],
                    address=_address(form.cleaned_data),
                    adults=_filled(adults),
                    children=_filled(children),
                    consents=form.cleaned_data["consents"],
                    registration_date=form.cleaned_data["registration_date"],
                    temporary_accommodation=form.cleaned_data["temporary_accommodation"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if visit is not None:
                    drop_in_convert(user=request.user, visit=visit, family=family, request=request)
                messages.success(request, f"Family {family.reference} registered")
                return redirect("families:detail", pk=family.pk)
    return render(
        request,
        "families/register.html",
        {"form": form, "adults": adults, "children": children, "suggestions": suggestions},
    )


def _drop_in(request: HttpRequest, value: str | None) -> DropInVisit | None:
    """The drop-in visit being turned into a registration, if it is one of the user's centres'."""
    if not value or not value.isdigit():
        return None
    return (
        DropInVisit.objects.filter(
            pk=int(value),
            converted_family__isnull=True,
            session__centre__in=Centre.objects.for_user(request.user),
        )
        .select_related("session__centre")
        .first()
    )


def _drop_in_people(visit: DropInVisit | None, who: str) -> list[dict[str, Any]]:
    if visit is None:
        return []
    if who == "adult":
        first, _, last = visit.carer_name.partition(" ")
        return [{"first_name": first, "last_name": last}]
    return [{"first_name": visit.child_name}] if visit.child_name else []


def _duplicate_suggestions(
    request: HttpRequest, form: RegistrationForm, adults: list[dict[str, Any]], children: list[dict[str, Any]]
) -> Any:
    """Likely existing records of the people being registered, or None when there are none."""
    try:
        from families.duplicates import duplicate_candidates
    except ImportError:  # the duplicates module arrives with its own change
        return None
    found: dict[int, Any] = {}
    elsewhere = 0
    for person in [*children, *adults]:
        result = duplicate_candidates(
            user=request.user,
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
            date_of_birth=person.get("date_of_birth"),
            nhs_number=person.get("nhs_number", ""),
            postcode=form.cleaned_data["postcode"],
        )
        for match in result.matches:
            found.setdefault(match.family.pk, match)
        elsewhere = max(elsewhere, result.elsewhere)
    if not found and not elsewhere:
        return None
    return {"matches": sorted(found.values(), key=lambda m: -m.score), "elsewhere": elsewhere}


@role_required(sees_personal_data)
def postcode_lookup(request: HttpRequest) -> HttpResponse:
    """The fragment under the postcode box: in area, out of area, or not found (htmx)."""
    area = None
    error = ""
    try:
        area = postcode_area(postcode=request.GET.get("postcode", ""))
    except InvalidPostcode as exc:
        error = str(exc)
    centres = list(Centre.objects.for_user(request.user).values_list("pk", flat=True))
    return render(
        request,
        "families/includes/postcode_result.html",
        {"area": area, "error": error, "own_area": bool(area and area.centre and area.centre.pk in centres)},
    )


@role_required(sees_personal_data)
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    successor = family_successor_id(user=request.user, pk=pk)
    if successor:  # an old link to a record that was merged into another
        return redirect("families:detail", pk=successor)
    family = family_view(user=request.user, pk=pk, request=request)
    context = family_record(user=request.user, family=family)
    context["may_merge"] = may_merge_families(request.user)
    context["cases"] = family_cases(family=family)
    return render(request, "families/family_detail.html", context)


def _staff_of(centres: Any) -> Any:
    return User.objects.filter(centres__in=centres, is_active=True, role__in=[Role.WORKER, Role.MANAGER]).distinct()


@role_required(sees_personal_data)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    centres = Centre.objects.for_user(request.user).open()
    initial = {
        "registered_centre": family.registered_centre,
        "key_worker": family.key_worker,
        "temporary_accommodation": family.temporary_accommodation,
        "version": family.version,
    }
    form = HouseholdForm(request.POST or None, initial=initial, centres=centres, staff=_staff_of(centres))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            changed = family_update(
                user=request.user,
                family=family,
                data=data,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Household saved" if changed else "Nothing was changed")
            return redirect("families:detail", pk=family.pk)
    return render(request, "families/edit.html", {"form": form, "family": family, "heading": "Change the household"})


@role_required(sees_personal_data)
def family_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    form = MoveForm(request.POST or None, initial={"version": family.version, "moved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            family_move(
                user=request.user,
                family=family,
                address=_address(form.cleaned_data),
                moved_on=form.cleaned_data["moved_on"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("moved_on" if "moved_on" in getattr(error, "error_dict", {}) else None, error)
        else:
            messages.success(request, "New address saved; the old one is kept in the address history")
            return redirect("families:detail", pk=family.pk)
    return render(request, "families/edit.html", {"form": form, "family": family, "heading": "The family has moved"})


def _person_view(
    request: HttpRequest, family_pk: int, pk: int | None, *, model: type[Adult] | type[Child]
) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    person = get_object_or_404(model, family=family, pk=pk) if pk is not None else None
    restricted = sees_restricted_fields(request.user)
    form_class = AdultForm if model is Adult else ChildForm
    kwargs: dict[str, Any] = {"instance": person or model(family=family)}
    if model is Child:
        kwargs.update(restricted=restricted)
    form = form_class(request.POST or None, **kwargs)
    form.helper.form_tag = True
    from crispy_forms_gds.layout import Button

    form.helper.layout.append(Button("submit", "Save"))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if model is Adult:
                if person is None:
                    adult_add(user=request.user, family=family, data=data, request=request)
                else:
                    adult_update(user=request.user, adult=person, data=data, request=request)  # type: ignore[arg-type]
            elif person is None:
                child_add(user=request.user, family=family, data=data, request=request)
            else:
                child_update(user=request.user, child=person, data=data, request=request)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, "Changes saved")
            return redirect("families:detail", pk=family.pk)
    noun = "carer" if model is Adult else "child"
    heading = f"Add a {noun}" if person is None else f"Change {person}'s details"
    return render(request, "families/edit.html", {"form": form, "family": family, "heading": heading})


@role_required(sees_personal_data)
def adult_edit(request: HttpRequest, family_pk: int, pk: int | None = None) -> HttpResponse:
    return _person_view(request, family_pk, pk, model=Adult)


@role_required(sees_personal_data)
def child_edit(request: HttpRequest, family_pk: int, pk: int | None = None) -> HttpResponse:
    return _person_view(request, family_pk, pk, model=Child)


@role_required(sees_personal_data)
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    form = ConsentForm(request.POST or None, adults=family.adults.all())
    if request.method == "POST" and form.is_valid():
        consent_record(
            user=request.user,
            family=family,
            purpose=form.cleaned_data["purpose"],
            agreed=form.cleaned_data["agreed"],
            given_by=form.cleaned_data["given_by"],
            request=request,
        )
        messages.success(request, "Consent recorded")
        return redirect("families:detail", pk=family.pk)
    return render(request, "families/edit.html", {"form": form, "family": family, "heading": "Record consent"})


@role_required(sees_personal_data)
@require_POST
def consent_withdraw_view(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    consent = get_object_or_404(Consent, family=family, pk=consent_pk)
    consent_withdraw(user=request.user, consent=consent, request=request)
    messages.success(request, f"Consent withdrawn: {consent.get_purpose_display()}")
    return redirect("families:detail", pk=family.pk)


@role_required(sees_personal_data)
def target_groups_view(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    restricted = sees_restricted_fields(request.user)
    form = TargetGroupForm(request.POST or None, restricted=restricted)
    if request.method == "POST" and "end" in request.POST:
        membership = get_object_or_404(
            FamilyTargetGroup, family=family, pk=request.POST["end"] if request.POST["end"].isdigit() else 0
        )
        try:
            target_group_end(user=request.user, membership=membership, ended_on=timezone.localdate(), request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Ended: {membership.get_group_display()}")
        return redirect("families:target_groups", pk=family.pk)
    if request.method == "POST" and form.is_valid():
        try:
            target_group_record(user=request.user, family=family, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Target group recorded")
            return redirect("families:detail", pk=family.pk)
    recorded = [
        row
        for row in family.target_groups.filter(source=FamilyTargetGroup.Source.RECORDED, ended_on__isnull=True)
        if restricted or row.group not in RESTRICTED_GROUPS
    ]
    return render(request, "families/target_groups.html", {"family": family, "form": form, "recorded": recorded})


urlpatterns = [
    path("", family_index, name="list"),
    path("register/", family_register_view, name="register"),
    path("postcode/", postcode_lookup, name="postcode_lookup"),
    path("<int:pk>/", family_detail, name="detail"),
    path("<int:pk>/household/", household_edit, name="household_edit"),
    path("<int:pk>/move/", family_move_view, name="move"),
    path("<int:family_pk>/carers/add/", adult_edit, name="adult_add"),
    path("<int:family_pk>/carers/<int:pk>/edit/", adult_edit, name="adult_edit"),
    path("<int:family_pk>/children/add/", child_edit, name="child_add"),
    path("<int:family_pk>/children/<int:pk>/edit/", child_edit, name="child_edit"),
    path("<int:pk>/consent/", consent_add, name="consent_add"),
    path("<int:pk>/groups/", target_groups_view, name="target_groups"),
    path("<int:pk>/consent/<int:consent_pk>/withdraw/", consent_withdraw_view, name="consent_withdraw"),
]
