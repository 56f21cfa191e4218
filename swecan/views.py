from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from swecan.arbetsordning import version_in_force
from swecan.models import RulesOfProcedure


def home(request):
    return render(request, "home.html")


def rules_of_procedure(request, number=None):
    versions = list(RulesOfProcedure.objects.only("number", "effective_from"))
    if number is None:
        version = version_in_force()
    else:
        version = RulesOfProcedure.objects.filter(number=number).first()
        if version is None:
            raise Http404
    return render(
        request,
        "rules_of_procedure.html",
        {"version": version, "versions": versions, "in_force": version_in_force()},
    )


@login_required
def dashboard(request):
    from partnership.services import representative_for

    context = {"rep": representative_for(request.user)}
    if request.user.is_kansli:
        from outbox.services import problems

        context["outbox_problems"] = problems().count()
    return render(request, "dashboard.html", context)


@login_required
def email_change_closed(request):
    return render(request, "account/email_change_closed.html", status=403)
