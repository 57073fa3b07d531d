"""Forms of the registration flow (issue 4 fills this in)."""

from django import forms


class RegistrationForm(forms.Form):
    pass
