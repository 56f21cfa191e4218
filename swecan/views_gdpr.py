"""The kansli's pages for personal data on request (GDPR)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partnership.models import Representative
from swecan import gdpr
from swecan.models import User
from swecan.permissions import kansli_required

logger = logging.getLogger(__name__)


@kansli_required
def person_list(request):
    query = request.GET.get("q", "").strip()
    people = User.objects.select_related("pseudonymisation").prefetch_related(
        Prefetch("representations", queryset=Representative.objects.filter(active=True)
                 .select_related("partner"), to_attr="active_representations")
    ).order_by("full_name", "email")
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return render(request, "swecan/kansli_people.html", {"people": people, "query": query})


@kansli_required
def person_export(request, pk):
    user = get_object_or_404(User, pk=pk)
    logger.info("Personuppgifter för konto %s exporterade av konto %s", user.pk, request.user.pk)
    response = JsonResponse(gdpr.person_export(user), encoder=DjangoJSONEncoder,
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="swecan-personuppgifter-{user.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@kansli_required
def person_pseudonymise(request, pk):
    user = get_object_or_404(User, pk=pk)
    refusal = gdpr.pseudonymise_refusal(user)
    if request.method == "POST" and refusal is None:
        try:
            record = gdpr.person_pseudonymise(by=request.user, user=user)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        else:
            messages.success(request, _("Personen heter nu %(pseudonym)s i portalen och kontot kan inte "
                                        "längre användas.") % {"pseudonym": record.pseudonym})
            return redirect("kansli_person_list")
    return render(request, "swecan/kansli_pseudonymise.html", {
        "person": user, "refusal": refusal,
        "preview": gdpr.pseudonymise_preview(user) if refusal is None else None,
    }, status=400 if request.method == "POST" else 200)
