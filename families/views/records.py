from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from centres.access import role_required
from centres.roles import sees_personal_data
from families.forms import ChildForm
from families.selectors import child_get_for_user, family_list, family_view
from families.services.people import child_update


@role_required(sees_personal_data)
def family_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(family_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "families/family_list.html", {"page_obj": page, "query_string": ""})


@role_required(sees_personal_data)
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_view(user=request.user, pk=pk, request=request)
    return render(request, "families/family_detail.html", {"family": family})


@role_required(sees_personal_data)
def child_edit(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    child = child_get_for_user(user=request.user, family_pk=family_pk, pk=pk)
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        changed = child_update(user=request.user, child=child, data=form.cleaned_data, request=request)
        messages.success(request, "Changes saved" if changed else "Nothing was changed")
        return redirect("families:detail", pk=family_pk)
    return render(request, "families/child_form.html", {"form": form, "child": child})


urlpatterns = [
    path("", family_index, name="list"),
    path("<int:pk>/", family_detail, name="detail"),
    path("<int:family_pk>/children/<int:pk>/edit/", child_edit, name="child_edit"),
]
