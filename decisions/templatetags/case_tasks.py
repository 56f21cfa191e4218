"""`{% load case_tasks %}{% cases_waiting rep as waiting %}`: what waits for a representative's
partner among the cases (co-signing requests, open consultations), for the dashboard."""

from django import template

from decisions import services

register = template.Library()


@register.simple_tag
def cases_waiting(rep):
    """{"cosign_requests": n, "consultations": n, "total": n} for the partner of `rep`; None without one."""
    if rep is None:
        return None
    waiting = services.waiting_for_partner(rep.partner)
    return {**waiting, "total": sum(waiting.values())}
