from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits), or, where allowed, a backup code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )

    def __init__(self, *args: object, app_only: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.app_only = app_only
        if app_only:
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if self.app_only and not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return code
