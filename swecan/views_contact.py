"""The chair and vice chair of the partnership and how to reach them (§ 7, R12)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from swecan import contacts
from swecan.forms import ChairContactForm
from swecan.models import ChairContact
from swecan.permissions import kansli_required
from swecan.public_cache import public_page


@public_page
def contact(request):
    from django.utils import timezone

    from nominations.seats import officers_on

    # Both chairs' contact details are published (§ 7): the partnership's, and the AU's elected ones.
    officers = [officer for officer in officers_on(timezone.localdate()).values() if officer is not None]
    return render(request, "swecan/contact.html", {"contacts": contacts.chair_contacts(),
                                                   "committee_officers": officers})


@kansli_required
def chair_contact_edit(request, role):
    instance = ChairContact.objects.filter(role=role).first()
    form = ChairContactForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        contacts.chair_contact_save(role=role, by=request.user, **form.cleaned_data)
        messages.success(request, _("Kontaktuppgifterna är publicerade."))
        return redirect("contact")
    last_change = instance.history.select_related("history_user").first() if instance else None
    return render(request, "swecan/kansli_chair_contact.html", {
        "form": form, "role_label": ChairContact.Role(role).label, "last_change": last_change,
    })
