"""Names of the engine's findings, statuses and elements, in the user's language."""

from django.utils.translation import gettext_lazy as _

FINDINGS = {
    "established": _("Established"),
    "possible": _("Possible"),
    "not_established": _("Not established"),
}
STATUSES = {
    "met": _("met"),
    "not_met": _("not met"),
    "unknown": _("unknown"),
    "not_required": _("not required"),
}
ELEMENTS = {
    "act": _("Act"),
    "means": _("Means"),
    "purpose": _("Purpose of exploitation"),
    "illegal_entry": _("Illegal entry"),
    "not_national_or_resident": _("Not a national or permanent resident of the State entered"),
    "procurement": _("Entry procured by the suspect"),
    "benefit": _("Financial or other material benefit sought"),
}
OFFENCES = {
    "fraudulent_document": _("Fraudulent travel or identity document (SOM Protocol art. 6(1)(b))"),
    "enabling_illegal_stay": _("Enabling illegal stay (SOM Protocol art. 6(1)(c))"),
}
AGGRAVATING = {
    "life_or_safety_endangered": _("The migrants' lives or safety were endangered"),
    "inhuman_or_degrading_treatment": _("Inhuman or degrading treatment"),
}
