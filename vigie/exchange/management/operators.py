import os
import pwd

from django.utils.translation import gettext as _


def system_account() -> str:
    # The account of the process, not $USER or $LOGNAME (getpass reads those first): anyone can set them.
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # no name for this uid (a container's): its number
        return str(os.getuid())


def command_line_operator() -> str:
    """Who ran a command, for its audit event: with --as, the vigie user it acts as is another person."""
    return _("%(account)s (command line)") % {"account": system_account()}
