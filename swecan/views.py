from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from swecan.arbetsordning import version_in_force
from swecan.models import RulesOfProcedure
from swecan.public_cache import public_page


@public_page
def home(request):
    from partnership.models import Partner

    return render(request, "home.html", {"partner_count": Partner.objects.public().count()})


@public_page
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
    from partnership.access import acting_representative
    from partnership.bodies import is_committee_member
    from swecan import dashboard as needs

    rep = acting_representative(request.user)
    context = {"rep": rep, "committee_member": is_committee_member(request.user)}
    if context["committee_member"]:
        from nominations.seats import mandates_of

        context["committee_mandates"] = mandates_of(request.user)
    if request.user.is_kansli:
        context["kansli"] = needs.kansli_tasks()
        context["outbox_problems"] = context["kansli"].outbox_problems
    else:
        context["mine"] = needs.representative_tasks(request.user, rep)
    return render(request, "dashboard.html", context)


@login_required
def email_change_closed(request):
    return render(request, "account/email_change_closed.html", status=403)
