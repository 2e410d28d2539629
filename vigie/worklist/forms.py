from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.worklist.models import AlertRule


class AlertRuleForm(forms.Form):
    kind = forms.ChoiceField(choices=AlertRule.Kind.choices, widget=forms.HiddenInput)
    days = forms.IntegerField(label=_("Late after (days)"), min_value=1, max_value=3650)
    enabled = forms.BooleanField(label=_("Flag as late"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
