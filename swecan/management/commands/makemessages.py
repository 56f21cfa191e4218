from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # swecan.rules is pure Python: it marks plural message ids with `Plural(singular, plural, n)`.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=Plural:1,2"]
