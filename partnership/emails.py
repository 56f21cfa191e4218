"""What an invitation e-mail says, as plain values for `emails/invitation-*` templates.

The text is the portal's. A representative who invites a deputy typed the person's
name and maybe a note: the e-mail never opens with their words (it goes out from the
kansli's address), and their note is quoted as theirs, under their name.
"""

from partnership.models import Invitation, Representative


def invitation_email_context(invitation: Invitation, link: str) -> dict:
    partner = invitation.partner
    by_kansli = invitation.sent_by.is_kansli
    inviter = None
    if not by_kansli:
        rep = Representative.objects.filter(user=invitation.sent_by, partner=partner).first()
        inviter = f"{rep.name if rep else invitation.sent_by.get_full_name()}, {partner.name}"
    return {
        "partner_name": partner.name,
        "deputy": invitation.role == Representative.Role.DEPUTY,
        # The kansli's own invitations greet by name; a representative's typed name is not
        # the portal's to say, so their invitations greet no one in particular.
        "greeting_name": invitation.name if by_kansli else "",
        "invitee_email": invitation.email,
        "inviter": inviter,
        "note_lines": invitation.note.splitlines() if inviter and invitation.note.strip() else [],
        "link": link,
        "expires_on": invitation.expires_at,
    }
